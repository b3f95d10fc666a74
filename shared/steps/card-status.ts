import type { ErrorCode } from '../errors.js';

import type { CardType } from '../uzi/types.js';

export type { CardType };

/** What the card in the reader says about its holder, as far as the guide needs it. */
export interface CardIdentitySummary {
  name: string;
  /** e.g. "9000•••28": the guide never needs the full number. */
  uziNumberMasked: string;
  cardType: CardType | undefined;
  ura: string | undefined;
  organisationName: string | undefined;
  roleName: string | undefined;
  /** ISO 8601. */
  notAfter: string | undefined;
  expired: boolean;
}

export type CardKind = 'uzi' | 'zorg-id-smartcard' | 'unknown';

/** The card status as the guide shows it; the lead maps native-host status onto this. */
export interface CardStatusView {
  readerName: string | undefined;
  cardPresent: boolean;
  cardKind: CardKind | undefined;
  identity: CardIdentitySummary | undefined;
  /** PIN state from the host (no PIN asked): absent when not read. triesLeft null: the middleware cannot tell. */
  pin?: { triesLeft: number | null; blocked: boolean; finalTry: boolean };
  errorCode?: ErrorCode;
}

export const NO_CARD_STATUS: CardStatusView = {
  readerName: undefined,
  cardPresent: false,
  cardKind: undefined,
  identity: undefined,
};

export const ACCEPTED_CARD_TYPES: readonly CardType[] = ['Z', 'N'];
