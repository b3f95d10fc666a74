// Public entry point: `zorgid-companion/verify`.
export { createVerifier, DEFAULT_CHALLENGE_TTL_MS, TOKEN_LIMITS } from './verifier.js';
export type { Verifier, VerifierOptions, SignatureInput } from './verifier.js';
export {
  MemoryChallengeStore,
  RedisChallengeStore,
  newChallenge,
  CHALLENGE_GRACE_MS,
  DEFAULT_MAX_LIVE_CHALLENGES,
} from './challenge-store.js';
export type { ChallengeStore, ChallengeOutcome, RedisScriptClient } from './challenge-store.js';
export { authSignedData } from './signed-data.js';
export {
  VERIFY_ERROR_CODES,
  VERIFY_ERROR_MESSAGES,
  ChallengeStoreFullError,
  DEFAULT_REVOCATION_SKEW_MS,
  DEFAULT_REVOCATION_TIMEOUT_MS,
  OCSP_NO_NEXT_UPDATE_MAX_AGE_MS,
} from './types.js';
export type { AcceptedPolicies } from './certificate-checks.js';
export type {
  VerifyErrorCode,
  VerifyResult,
  VerifyFailure,
  VerifiedIdentity,
  RevocationOptions,
  OcspStatus,
  OcspOptions,
  CrlOptions,
} from './types.js';
