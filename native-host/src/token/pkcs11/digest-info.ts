import { HASH_LENGTH_BYTES, type SignHashAlgorithm } from '../../../../shared/protocol/token.js';
import { CompanionError } from '../../../../shared/errors.js';
import { DIGEST_INFO_PREFIXES, digestInfoBytes } from '../../../../node-shared/signed-data.js';

export { DIGEST_INFO_PREFIXES };

export function digestInfo(hashAlgorithm: SignHashAlgorithm, hash: Uint8Array): Buffer {
  const expected = HASH_LENGTH_BYTES[hashAlgorithm];
  if (hash.length !== expected) {
    throw new CompanionError('BAD_REQUEST', `A ${hashAlgorithm} hash has ${expected} bytes`, {
      hashAlgorithm,
      length: hash.length,
    });
  }
  return digestInfoBytes(hashAlgorithm, hash);
}
