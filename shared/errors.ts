// One error vocabulary for every boundary (page ↔ content ↔ service worker ↔ host).
// Codes are stable strings; messages say in Dutch first, then English, what the user can do next.

export type ErrorGroup = 'health' | 'card' | 'user' | 'security' | 'developer';

interface ErrorDefinition {
  readonly group: ErrorGroup;
  readonly nl: string;
  readonly en: string;
}

export const ERRORS = {
  // developer: a caller sent something wrong
  BAD_REQUEST: {
    group: 'developer',
    nl: 'Het verzoek is ongeldig. Meld dit aan de leverancier van de toepassing.',
    en: 'The request is invalid. Report this to the application supplier.',
  },
  UNKNOWN_COMMAND: {
    group: 'developer',
    nl: 'Deze opdracht kent de ZORG-ID Companion niet. Werk de extensie en de kaarthulp bij.',
    en: 'ZORG-ID Companion does not know this command. Update the extension and the card helper.',
  },
  MESSAGE_TOO_LARGE: {
    group: 'developer',
    nl: 'Het bericht is te groot. Meld dit aan de leverancier van de toepassing.',
    en: 'The message is too large. Report this to the application supplier.',
  },
  // health: the workstation is not set up right
  HOST_NOT_INSTALLED: {
    group: 'health',
    nl: 'De kaarthulp (ZORG-ID Companion host) is niet geïnstalleerd. Installeer hem of bel de helpdesk.',
    en: 'The card helper (ZORG-ID Companion host) is not installed. Install it or call the helpdesk.',
  },
  HOST_INCOMPATIBLE: {
    group: 'health',
    nl: 'De extensie en de kaarthulp passen niet bij elkaar. Werk de oudste van de twee bij.',
    en: 'The extension and the card helper do not match. Update the older of the two.',
  },
  HOST_DISCONNECTED: {
    group: 'health',
    nl: 'De verbinding met de kaarthulp is verbroken. Probeer het opnieuw.',
    en: 'The connection to the card helper was lost. Try again.',
  },
  HOST_FORBIDDEN: {
    group: 'health',
    nl: 'De browser weigert de kaarthulp: de registratie noemt een andere extensie. Installeer de kaarthulp opnieuw of bel de helpdesk.',
    en: 'The browser refuses the card helper: its registration names another extension. Reinstall the card helper or call the helpdesk.',
  },
  HOST_EXITED: {
    group: 'health',
    nl: 'De kaarthulp start niet (het startbestand of Node.js ontbreekt of is niet uitvoerbaar). Installeer de kaarthulp opnieuw of bel de helpdesk.',
    en: 'The card helper does not start (its launcher or Node.js is missing or not executable). Reinstall the card helper or call the helpdesk.',
  },
  HOST_OUTPUT_INVALID: {
    group: 'health',
    nl: 'De kaarthulp stuurt onleesbare berichten naar de browser. Installeer de kaarthulp opnieuw of bel de helpdesk.',
    en: 'The card helper sends unreadable messages to the browser. Reinstall the card helper or call the helpdesk.',
  },
  PCSC_UNAVAILABLE: {
    group: 'health',
    nl: 'De smartcardservice (PC/SC) draait niet. Start de computer opnieuw op of bel de helpdesk.',
    en: 'The smart card service (PC/SC) is not running. Restart the computer or call the helpdesk.',
  },
  NO_READER: {
    group: 'health',
    nl: 'Geen kaartlezer gevonden. Sluit de kaartlezer aan en probeer het opnieuw.',
    en: 'No card reader found. Connect the card reader and try again.',
  },
  PKCS11_MODULE_NOT_FOUND: {
    group: 'health',
    nl: 'De kaartsoftware (SafeSign) is niet gevonden. Installeer de UZI-pas middleware of bel de helpdesk.',
    en: 'The card software (SafeSign) was not found. Install the UZI-pas middleware or call the helpdesk.',
  },
  PKCS11_MODULE_LOAD_FAILED: {
    group: 'health',
    nl: 'De kaartsoftware (PKCS#11-module) is gevonden maar laadt niet. Installeer de UZI-pas middleware opnieuw of bel de helpdesk.',
    en: 'The card software (PKCS#11 module) was found but does not load. Reinstall the UZI-pas middleware or call the helpdesk.',
  },
  // card: the card itself
  NO_CARD: {
    group: 'card',
    nl: 'Geen kaart in de lezer. Steek uw UZI-pas in de kaartlezer.',
    en: 'No card in the reader. Insert your UZI-pas into the card reader.',
  },
  CARD_REMOVED: {
    group: 'card',
    nl: 'De kaart is verwijderd. Steek uw UZI-pas terug en probeer het opnieuw.',
    en: 'The card was removed. Insert your UZI-pas again and try again.',
  },
  UNSUPPORTED_CARD: {
    group: 'card',
    nl: 'Dit type UZI-pas kan hier niet gebruikt worden. Gebruik een zorgverlenerpas (Z) of medewerkerpas op naam (N).',
    en: 'This type of UZI-pas cannot be used here. Use a zorgverlenerpas (Z) or a medewerkerpas op naam (N).',
  },
  NOT_A_UZI_CARD: {
    group: 'card',
    nl: 'Deze kaart is geen UZI-pas. Steek uw UZI-pas in de kaartlezer.',
    en: 'This card is not a UZI-pas. Insert your UZI-pas into the card reader.',
  },
  CERTIFICATE_EXPIRED: {
    group: 'card',
    nl: 'Uw UZI-pas is verlopen. Vraag een nieuwe pas aan bij het UZI-register.',
    en: 'Your UZI-pas has expired. Request a new card from the UZI-register.',
  },
  CERTIFICATE_REVOKED: {
    group: 'card',
    nl: 'Uw UZI-pas is ingetrokken. Vraag een nieuwe pas aan bij het UZI-register.',
    en: 'Your UZI-pas has been revoked. Request a new card from the UZI-register.',
  },
  // user: something the user did or must do
  PIN_INCORRECT: {
    group: 'user',
    nl: 'De pincode is onjuist. Probeer het opnieuw.',
    en: 'The PIN is incorrect. Try again.',
  },
  PIN_LAST_TRY: {
    group: 'user',
    nl: 'U heeft nog één poging. Bij een verkeerde pincode wordt uw pas geblokkeerd. Bevestig dat u het wilt proberen.',
    en: 'One try left. A wrong PIN blocks your card. Confirm that you want to try.',
  },
  PIN_BLOCKED: {
    group: 'user',
    // Menu name and the three-PUK limit as the UZI-register words them (issue 17 point 5).
    nl: 'Uw UZI-pas is geblokkeerd. Deblokkeer hem met de PUK-code uit uw pincodebrief in SafeSign Standaard → Token Administratie. Let op: na drie foute PUK-codes is de pas voorgoed geblokkeerd; vraag dan het UZI-register om een nieuwe pas.',
    en: 'Your UZI-pas is blocked. Unblock it with the PUK from your PIN letter in SafeSign Standaard → Token Administratie. Careful: three wrong PUKs block the card for good; then ask the UZI-register for a new card.',
  },
  CANCELLED: {
    group: 'user',
    nl: 'Geannuleerd.',
    en: 'Cancelled.',
  },
  BUSY: {
    group: 'user',
    nl: 'De kaart is bezig met een ander verzoek. Wacht even en probeer het opnieuw.',
    en: 'The card is busy with another request. Wait a moment and try again.',
  },
  TIMEOUT: {
    group: 'health',
    nl: 'De kaart reageert niet. Haal de pas uit de lezer, steek hem terug en probeer het opnieuw.',
    en: 'The card does not respond. Remove the card, insert it again and try again.',
  },
  // security
  ORIGIN_NOT_ALLOWED: {
    group: 'security',
    nl: 'Deze website mag uw UZI-pas niet gebruiken. Log in via het ZORG-ID Portaal, of vraag uw IT-beheerder deze site toe te staan.',
    en: 'This website may not use your UZI-pas. Log in through the ZORG-ID Portal, or ask your IT administrator to allow this site.',
  },
  INTERNAL: {
    group: 'developer',
    nl: 'Er ging iets mis in de ZORG-ID Companion. Probeer het opnieuw of bel de helpdesk.',
    en: 'Something went wrong in ZORG-ID Companion. Try again or call the helpdesk.',
  },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof ERRORS;

export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERRORS, value);
}

/** The wire form of an error, the same across every boundary. */
export interface WireError {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export type Language = 'nl' | 'en';

export function errorMessage(code: ErrorCode, language: Language = 'nl'): string {
  return ERRORS[code][language];
}

/** An error that carries its code across boundaries intact. */
export class CompanionError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message?: string, details?: Record<string, unknown>) {
    super(message ?? errorMessage(code, 'en'));
    this.name = 'CompanionError';
    this.code = code;
    this.details = details;
  }

  toWire(): WireError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static fromWire(wire: WireError): CompanionError {
    return new CompanionError(wire.code, wire.message, wire.details);
  }
}
