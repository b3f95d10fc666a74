// What the card signs, built once for the host (which has the card sign it) and the verifier (which
// checks the signature): both must agree to the byte, so neither may build it on its own.
// Node-only (node:crypto), which is why it is not in shared/ (the extension bundles shared/).
import { createHash } from 'node:crypto';
import type { SignHashAlgorithm } from '../shared/protocol/token.js';

/** SHA-256(origin) ‖ SHA-256(challenge): what the authentication key signs (see shared/protocol/token.ts). */
export function authSignedData(origin: string, challenge: string): Buffer {
  const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return Buffer.concat([sha256(origin), sha256(challenge)]);
}

/**
 * DER prefix of DigestInfo { AlgorithmIdentifier(hash, NULL), OCTET STRING(len) } per RFC 8017 §9.2
 * note 1: the card's CKM_RSA_PKCS pads whatever it is given, so the signer wraps the hash itself and
 * the verifier expects prefix ‖ hash after the padding.
 */
export const DIGEST_INFO_PREFIXES: Readonly<Record<SignHashAlgorithm, Buffer>> = Object.freeze({
  'SHA-256': Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  'SHA-384': Buffer.from('3041300d060960864801650304020205000430', 'hex'),
  'SHA-512': Buffer.from('3051300d060960864801650304020305000440', 'hex'),
});

/** prefix ‖ hash; the caller checks the hash length first. */
export function digestInfoBytes(hashAlgorithm: SignHashAlgorithm, hash: Uint8Array): Buffer {
  return Buffer.concat([DIGEST_INFO_PREFIXES[hashAlgorithm], hash]);
}
