import type { CardType } from '../shared/uzi/types.js';
import { OCSP_NO_NEXT_UPDATE_MAX_AGE_MS, REVOCATION_SKEW_MS } from '../node-shared/revocation.js';

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
  'TOKEN_TOO_LARGE',
  'CHALLENGE_MISMATCH',
  'CERT_CHAIN_INVALID',
  'CERT_CRITICAL_EXTENSION_UNKNOWN',
  'CERT_KEY_ALGORITHM_MISMATCH',
  'CERT_POLICY_MISSING',
  'TEST_CERTIFICATE_NOT_ALLOWED',
  'REVOCATION_UNKNOWN',
  'OCSP_NO_RESPONDER',
  'OCSP_UNREACHABLE',
  'OCSP_RESPONSE_INVALID',
  'OCSP_RESPONDER_UNTRUSTED',
  'OCSP_NONCE_MISMATCH',
  'OCSP_RESPONSE_STALE',
  'CRL_MISSING',
  'CRL_UNREACHABLE',
  'CRL_INVALID',
  'CRL_STALE',
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
  TOKEN_TOO_LARGE:
    'Het inlogbewijs is te groot. Probeer opnieuw in te loggen. / The token exceeds the size limits.',
  CHALLENGE_MISMATCH:
    'Deze inlogpoging hoort niet bij uw sessie. Vernieuw de pagina en log opnieuw in. / The token was made for another session.',
  CERT_CHAIN_INVALID:
    'De certificaatketen van de pas klopt niet. Neem contact op met het UZI-register. / The certificate path violates its basic constraints.',
  CERT_CRITICAL_EXTENSION_UNKNOWN:
    'Het certificaat van de pas bevat een onbekende verplichte uitbreiding. / The certificate has an unknown critical extension.',
  CERT_KEY_ALGORITHM_MISMATCH:
    'De sleutel van de pas past niet bij het handtekeningalgoritme. / The certificate key does not match the token algorithm.',
  CERT_POLICY_MISSING:
    'Het certificaat valt niet onder het beleid (CPS) van het UZI-register. / The certificate carries no accepted UZI certificate policy.',
  TEST_CERTIFICATE_NOT_ALLOWED:
    'Dit is een testpas. Gebruik uw echte UZI-pas. / Test certificates are not accepted here.',
  REVOCATION_UNKNOWN:
    'Of uw UZI-pas is ingetrokken, is niet bekend. Neem contact op met het UZI-register. / The revocation status is unknown.',
  OCSP_NO_RESPONDER:
    'De intrekkingsstatus kan niet worden gecontroleerd. Probeer het later opnieuw. / No OCSP responder is known for the certificate.',
  OCSP_UNREACHABLE:
    'De intrekkingsstatus kan nu niet worden gecontroleerd. Probeer het over enkele minuten opnieuw. / The OCSP responder could not be reached.',
  OCSP_RESPONSE_INVALID:
    'De intrekkingsstatus kan niet worden gecontroleerd. Probeer het later opnieuw. / The OCSP response is unreadable or unsuccessful.',
  OCSP_RESPONDER_UNTRUSTED:
    'De intrekkingsstatus kan niet worden gecontroleerd. Probeer het later opnieuw. / The OCSP response is not signed by the issuer or its responder.',
  OCSP_NONCE_MISMATCH:
    'De intrekkingsstatus kan niet worden gecontroleerd. Probeer het opnieuw. / The OCSP response does not echo our nonce.',
  OCSP_RESPONSE_STALE:
    'De intrekkingsstatus kan niet worden gecontroleerd. Probeer het later opnieuw. / The OCSP response is outside its validity.',
  CRL_MISSING:
    'De intrekkingslijst van de uitgever ontbreekt. Probeer het later opnieuw. / No CRL of the issuer is available.',
  CRL_UNREACHABLE:
    'De intrekkingslijst kan nu niet worden opgehaald. Probeer het over enkele minuten opnieuw. / The CRL could not be fetched.',
  CRL_INVALID:
    'De intrekkingslijst is onleesbaar of niet van de uitgever. Probeer het later opnieuw. / The CRL is unreadable or not signed by the issuer.',
  CRL_STALE: 'De intrekkingslijst is verouderd. Probeer het later opnieuw. / The CRL is past its nextUpdate.',
};

/** Thrown by `issueChallenge` when the store holds its maximum of live challenges. */
export class ChallengeStoreFullError extends Error {
  readonly code = 'CHALLENGE_STORE_FULL';
  constructor(limit: number) {
    super(
      `Te veel openstaande inlogpogingen; probeer het over een minuut opnieuw. / Too many open challenges (limit ${limit}).`,
    );
    this.name = 'ChallengeStoreFullError';
  }
}

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

/** Clock skew forgiven on OCSP and CRL times (thisUpdate in the future, nextUpdate in the past). */
export const DEFAULT_REVOCATION_SKEW_MS = REVOCATION_SKEW_MS;
/** Time limit for one OCSP or CRL fetch. */
export const DEFAULT_REVOCATION_TIMEOUT_MS = 5_000;
/** An OCSP response without nextUpdate is believed only this long after its thisUpdate (Web eID: 2 min). */
export { OCSP_NO_NEXT_UPDATE_MAX_AGE_MS };

export interface OcspOptions {
  /** Responder to ask; default the OCSP URL in the certificate's Authority Information Access. */
  responderUrl?: string;
  /** Refuse a response that does not echo our nonce (default: a nonce is sent, and checked when echoed). */
  requireNonce?: boolean;
  timeoutMs?: number;
}

export interface CrlOptions {
  /** CRLs handed in (DER). Only CRLs whose issuer name is the card's issuer count for that issuer. */
  ders?: Uint8Array[];
  /** Fetch the CRL from the certificate's CRL distribution point (cached until its nextUpdate). */
  fetch?: boolean;
  timeoutMs?: number;
}

/**
 * Revocation is required: every configured method must say "good" (fail closed). Without `ocsp`
 * and `crl`, OCSP at the certificate's own responder is used. The only way to skip the check is
 * to say so by name: `{ mode: 'off-i-accept-the-risk' }`.
 */
export type RevocationOptions =
  | {
      mode?: 'required';
      /** On by default; `false` turns it off (then `crl` must be given). */
      ocsp?: OcspOptions | false;
      crl?: CrlOptions;
      clockSkewMs?: number;
    }
  | { mode: 'off-i-accept-the-risk' };
