import { createHash } from 'node:crypto';
import { AUTH_TOKEN_ALGORITHM, AUTH_TOKEN_FORMAT, type AuthToken } from '../../../shared/protocol/token.js';

/** SHA-256(origin) ‖ SHA-256(challenge): what the authentication key signs (with CKM_SHA256_RSA_PKCS). */
export function authSignedData(origin: string, challenge: string): Buffer {
  const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return Buffer.concat([sha256(origin), sha256(challenge)]);
}

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
