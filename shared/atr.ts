// Known card ATRs. The UZI-pas ATRs come from the pcsc-tools smartcard list; the ZORG-ID
// Smartcard's ATR is not public (add it here when known).

export type CardKind = 'uzi-pas' | 'unknown';

export interface AtrEntry {
  readonly atr: string;
  readonly kind: CardKind;
  readonly label: string;
}

/** The UZI-pas ATRs by name, so the sandbox card presents exactly the ones the host recognises. */
export const UZI_ATRS = Object.freeze({
  /** Historical bytes spell "CIBGUZIJ2A081". */
  UZI_CIBGUZIJ2A081: '3BFD1800FF8131FE4543494247555A494A324130383158',
  UZI_SAFESIGN_D1: '3BDC18FF8191FE1FC3060A2B06010401E910050203D1',
  UZI_SAFESIGN_D6: '3BDC18FF8191FE1FC3060A2B06010401E910050204D6',
});

export const KNOWN_ATRS: readonly AtrEntry[] = Object.freeze([
  { atr: UZI_ATRS.UZI_SAFESIGN_D1, kind: 'uzi-pas', label: 'UZI-pas' },
  { atr: UZI_ATRS.UZI_SAFESIGN_D6, kind: 'uzi-pas', label: 'UZI-pas' },
  { atr: UZI_ATRS.UZI_CIBGUZIJ2A081, kind: 'uzi-pas', label: 'UZI-pas' },
]);

export const UZI_DEFAULT_ATR_HEX = UZI_ATRS.UZI_CIBGUZIJ2A081;

export function normaliseAtr(atr: string): string {
  return atr.replace(/[\s:]/g, '').toUpperCase();
}

export function identifyAtr(atrHex: string): { kind: CardKind; label: string } {
  const atr = normaliseAtr(atrHex);
  const entry = KNOWN_ATRS.find((candidate) => candidate.atr === atr);
  return entry ? { kind: entry.kind, label: entry.label } : { kind: 'unknown', label: 'Onbekende kaart' };
}
