import { errorMessage } from '../errors.js';
import { ACCEPTED_CARD_TYPES, type CardStatusView } from './card-status.js';
import type { CheckId, LocalText } from './types.js';

// The checks the guide runs on a step. Pure: the page values and the application data come in
// as plain strings so these rules can be tested without a DOM.

export type CheckStatus = 'ok' | 'warning' | 'unknown';

export interface CheckResult {
  id: CheckId;
  status: CheckStatus;
  message: LocalText;
}

export interface OrganisationFacts {
  ura?: string | undefined;
  organisationName?: string | undefined;
}

export interface CheckContext {
  card: CardStatusView | undefined;
  /** What the portal page shows (the dl "Organisatienaam" / "URA-nummer"). */
  page: OrganisationFacts;
  /** What was entered in the application form (progress data). */
  application: OrganisationFacts;
}

const URA_LENGTH = 8;

/** URAs compare as 8 digits: "90000382", " 9000 0382 " and "090000382"-style padding agree. */
export function normaliseUra(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const digits = value.replace(/\D/g, '').replace(/^0+(?=\d)/, '');
  return digits === '' ? undefined : digits.padStart(URA_LENGTH, '0');
}

/** Organisation names compare without case, punctuation and surplus spaces ("B.V." = "BV"). */
export function normaliseOrganisationName(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const n = value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  return n === '' ? undefined : n;
}

const text = (nl: string, en: string): LocalText => ({ nl, en });

function compare(
  id: CheckId,
  left: string | undefined,
  right: string | undefined,
  labels: { what: LocalText; leftName: LocalText; rightName: LocalText },
  rawLeft: string | undefined,
  rawRight: string | undefined,
): CheckResult {
  if (left === undefined || right === undefined) {
    return {
      id,
      status: 'unknown',
      message: text(
        `${labels.what.nl}: nog niet te vergelijken (${labels.leftName.nl} of ${labels.rightName.nl} onbekend).`,
        `${labels.what.en}: cannot compare yet (${labels.leftName.en} or ${labels.rightName.en} unknown).`,
      ),
    };
  }
  if (left === right) {
    return {
      id,
      status: 'ok',
      message: text(
        `${labels.what.nl} op de ${labels.leftName.nl} en de ${labels.rightName.nl} is gelijk.`,
        `${labels.what.en} on the ${labels.leftName.en} and the ${labels.rightName.en} is the same.`,
      ),
    };
  }
  return {
    id,
    status: 'warning',
    message: text(
      `${labels.what.nl} verschilt: ${labels.leftName.nl} “${rawLeft}”, ${labels.rightName.nl} “${rawRight}”. Klik nog niet op “volgende”: controleer of u de juiste pas gebruikt.`,
      `${labels.what.en} differs: ${labels.leftName.en} “${rawLeft}”, ${labels.rightName.en} “${rawRight}”. Do not click “volgende” yet: check that you use the right card.`,
    ),
  };
}

const URA = text('Het URA-nummer', 'The URA number');
const ORG = text('De organisatienaam', 'The organisation name');
const CARD = text('pas', 'card');
const PAGE = text('pagina', 'page');
const APPLICATION = text('aanvraag', 'application');

export function runCheck(id: CheckId, ctx: CheckContext): CheckResult {
  const card = ctx.card;
  const identity = card?.identity;
  switch (id) {
    case 'reader-present':
      return card?.readerName
        ? {
            id,
            status: 'ok',
            message: text(`Kaartlezer: ${card.readerName}.`, `Card reader: ${card.readerName}.`),
          }
        : {
            id,
            status: 'warning',
            message: { nl: errorMessage('NO_READER', 'nl'), en: errorMessage('NO_READER', 'en') },
          };
    case 'card-present':
      if (card?.errorCode !== undefined && !card.cardPresent) {
        return {
          id,
          status: 'warning',
          message: { nl: errorMessage(card.errorCode, 'nl'), en: errorMessage(card.errorCode, 'en') },
        };
      }
      return card?.cardPresent
        ? { id, status: 'ok', message: text('Er zit een kaart in de lezer.', 'A card is in the reader.') }
        : {
            id,
            status: 'warning',
            message: { nl: errorMessage('NO_CARD', 'nl'), en: errorMessage('NO_CARD', 'en') },
          };
    case 'card-type-z-or-n': {
      const type = identity?.cardType;
      if (type === undefined) {
        return {
          id,
          status: 'unknown',
          message: text('Het type pas is nog niet bekend.', 'The card type is not known yet.'),
        };
      }
      return ACCEPTED_CARD_TYPES.includes(type)
        ? { id, status: 'ok', message: text(`Pastype ${type}: geschikt.`, `Card type ${type}: suitable.`) }
        : {
            id,
            status: 'warning',
            message: {
              nl: errorMessage('UNSUPPORTED_CARD', 'nl'),
              en: errorMessage('UNSUPPORTED_CARD', 'en'),
            },
          };
    }
    case 'card-not-expired':
      if (identity === undefined) {
        return {
          id,
          status: 'unknown',
          message: text('Geldigheid van de pas nog onbekend.', 'Card validity not known yet.'),
        };
      }
      return identity.expired
        ? {
            id,
            status: 'warning',
            message: {
              nl: errorMessage('CERTIFICATE_EXPIRED', 'nl'),
              en: errorMessage('CERTIFICATE_EXPIRED', 'en'),
            },
          }
        : { id, status: 'ok', message: text('De pas is geldig.', 'The card is valid.') };
    case 'ura-matches-page':
      return compare(
        id,
        normaliseUra(identity?.ura),
        normaliseUra(ctx.page.ura),
        { what: URA, leftName: CARD, rightName: PAGE },
        identity?.ura,
        ctx.page.ura,
      );
    case 'organisation-matches-page':
      return compare(
        id,
        normaliseOrganisationName(identity?.organisationName),
        normaliseOrganisationName(ctx.page.organisationName),
        { what: ORG, leftName: CARD, rightName: PAGE },
        identity?.organisationName,
        ctx.page.organisationName,
      );
    case 'ura-matches-application':
      return compare(
        id,
        normaliseUra(ctx.page.ura ?? identity?.ura),
        normaliseUra(ctx.application.ura),
        { what: URA, leftName: ctx.page.ura !== undefined ? PAGE : CARD, rightName: APPLICATION },
        ctx.page.ura ?? identity?.ura,
        ctx.application.ura,
      );
    case 'organisation-matches-application':
      return compare(
        id,
        normaliseOrganisationName(ctx.page.organisationName ?? identity?.organisationName),
        normaliseOrganisationName(ctx.application.organisationName),
        {
          what: ORG,
          leftName: ctx.page.organisationName !== undefined ? PAGE : CARD,
          rightName: APPLICATION,
        },
        ctx.page.organisationName ?? identity?.organisationName,
        ctx.application.organisationName,
      );
    case 'pin-tries-left':
      return pinCheck(id, card);
  }
}

/**
 * Before a login the user types the PIN into another program (the ZORG-ID Desktop App): say beforehand
 * when the card is blocked or on its last try, so that try is not spent unawares. Read from the host
 * without a PIN (PKCS#11 token flags).
 */
function pinCheck(id: CheckId, card: CardStatusView | undefined): CheckResult {
  const pin = card?.pin;
  if (pin === undefined) {
    return {
      id,
      status: 'unknown',
      message: text('Pogingen voor de pincode nog onbekend.', 'PIN tries left not known yet.'),
    };
  }
  if (pin.blocked) {
    return {
      id,
      status: 'warning',
      message: { nl: errorMessage('PIN_BLOCKED', 'nl'), en: errorMessage('PIN_BLOCKED', 'en') },
    };
  }
  if (pin.finalTry || pin.triesLeft === 1) {
    return {
      id,
      status: 'warning',
      message: text(
        'Uw UZI-pas heeft nog één pincodepoging: een verkeerde pincode blokkeert de pas. Zoek eerst uw pincodebrief op en typ de pincode zorgvuldig.',
        'Your UZI-pas has one PIN try left: a wrong PIN blocks the card. Find your PIN letter first and type the PIN carefully.',
      ),
    };
  }
  return {
    id,
    status: 'ok',
    message:
      pin.triesLeft === null
        ? text('De pincode is niet geblokkeerd.', 'The PIN is not blocked.')
        : text(
            `De pincode is niet geblokkeerd (nog ${pin.triesLeft} pogingen).`,
            `The PIN is not blocked (${pin.triesLeft} tries left).`,
          ),
  };
}

export function runChecks(ids: readonly CheckId[], ctx: CheckContext): CheckResult[] {
  return ids.map((id) => runCheck(id, ctx));
}
