// Public entry point: `zorgid-companion/verify`.
export { createVerifier, DEFAULT_CHALLENGE_TTL_MS } from './verifier.js';
export type { Verifier, VerifierOptions, SignatureInput } from './verifier.js';
export { MemoryChallengeStore, newChallenge } from './challenge-store.js';
export type { ChallengeStore, ChallengeOutcome } from './challenge-store.js';
export { authSignedData } from './signed-data.js';
export { VERIFY_ERROR_CODES, VERIFY_ERROR_MESSAGES } from './types.js';
export type {
  VerifyErrorCode,
  VerifyResult,
  VerifyFailure,
  VerifiedIdentity,
  RevocationOptions,
  OcspStatus,
} from './types.js';
