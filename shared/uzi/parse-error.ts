import { CompanionError } from '../errors.js';

export type UziParseReason = 'NOT_A_CERTIFICATE' | 'NOT_A_UZI_CERTIFICATE' | 'MALFORMED_UZI_SAN';

const REASON_TEXT: Readonly<Record<UziParseReason, string>> = {
  NOT_A_CERTIFICATE: 'Dit is geen X.509-certificaat / This is not an X.509 certificate',
  NOT_A_UZI_CERTIFICATE:
    'Dit is een certificaat, maar geen UZI-certificaat (geen SAN otherName 2.5.5.5) / ' +
    'This is a certificate, but not a UZI certificate (no SAN otherName 2.5.5.5)',
  MALFORMED_UZI_SAN:
    'De UZI-gegevens in het certificaat zijn ongeldig / The UZI data in the certificate is malformed',
};

/**
 * Why a certificate could not be read as a UZI certificate. Travels as the existing NOT_A_UZI_CARD
 * error code so every boundary understands it; `reason` says which of the three cases it was.
 */
export class UziParseError extends CompanionError {
  readonly reason: UziParseReason;

  constructor(reason: UziParseReason, detail?: string) {
    super('NOT_A_UZI_CARD', detail ? `${REASON_TEXT[reason]}: ${detail}` : REASON_TEXT[reason], { reason });
    this.name = 'UziParseError';
    this.reason = reason;
  }
}

export function isUziParseError(error: unknown): error is UziParseError {
  return error instanceof UziParseError;
}
