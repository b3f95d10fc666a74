import { randomBytes } from 'node:crypto';
import { ChallengeStoreFullError } from './types.js';

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

/** A used or expired challenge is remembered this long past its expiry (to say "reused"/"expired"), then forgotten. */
export const CHALLENGE_GRACE_MS = 60 * 1000;
/** Live challenges a MemoryChallengeStore holds before it refuses new ones (≈ 100 bytes each, see bench). */
export const DEFAULT_MAX_LIVE_CHALLENGES = 100_000;

/**
 * One back-end process. A Map keeps insertion order, and challenges are issued with one time limit, so
 * the oldest entry is also the first to expire: pruning pops from the front and stops at the first live
 * one (amortised O(1) per call, never a full scan). The value is the expiry time, negated once used.
 * Full (`maxLive` entries, pruned first) → `ChallengeStoreFullError`: an unauthenticated flood of
 * challenge requests cannot grow memory without bound.
 */
export class MemoryChallengeStore implements ChallengeStore {
  readonly #entries = new Map<string, number>();
  readonly #maxLive: number;

  constructor(options: { maxLive?: number } = {}) {
    this.#maxLive = options.maxLive ?? DEFAULT_MAX_LIVE_CHALLENGES;
  }

  get size(): number {
    return this.#entries.size;
  }

  save(challenge: string, issuedAt: Date, expiresAt: Date): void {
    this.#prune(issuedAt.getTime());
    if (this.#entries.size >= this.#maxLive) throw new ChallengeStoreFullError(this.#maxLive);
    this.#entries.set(challenge, expiresAt.getTime());
  }

  consume(challenge: string, now: Date): ChallengeOutcome {
    const at = now.getTime();
    // Pruned after the lookup's own entry is read: an expired challenge still answers "expired".
    const expiresAt = this.#entries.get(challenge);
    this.#prune(at);
    if (expiresAt === undefined) return 'unknown';
    if (expiresAt < 0) return 'reused';
    // Map.set on a present key keeps its place in the expiry order; a pruned entry is not brought back.
    if (this.#entries.has(challenge)) this.#entries.set(challenge, -expiresAt);
    return at > expiresAt ? 'expired' : 'ok';
  }

  #prune(now: number): void {
    for (const [challenge, value] of this.#entries) {
      if (Math.abs(value) + CHALLENGE_GRACE_MS >= now) return;
      this.#entries.delete(challenge);
    }
  }
}

/**
 * The part of a Redis client the store needs: node-redis v4/v5 (`createClient()` from `redis`) fits as is;
 * for ioredis pass `{ eval: (s, o) => client.eval(s, o.keys.length, ...o.keys, ...o.arguments) }`.
 */
export interface RedisScriptClient {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** SET only if new, with a TTL of expiry + grace. */
const REDIS_SAVE = `return redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') and 1 or 0`;
/** Read and mark used in one step (scripts run atomically): two servers never both see it unused. */
const REDIS_CONSUME = `
local v = redis.call('GET', KEYS[1])
if not v then return 'unknown' end
if v == 'used' then return 'reused' end
redis.call('SET', KEYS[1], 'used', 'KEEPTTL')
return v`;

/**
 * Several back-end processes, one Redis: single use holds across them because consume is one Lua script.
 * Expiry is Redis's own (TTL); the live bound is Redis's `maxmemory`.
 */
export class RedisChallengeStore implements ChallengeStore {
  readonly #client: RedisScriptClient;
  readonly #prefix: string;

  constructor(client: RedisScriptClient, options: { keyPrefix?: string } = {}) {
    this.#client = client;
    this.#prefix = options.keyPrefix ?? 'zorgid:challenge:';
  }

  async save(challenge: string, issuedAt: Date, expiresAt: Date): Promise<void> {
    const ttl = Math.max(1, expiresAt.getTime() - issuedAt.getTime() + CHALLENGE_GRACE_MS);
    const created = await this.#client.eval(REDIS_SAVE, {
      keys: [this.#prefix + challenge],
      arguments: [String(expiresAt.getTime()), String(ttl)],
    });
    if (Number(created) !== 1) throw new Error('RedisChallengeStore: challenge already exists');
  }

  async consume(challenge: string, now: Date): Promise<ChallengeOutcome> {
    const result = await this.#client.eval(REDIS_CONSUME, {
      keys: [this.#prefix + challenge],
      arguments: [],
    });
    if (result === 'unknown' || result === 'reused') return result;
    const expiresAt = Number(result);
    if (!Number.isFinite(expiresAt)) return 'unknown';
    return now.getTime() > expiresAt ? 'expired' : 'ok';
  }
}
