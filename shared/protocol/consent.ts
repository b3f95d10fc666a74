// The consent page ↔ service worker boundary (runtime messages between our own extension page and
// the worker). The page never talks to a web page; the worker accepts these messages only from
// this page's URL. Nothing here is ever stored with a PIN in it.
import type { ErrorCode } from '../errors.js';
import type { CardType } from '../uzi/types.js';

/** Path of the page inside the extension; chrome.runtime.getURL makes it absolute. */
export const CONSENT_PAGE_PATH = 'extension/pages/consent/index.html';
/** Query parameter that carries the request id to the page. */
export const CONSENT_REQUEST_PARAM = 'request';

export const CONSENT_MESSAGE_TYPES = Object.freeze({
  get: 'consent-get',
  decision: 'consent-decision',
} as const);

export type ConsentOperation = 'authenticate' | 'sign';
export type UziCardType = CardType;

/** What the user sees of the card: enough to recognise it, read without a PIN. */
export interface CardSummary {
  /** The reader the card was read in (PC/SC name), when the host says: card events are matched on it. */
  reader?: string;
  holderName: string;
  ura: string;
  organisationName: string;
  cardType: UziCardType;
  roleName: string;
}

export interface PinState {
  /** The reader has its own keypad: the PIN is typed there, never in the browser. */
  pinpad: boolean;
  /** null when the middleware cannot tell (then more than one try is left). */
  triesLeft: number | null;
  finalTry: boolean;
}

/** Why the screen is shown again. PIN_REQUIRED is the page's own check, never the host's. */
export type ConsentProblemCode = 'PIN_INCORRECT' | 'PIN_LAST_TRY' | 'PIN_REQUIRED';

export interface ConsentProblem {
  code: ConsentProblemCode;
  triesLeft: number | null;
}

export interface ConsentAskView {
  state: 'ask';
  operation: ConsentOperation;
  origin: string;
  card: CardSummary;
  pin: PinState;
  problem?: ConsentProblem;
}

/** What the worker answers the page: the screen to show now. */
export type ConsentView =
  | ConsentAskView
  | { state: 'working'; pinpad: boolean }
  | { state: 'finished'; code: ErrorCode }
  | { state: 'expired' };

export type ConsentPageMessage =
  | { type: typeof CONSENT_MESSAGE_TYPES.get; requestId: string }
  | {
      type: typeof CONSENT_MESSAGE_TYPES.decision;
      requestId: string;
      approved: boolean;
      pin?: string;
      confirmLastTry?: boolean;
    };

/** Random, unguessable, URL-safe: crypto.randomUUID gives 122 random bits. */
export const REQUEST_ID_PATTERN = /^[0-9a-f-]{36}$/;

/** Port the consent page opens to hear card removal and insertion while it asks. */
export const CONSENT_CARD_PORT = 'zorgid-companion:consent-card';

/** What the worker posts on that port: a card (or its reader) left or came back. */
export interface ConsentCardEvent {
  type: 'card';
  present: boolean;
  reader?: string;
}
