import { AUTH_TOKEN_ALGORITHM, AUTH_TOKEN_FORMAT, type AuthToken } from '../../../shared/protocol/token.js';

/** The authentication key signs this with CKM_SHA256_RSA_PKCS. */
export { authSignedData } from '../../../node-shared/signed-data.js';

export function buildAuthToken(input: {
  origin: string;
  challenge: string;
  certificate: Uint8Array;
  signature: Uint8Array;
}): AuthToken {
  return {
    format: AUTH_TOKEN_FORMAT,
    algorithm: AUTH_TOKEN_ALGORITHM,
    certificate: Buffer.from(input.certificate).toString('base64'),
    signature: Buffer.from(input.signature).toString('base64'),
    origin: input.origin,
    challenge: input.challenge,
  };
}
