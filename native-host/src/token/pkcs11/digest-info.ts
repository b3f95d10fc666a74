import { HASH_LENGTH_BYTES, type SignHashAlgorithm } from '../../../../shared/protocol/token.js';
import { CompanionError } from '../../../../shared/errors.js';

/**
 * DER prefix of DigestInfo { AlgorithmIdentifier(hash, NULL), OCTET STRING(len) } per RFC 8017 §9.2
 * note 1: CKM_RSA_PKCS pads whatever we give it, so the caller must wrap the hash itself.
 */
export const DIGEST_INFO_PREFIXES: Readonly<Record<SignHashAlgorithm, Buffer>> = Object.freeze({
  'SHA-256': Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  'SHA-384': Buffer.from('3041300d060960864801650304020205000430', 'hex'),
  'SHA-512': Buffer.from('3051300d060960864801650304020305000440', 'hex'),
});

export function digestInfo(hashAlgorithm: SignHashAlgorithm, hash: Uint8Array): Buffer {
  const expected = HASH_LENGTH_BYTES[hashAlgorithm];
  if (hash.length !== expected) {
    throw new CompanionError('BAD_REQUEST', `A ${hashAlgorithm} hash has ${expected} bytes`, {
      hashAlgorithm,
      length: hash.length,
    });
  }
  return Buffer.concat([DIGEST_INFO_PREFIXES[hashAlgorithm], hash]);
}
