// The origin-bound authentication token. Modelled on Web eID: the card signs
// SHA-256(origin) ‖ SHA-256(challenge) with RSASSA-PKCS1-v1_5 over SHA-256 (PKCS#11 CKM_SHA256_RSA_PKCS),
// so a token made for one origin never verifies for another, and the challenge (single use, from the
// portal back end) stops replay.

export const AUTH_TOKEN_FORMAT = 'zorgid-companion/auth-token:1' as const;
export const AUTH_TOKEN_ALGORITHM = 'RS256' as const;

export interface AuthToken {
  format: typeof AUTH_TOKEN_FORMAT;
  algorithm: typeof AUTH_TOKEN_ALGORITHM;
  /** Authentication certificate, DER, base64. */
  certificate: string;
  /** Signature over signedData(origin, challenge), base64. */
  signature: string;
  /** The origin the extension bound the token to (from the browser, never from the page). Informational: verifiers use their own expected origin. */
  origin: string;
  /** The challenge as given by the page. */
  challenge: string;
}

export const SIGN_HASH_ALGORITHMS = ['SHA-256', 'SHA-384', 'SHA-512'] as const;
export type SignHashAlgorithm = (typeof SIGN_HASH_ALGORITHMS)[number];
export const HASH_LENGTH_BYTES: Readonly<Record<SignHashAlgorithm, number>> = Object.freeze({
  'SHA-256': 32,
  'SHA-384': 48,
  'SHA-512': 64,
});

/** Challenge limits: long enough to be unguessable, short enough to bound the message. */
export const CHALLENGE_MIN_LENGTH = 16;
export const CHALLENGE_MAX_LENGTH = 256;
