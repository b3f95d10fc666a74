import { createHash } from 'node:crypto';

/** What the card signs for authentication: SHA-256(origin) ‖ SHA-256(challenge), see shared/protocol/token.ts. */
export function authSignedData(origin: string, challenge: string): Buffer {
  return Buffer.concat([
    createHash('sha256').update(origin, 'utf8').digest(),
    createHash('sha256').update(challenge, 'utf8').digest(),
  ]);
}
