// ATRs the emulator can present. The UZI-pas ones are the host's own table (shared/atr.ts), so
// the sandbox card can never drift from what the host recognises.

import { UZI_ATRS } from '../../shared/atr.js';
import { bytesFromHex } from './tlv.js';

export const ATRS = {
  UZI_CIBGUZIJ2A081: bytesFromHex(UZI_ATRS.UZI_CIBGUZIJ2A081),
  UZI_SAFESIGN_D1: bytesFromHex(UZI_ATRS.UZI_SAFESIGN_D1),
  UZI_SAFESIGN_D6: bytesFromHex(UZI_ATRS.UZI_SAFESIGN_D6),
  /** Not in any UZI list: for "this is not a UZI-pas" tests. Historical bytes spell "ZORGTEST". */
  UNKNOWN_CARD: bytesFromHex('3B 88 80 01 5A 4F 52 47 54 45 53 54 1F'),
} as const;

export type AtrName = keyof typeof ATRS;

export const DEFAULT_ATR: AtrName = 'UZI_CIBGUZIJ2A081';
