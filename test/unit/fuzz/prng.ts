// A small seeded PRNG for the fuzz tests: fast, and replayable. Every fuzz file prints its seed;
// `ZORGID_FUZZ_SEED=<seed> npx vitest run --project unit test/unit/fuzz` replays a failure.

export interface Rng {
  readonly seed: number;
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** Integer in [min, max]. */
  range(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** `length` characters drawn from `alphabet` (by UTF-16 unit). */
  text(length: number, alphabet: string): string;
  bytes(length: number): Buffer;
}

export function fuzzSeed(): number {
  const fromEnv = process.env.ZORGID_FUZZ_SEED;
  if (fromEnv && /^\d+$/.test(fromEnv)) return Number(fromEnv) >>> 0;
  return (Date.now() ^ (process.pid << 16)) >>> 0;
}

/** mulberry32: 32-bit state, good enough spread for input generation, trivially replayable. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (maxExclusive: number) => Math.floor(next() * maxExclusive);
  return {
    seed,
    next,
    int,
    range: (min, max) => min + int(max - min + 1),
    chance: (probability) => next() < probability,
    pick: <T>(items: readonly T[]): T => items[int(items.length)] as T,
    text(length, alphabet) {
      let out = '';
      for (let i = 0; i < length; i++) out += alphabet[int(alphabet.length)];
      return out;
    },
    bytes(length) {
      const out = Buffer.allocUnsafe(length);
      for (let i = 0; i < length; i++) out[i] = int(256);
      return out;
    },
  };
}

export const ALPHABETS = Object.freeze({
  id: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-',
  printable: Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i)).join(''),
  base64: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
  /** Beyond ASCII: accents, the euro sign, a lone surrogate, NUL, newline, bidi override, emoji half. */
  hostile: 'aé€\ud800\u0000\n\u202e\udc00 "\\<>/{}[]',
});

/** Random JSON-able values, bounded in depth and size so generation stays cheap. */
export function randomJson(rng: Rng, depth = 0): unknown {
  const leaf = depth >= 3 || rng.chance(0.5);
  if (leaf) {
    switch (rng.int(7)) {
      case 0:
        return null;
      case 1:
        return rng.chance(0.5);
      case 2:
        return rng.range(-1e6, 1e6);
      case 3:
        return rng.pick([0, -0, 1.5, -1, 2 ** 53, -(2 ** 53), 1e308, 4294967295]);
      case 4:
        return rng.text(rng.int(12), ALPHABETS.hostile);
      case 5:
        return rng.text(rng.int(20), ALPHABETS.printable);
      default:
        return '';
    }
  }
  if (rng.chance(0.5)) return Array.from({ length: rng.int(4) }, () => randomJson(rng, depth + 1));
  const out: Record<string, unknown> = {};
  for (let i = rng.int(4); i > 0; i--)
    out[rng.text(rng.range(1, 6), ALPHABETS.printable)] = randomJson(rng, depth + 1);
  return out;
}

/** Nested arrays `depth` deep, as JSON text, built without recursion. */
export function deepArrayJson(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}
