import { randomBytes } from 'node:crypto';

export type ChallengeOutcome = 'ok' | 'unknown' | 'reused' | 'expired';

/**
 * Remembers the challenges this back end issued. `consume` must be atomic: it reports the state
 * and marks the challenge used in one step, so two requests with the same token cannot both pass.
 */
export interface ChallengeStore {
  save(challenge: string, issuedAt: Date, expiresAt: Date): void | Promise<void>;
  consume(challenge: string, now: Date): ChallengeOutcome | Promise<ChallengeOutcome>;
}

/** 32 random bytes: unguessable, and well inside CHALLENGE_MIN/MAX_LENGTH as base64url (43 chars). */
const CHALLENGE_BYTES = 32;

export function newChallenge(): string {
  return randomBytes(CHALLENGE_BYTES).toString('base64url');
}

/** After this long past expiry a used or expired entry is forgotten; a replay then reads as unknown. */
const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

interface Entry {
  expiresAt: number;
  used: boolean;
}

export class MemoryChallengeStore implements ChallengeStore {
  readonly #entries = new Map<string, Entry>();

  save(challenge: string, _issuedAt: Date, expiresAt: Date): void {
    this.#entries.set(challenge, { expiresAt: expiresAt.getTime(), used: false });
  }

  consume(challenge: string, now: Date): ChallengeOutcome {
    this.#prune(now.getTime());
    const entry = this.#entries.get(challenge);
    if (!entry) return 'unknown';
    if (entry.used) return 'reused';
    entry.used = true;
    return now.getTime() > entry.expiresAt ? 'expired' : 'ok';
  }

  #prune(now: number): void {
    for (const [challenge, entry] of this.#entries) {
      if (now > entry.expiresAt + FORGET_AFTER_MS) this.#entries.delete(challenge);
    }
  }
}
