// Titles and "what to do next" texts of the checks. Dutch first, short, for the person at the
// workstation; the helpdesk reads the same words on the phone.
import { ERRORS, type ErrorCode } from '../errors.js';
import type { CheckId, CheckStatus, LocalText } from './types.js';

export function localText(nl: string, en: string = nl): LocalText {
  return { nl, en };
}

export function errorText(code: ErrorCode): LocalText {
  return { nl: ERRORS[code].nl, en: ERRORS[code].en };
}

export const CHECK_TITLES: Readonly<Record<CheckId, LocalText>> = {
  browser: { nl: 'Browser', en: 'Browser' },
  extension: { nl: 'Extensie en beleid', en: 'Extension and policy' },
  'host-installation': { nl: 'Kaarthulp geregistreerd', en: 'Card helper registered' },
  policy: { nl: 'Beleidsbestanden', en: 'Policy files' },
  host: { nl: 'Kaarthulp', en: 'Card helper' },
  pcsc: { nl: 'Smartcardservice (PC/SC)', en: 'Smart card service (PC/SC)' },
  readers: { nl: 'Kaartlezer', en: 'Card reader' },
  card: { nl: 'Kaart', en: 'Card' },
  certificates: { nl: 'Certificaten', en: 'Certificates' },
  pin: { nl: 'Pincode', en: 'PIN' },
  pkcs11: { nl: 'Kaartsoftware (PKCS#11)', en: 'Card software (PKCS#11)' },
  origin: { nl: 'Deze website', en: 'This website' },
  guide: { nl: 'Registratiegids', en: 'Registration guide' },
  events: { nl: 'Laatste gebeurtenissen', en: 'Recent events' },
};

export const STATUS_LABELS: Readonly<Record<CheckStatus, LocalText>> = {
  pass: { nl: 'in orde', en: 'ok' },
  warn: { nl: 'let op', en: 'warning' },
  fail: { nl: 'probleem', en: 'problem' },
  skip: { nl: 'overgeslagen', en: 'skipped' },
};

/** Codes whose fix every check can rely on (the type makes a missing one a compile error). */
export const FIXED_CODES = [
  'HOST_NOT_INSTALLED',
  'HOST_INCOMPATIBLE',
  'HOST_DISCONNECTED',
  'HOST_FORBIDDEN',
  'HOST_EXITED',
  'HOST_OUTPUT_INVALID',
  'TIMEOUT',
  'PCSC_UNAVAILABLE',
  'NO_READER',
  'NO_CARD',
  'CARD_REMOVED',
  'NOT_A_UZI_CARD',
  'UNSUPPORTED_CARD',
  'CERTIFICATE_EXPIRED',
  'PIN_BLOCKED',
  'PIN_LAST_TRY',
  'PKCS11_MODULE_NOT_FOUND',
  'PKCS11_MODULE_LOAD_FAILED',
  'CERTIFICATE_REVOKED',
  'ORIGIN_NOT_ALLOWED',
] as const;

type FixKey =
  | ErrorCode
  | 'browserOutdated'
  | 'policyInvalid'
  | 'localSettingsInvalid'
  | 'browserChecksInstallation'
  | 'noBrowserFound'
  | 'installHost'
  | 'updateHost'
  | 'updateExtension'
  | 'certificateExpiresSoon'
  | 'certificateNotYetValid'
  | 'recentErrors'
  | 'pkcs11PathWrong'
  | 'pkcs11BrowserOnly'
  | 'revocationUnknown'
  | 'originBlockedByPolicy';

export const FIXES: Readonly<Partial<Record<FixKey, LocalText>>> & {
  readonly [K in Exclude<FixKey, ErrorCode>]: LocalText;
} & { readonly [K in (typeof FIXED_CODES)[number]]: LocalText } = {
  browserOutdated: localText(
    'Werk de browser bij naar de nieuwste versie (of vraag de helpdesk).',
    'Update the browser to the latest version (or ask the helpdesk).',
  ),
  policyInvalid: localText(
    'Vraag uw ICT-beheerder het browserbeleid van ZORG-ID Companion te corrigeren; de genoemde waarden worden genegeerd.',
    'Ask your IT administrator to correct the ZORG-ID Companion browser policy; the values named are ignored.',
  ),
  localSettingsInvalid: localText(
    'Zet de instellingen van de extensie terug naar de standaard.',
    'Reset the extension settings to their defaults.',
  ),
  browserChecksInstallation: localText(
    'De browser bepaalt zelf of de kaarthulp gevonden wordt: zie de controle Kaarthulp.',
    'The browser itself decides whether it finds the card helper: see the Card helper check.',
  ),
  noBrowserFound: localText(
    'Geen ondersteunde browser gevonden voor deze gebruiker (Chrome, Chromium, Edge, Brave, Firefox).',
    'No supported browser found for this user (Chrome, Chromium, Edge, Brave, Firefox).',
  ),
  installHost: localText(
    "Installeer de kaarthulp opnieuw: 'zorgid-companion install-host' (of vraag de helpdesk), en start de browser opnieuw.",
    "Reinstall the card helper: 'zorgid-companion install-host' (or ask the helpdesk), and restart the browser.",
  ),
  updateHost: localText(
    'Werk de kaarthulp (ZORG-ID Companion host) bij naar de versie van de extensie.',
    'Update the card helper (ZORG-ID Companion host) to the extension’s version.',
  ),
  updateExtension: localText(
    'Werk de extensie ZORG-ID Companion bij naar de versie van de kaarthulp.',
    'Update the ZORG-ID Companion extension to the card helper’s version.',
  ),
  certificateExpiresSoon: localText(
    'Uw UZI-pas verloopt binnenkort. Vraag nu een nieuwe pas aan bij het UZI-register: dat duurt enkele weken.',
    'Your UZI-pas expires soon. Request a new card from the UZI-register now: it takes a few weeks.',
  ),
  certificateNotYetValid: localText(
    'De pas is nog niet geldig. Controleer de datum en tijd van de computer, of wacht tot de ingangsdatum.',
    'The card is not valid yet. Check the computer’s date and time, or wait for the start date.',
  ),
  recentErrors: localText(
    'Voer de stap opnieuw uit. Blijft de fout terugkomen, maak dan een supportrapport en bel de helpdesk.',
    'Retry the step. If the error keeps coming back, make a support report and call the helpdesk.',
  ),
  HOST_NOT_INSTALLED: localText(
    "Installeer de kaarthulp (ZORG-ID Companion host, 'zorgid-companion install-host') en start de browser opnieuw. Lukt dat niet, bel de helpdesk.",
    "Install the card helper (ZORG-ID Companion host, 'zorgid-companion install-host') and restart the browser. If that fails, call the helpdesk.",
  ),
  HOST_FORBIDDEN: localText(
    "Helpdesk: de registratie van de kaarthulp noemt een ander extensie-id. Registreer hem opnieuw ('zorgid-companion install-host') zodat allowed_origins dit id noemt, en start de browser opnieuw.",
    "Helpdesk: the card helper's registration names another extension id. Register it again ('zorgid-companion install-host') so allowed_origins names this id, and restart the browser.",
  ),
  HOST_EXITED: localText(
    "Opnieuw proberen helpt niet. Helpdesk: start het startbestand uit de registratie (manifest 'path') met de hand; ontbreekt Node.js of is het bestand niet uitvoerbaar, installeer de kaarthulp opnieuw ('zorgid-companion install-host').",
    "Retrying does not help. Helpdesk: run the launcher named in the registration (manifest 'path') by hand; if Node.js is missing or the file is not executable, reinstall the card helper ('zorgid-companion install-host').",
  ),
  HOST_OUTPUT_INVALID: localText(
    'Helpdesk: iets anders dan de kaarthulp schrijft naar zijn uitvoer (bijvoorbeeld een aangepast startbestand). Installeer de kaarthulp opnieuw.',
    'Helpdesk: something other than the card helper writes to its output (e.g. an edited launcher). Reinstall the card helper.',
  ),
  PKCS11_MODULE_LOAD_FAILED: localText(
    'Helpdesk: het ingestelde bestand is geen werkende PKCS#11-module (zie de reden). Zet het juiste pad in het beleid of config.json, of installeer SafeSign Identity Client opnieuw.',
    'Helpdesk: the configured file is not a working PKCS#11 module (see the reason). Set the right path in the policy or config.json, or reinstall SafeSign Identity Client.',
  ),
  CERTIFICATE_REVOKED: localText(
    'Gebruik deze pas niet meer (er wordt geen pincode gevraagd). Vraag een nieuwe pas aan bij het UZI-register (uziregister.nl).',
    'Do not use this card any more (no PIN is asked). Request a new card from the UZI-register (uziregister.nl).',
  ),
  pkcs11PathWrong: localText(
    'Helpdesk: het ingestelde pad bestaat niet. Verbeter het pad in de bron die hierboven staat (beleid, ZORGID_PKCS11_MODULE of config.json), of verwijder de instelling zodat de standaardplaats van SafeSign geldt.',
    'Helpdesk: the configured path does not exist. Correct it at the source named above (policy, ZORGID_PKCS11_MODULE or config.json), or remove the setting so the SafeSign default applies.',
  ),
  pkcs11BrowserOnly: localText(
    'Let op: de browser start de kaarthulp met een andere omgeving dan deze terminal. Zet het pad in het beleid of in config.json, niet alleen in een omgevingsvariabele.',
    'Note: the browser starts the card helper with another environment than this terminal. Set the path in the policy or config.json, not only in an environment variable.',
  ),
  revocationUnknown: localText(
    'Of de pas is ingetrokken kon niet worden nagegaan. Controleer de internetverbinding en proxy; blijft dit zo, bel de helpdesk voordat u de pincode gebruikt.',
    'Whether the card is revoked could not be checked. Check the internet connection and proxy; if it stays so, call the helpdesk before using the PIN.',
  ),
  originBlockedByPolicy: localText(
    'Het beleid van uw organisatie blokkeert dit portaal. ICT-beheer: pas de genoemde beleidsinstelling van ZORG-ID Companion aan (allowedOrigins of sandboxAllowed).',
    "Your organisation's policy blocks this portal. IT administrator: change the ZORG-ID Companion policy setting named (allowedOrigins or sandboxAllowed).",
  ),
  HOST_INCOMPATIBLE: localText(
    'Werk de oudste van de twee bij: de extensie of de kaarthulp.',
    'Update the older of the two: the extension or the card helper.',
  ),
  HOST_DISCONNECTED: localText(
    "Klik op 'Opnieuw controleren'. Gebeurt dit vaker, installeer de kaarthulp opnieuw.",
    "Click 'Check again'. If it keeps happening, reinstall the card helper.",
  ),
  TIMEOUT: localText(
    "Haal de pas uit de lezer, steek hem terug en klik op 'Opnieuw controleren'.",
    "Remove the card, insert it again and click 'Check again'.",
  ),
  PCSC_UNAVAILABLE: localText(
    'Start de smartcardservice (Windows: service “Smartcard”; macOS: herstart; Linux: pcscd) of start de computer opnieuw op.',
    'Start the smart card service (Windows: “Smart Card” service; macOS: restart; Linux: pcscd) or restart the computer.',
  ),
  NO_READER: localText(
    'Sluit de kaartlezer aan. Brandt het lampje van de lezer niet, probeer een andere USB-poort (zonder USB-hub): de lezer krijgt dan geen stroom.',
    'Connect the card reader. If its light is off, try another USB port (no USB hub): the reader gets no power.',
  ),
  NO_CARD: localText(
    'Steek uw UZI-pas in de kaartlezer, met de chip naar voren, en klik op “Opnieuw controleren”.',
    'Insert your UZI-pas into the card reader, chip first, and click “Check again”.',
  ),
  CARD_REMOVED: localText(
    'Steek uw UZI-pas terug in de kaartlezer en klik op “Opnieuw controleren”.',
    'Insert your UZI-pas again and click “Check again”.',
  ),
  NOT_A_UZI_CARD: localText(
    'Dit is geen UZI-pas (bijvoorbeeld een bankpas of ZORG-ID-smartcard). Steek uw UZI-pas in de lezer.',
    'This is not a UZI-pas (e.g. a bank card or ZORG-ID smart card). Insert your UZI-pas.',
  ),
  UNSUPPORTED_CARD: localText(
    'Registreren voor ZORG-ID kan alleen met een zorgverlenerpas (Z) of medewerkerpas op naam (N). Vraag zo’n pas aan of laat een collega met zo’n pas registreren.',
    'Registering for ZORG-ID needs a zorgverlenerpas (Z) or medewerkerpas op naam (N). Request one, or have a colleague with one register.',
  ),
  CERTIFICATE_EXPIRED: localText(
    'Uw UZI-pas is verlopen. Vraag een nieuwe pas aan bij het UZI-register (uziregister.nl).',
    'Your UZI-pas has expired. Request a new card from the UZI-register (uziregister.nl).',
  ),
  PIN_BLOCKED: localText(
    'Uw pas is geblokkeerd. Deblokkeer hem met de PUK-code uit uw pincodebrief in SafeSign Standaard → Token Administratie. Na drie foute PUK-codes is de pas voorgoed geblokkeerd.',
    'Your card is blocked. Unblock it with the PUK from your PIN letter in SafeSign Standaard → Token Administratie. Three wrong PUKs block the card for good.',
  ),
  PIN_LAST_TRY: localText(
    'Nog één poging: weet u uw pincode niet zeker, probeer dan niet en bel eerst de helpdesk.',
    'One try left: if you are not sure of your PIN, do not try; call the helpdesk first.',
  ),
  PKCS11_MODULE_NOT_FOUND: localText(
    'Installeer de UZI-pas middleware (SafeSign Identity Client) van het UZI-register, of vraag de helpdesk.',
    'Install the UZI-pas middleware (SafeSign Identity Client) from the UZI-register, or ask the helpdesk.',
  ),
  ORIGIN_NOT_ALLOWED: localText(
    'Open het ZORG-ID Portaal (productie.zorg-id.nl). Gebruikt uw organisatie een eigen portaal, vraag dan uw ICT-beheerder dit adres toe te staan (allowedOrigins).',
    'Open the ZORG-ID Portal (productie.zorg-id.nl). If your organisation uses its own portal, ask your IT administrator to allow this address (allowedOrigins).',
  ),
};
