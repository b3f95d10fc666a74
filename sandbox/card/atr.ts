// ATRs the emulator can present. The UZI-pas ones come from the pcsc-tools list (domain notes).

import { bytesFromHex } from './tlv.js';

export const ATRS = {
  /** Historical bytes spell "CIBGUZIJ2A081". */
  UZI_CIBGUZIJ2A081: bytesFromHex('3B FD 18 00 FF 81 31 FE 45 43 49 42 47 55 5A 49 4A 32 41 30 38 31 58'),
  UZI_SAFESIGN_D1: bytesFromHex('3B DC 18 FF 81 91 FE 1F C3 06 0A 2B 06 01 04 01 E9 10 05 02 03 D1'),
  UZI_SAFESIGN_D6: bytesFromHex('3B DC 18 FF 81 91 FE 1F C3 06 0A 2B 06 01 04 01 E9 10 05 02 04 D6'),
  /** Not in any UZI list: for "this is not a UZI-pas" tests. Historical bytes spell "ZORGTEST". */
  UNKNOWN_CARD: bytesFromHex('3B 88 80 01 5A 4F 52 47 54 45 53 54 1F'),
} as const;

export type AtrName = keyof typeof ATRS;

export const DEFAULT_ATR: AtrName = 'UZI_CIBGUZIJ2A081';
