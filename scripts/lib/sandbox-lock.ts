// Moved to testing/lib/sandbox-lock.ts (testing/ may not import scripts/; scripts/ may import testing/). Kept
// so the scripts and tests that import it from here need no change.
export * from '../../testing/lib/sandbox-lock.js';
