// The in-memory challenge store under a flood (issue 16: 500 000 unauthenticated challenges took 75 MB
// and every consume walked all of them). Speed and bytes per entry are measured in `npm run bench`.
import { describe, expect, it } from 'vitest';
import {
  CHALLENGE_GRACE_MS,
  ChallengeStoreFullError,
  MemoryChallengeStore,
  createVerifier,
} from '../../../verifier/index.js';

const TTL_MS = 5 * 60 * 1000;

describe('MemoryChallengeStore', () => {
  it('refuses new challenges with CHALLENGE_STORE_FULL once the live bound is reached', async () => {
    const store = new MemoryChallengeStore({ maxLive: 1_000 });
    const verifier = createVerifier({
      trustedCaPems: [],
      expectedOrigin: 'https://acceptatie.zorg-id.nl',
      challengeStore: store,
      revocation: { mode: 'off-i-accept-the-risk' },
    });
    for (let i = 0; i < 1_000; i++) await verifier.issueChallenge();
    const refused = await verifier.issueChallenge().then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ChallengeStoreFullError);
    expect((refused as ChallengeStoreFullError).code).toBe('CHALLENGE_STORE_FULL');
    expect(store.size).toBe(1_000);
  });

  it('forgets challenges after expiry + grace, so the bound frees up again', () => {
    const store = new MemoryChallengeStore({ maxLive: 3 });
    const t0 = Date.UTC(2026, 0, 1);
    for (const c of ['a', 'b', 'c']) store.save(c, new Date(t0), new Date(t0 + TTL_MS));
    expect(() => store.save('d', new Date(t0 + 1), new Date(t0 + 1 + TTL_MS))).toThrow(
      ChallengeStoreFullError,
    );
    const later = t0 + TTL_MS + CHALLENGE_GRACE_MS + 1;
    store.save('d', new Date(later), new Date(later + TTL_MS));
    expect(store.size).toBe(1);
    expect(store.consume('a', new Date(later))).toBe('unknown');
    expect(store.consume('d', new Date(later))).toBe('ok');
  });

  it('ok once, then reused; expired after the time limit; unknown if never issued', () => {
    const store = new MemoryChallengeStore();
    const t0 = Date.UTC(2026, 0, 1);
    store.save('x', new Date(t0), new Date(t0 + TTL_MS));
    store.save('y', new Date(t0), new Date(t0 + TTL_MS));
    expect(store.consume('x', new Date(t0 + 1))).toBe('ok');
    expect(store.consume('x', new Date(t0 + 2))).toBe('reused');
    expect(store.consume('y', new Date(t0 + TTL_MS + 1))).toBe('expired');
    expect(store.consume('y', new Date(t0 + TTL_MS + 2))).toBe('reused');
    expect(store.consume('z', new Date(t0))).toBe('unknown');
  });
});
