import type { CardType } from '../shared/uzi/types.js';

/** Why a token or signature was refused. Stable strings: back ends branch on them. */
export const VERIFY_ERROR_CODES = [
  'TOKEN_MALFORMED',
  'CERT_UNTRUSTED',
  'CERT_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'WRONG_KEY_USAGE',
  'ORIGIN_MISMATCH',
  'SIGNATURE_INVALID',
  'CHALLENGE_UNKNOWN',
  'CHALLENGE_REUSED',
  'CHALLENGE_EXPIRED',
  'NOT_A_UZI_CERTIFICATE',
] as const;

export type VerifyErrorCode = (typeof VERIFY_ERROR_CODES)[number];

/** Dutch first, English second: shown to the user by back ends that have nothing better. */
export const VERIFY_ERROR_MESSAGES: Readonly<Record<VerifyErrorCode, string>> = {
  TOKEN_MALFORMED: 'Het inlogbewijs is onleesbaar. Probeer opnieuw in te loggen. / The token is malformed.',
  CERT_UNTRUSTED:
    'Het certificaat van de pas is niet uitgegeven door een vertrouwd UZI-register. / The card certificate is not trusted.',
  CERT_EXPIRED: 'Uw UZI-pas is verlopen. Vraag een nieuwe pas aan. / The card certificate has expired.',
  CERT_NOT_YET_VALID: 'Uw UZI-pas is nog niet geldig. / The card certificate is not yet valid.',
  CERT_REVOKED:
    'Uw UZI-pas is ingetrokken. Neem contact op met het UZI-register. / The card certificate is revoked.',
  WRONG_KEY_USAGE:
    'Dit certificaat is niet bedoeld voor deze handeling. / The certificate is not meant for this operation.',
  ORIGIN_MISMATCH:
    'Dit inlogbewijs is gemaakt voor een andere website. Log opnieuw in op deze website. / The token was made for another origin.',
  SIGNATURE_INVALID: 'De handtekening klopt niet. Probeer het opnieuw. / The signature does not verify.',
  CHALLENGE_UNKNOWN:
    'Deze inlogpoging is onbekend. Vernieuw de pagina en probeer het opnieuw. / The challenge was not issued here.',
  CHALLENGE_REUSED:
    'Deze inlogpoging is al gebruikt. Vernieuw de pagina en probeer het opnieuw. / The challenge was already used.',
  CHALLENGE_EXPIRED:
    'Deze inlogpoging is verlopen. Vernieuw de pagina en probeer het opnieuw. / The challenge has expired.',
  NOT_A_UZI_CERTIFICATE: 'Dit is geen UZI-pas. Gebruik uw UZI-pas. / This is not a UZI certificate.',
};

/** Who the card says the holder is. Modelled so another means (Dezi) can fill it later. */
export interface VerifiedIdentity {
  uziNumber: string;
  cardType: CardType;
  ura: string;
  roleCode: string;
  roleName: string;
  agb: string;
  oidCa: string;
  givenName: string | null;
  surname: string | null;
  commonName: string | null;
  organisationName: string | null;
  title: string | null;
  /** The verified certificate, DER base64. */
  certificate: string;
  certificateSerialHex: string;
  notAfter: string;
}

export type VerifyFailure = { ok: false; code: VerifyErrorCode; message: string };
export type VerifyResult = { ok: true; identity: VerifiedIdentity } | VerifyFailure;

export function fail(code: VerifyErrorCode, detail?: string): VerifyFailure {
  const base = VERIFY_ERROR_MESSAGES[code];
  return { ok: false, code, message: detail ? `${base} (${detail})` : base };
}

export type OcspStatus = 'good' | 'revoked' | 'unknown';

export interface RevocationOptions {
  /** CRLs, DER. Only a CRL whose signature verifies with a trusted CA counts. */
  crlDers?: Uint8Array[];
  /** Optional OCSP hook: the verifier passes the certificate and its issuer, both DER. */
  checkOcsp?: (certificateDer: Uint8Array, issuerDer: Uint8Array) => Promise<OcspStatus>;
}
