import {
  X509Certificate as NodeCertificate,
  constants,
  createHash,
  type KeyObject,
  publicDecrypt,
  timingSafeEqual,
  verify,
} from 'node:crypto';
import {
  AUTH_TOKEN_ALGORITHM,
  AUTH_TOKEN_FORMAT,
  CHALLENGE_MAX_LENGTH,
  CHALLENGE_MIN_LENGTH,
  HASH_LENGTH_BYTES,
  SIGN_HASH_ALGORITHMS,
  type AuthToken,
  type SignHashAlgorithm,
} from '../shared/protocol/token.js';
import {
  DEFAULT_ACCEPTED_POLICIES,
  checkBasicConstraints,
  checkCriticalExtensions,
  checkPathValidity,
  checkKeyAlgorithm,
  checkKeyUsage,
  checkPolicies,
  checkValidity,
  createTrustPool,
  findPath,
  isTestCertificate,
  type AcceptedPolicies,
  type RequiredUsage,
} from './certificate-checks.js';
import { newChallenge, type ChallengeStore } from './challenge-store.js';
import { createRevocationCheck } from './revocation.js';
import { authSignedData, digestInfoBytes } from '../node-shared/signed-data.js';
import {
  fail,
  type RevocationOptions,
  type VerifiedIdentity,
  type VerifyFailure,
  type VerifyResult,
} from './types.js';
import { readUziIdentity } from './uzi-identity.js';

export const DEFAULT_CHALLENGE_TTL_MS = 5 * 60 * 1000;
/** Card certificates whose time-independent checks are remembered (a portal sees the same cards daily). */
const CERTIFICATE_CACHE_ENTRIES = 10_000;

type StaticOutcome =
  | {
      ok: true;
      leaf: NodeCertificate;
      publicKey: KeyObject;
      issuer: NodeCertificate;
      path: NodeCertificate[];
      identity: VerifiedIdentity;
    }
  | VerifyFailure;

/**
 * Size bounds on what a caller hands in (Web eID bounds its token the same way): a UZI certificate is
 * about 2 KB, an RSA signature at most 1024 bytes (8192-bit key), an origin a URL's scheme + host + port.
 */
export const TOKEN_LIMITS = {
  certificateBase64Chars: 16 * 1024,
  signatureBase64Chars: 1368,
  originChars: 2048,
} as const;

export interface VerifierOptions {
  /** Trusted UZI CA certificates (PEM; a string may hold several). */
  trustedCaPems: string[];
  /** This back end's own origin, e.g. `https://acceptatie.zorg-id.nl`. Never taken from the token. */
  expectedOrigin: string;
  challengeStore: ChallengeStore;
  now?: () => Date;
  challengeTtlMs?: number;
  /**
   * Required. `{}`: OCSP at the certificate's responder; add `crl` for CRLs. Every configured method
   * must answer "good". `{ mode: 'off-i-accept-the-risk' }` is the only way to skip it.
   */
  revocation: RevocationOptions;
  /** Accept cards of the UZI-register TEST PKI and of the sandbox. Off by default: production refuses them. */
  allowTestCertificates?: boolean;
  /** Certificate policy OIDs per usage; default: the UZI CPS table in shared/uzi/oids.ts. */
  acceptedPolicies?: AcceptedPolicies;
}

export interface SignatureInput {
  /** Signature certificate, DER as base64 or bytes. */
  certificate: string | Uint8Array;
  /** The hash that was signed, base64 or bytes. */
  hash: string | Uint8Array;
  hashAlgorithm: SignHashAlgorithm;
  /** RSASSA-PKCS1-v1_5 signature, base64 or bytes. */
  signature: string | Uint8Array;
}

export interface Verifier {
  /** A fresh single-use challenge, remembered in the challenge store. */
  issueChallenge(): Promise<string>;
  /**
   * `sessionChallenge` is the challenge this back end stored in the user's session when it issued it;
   * the token must carry exactly that one (a token obtained in another session is refused), and it is
   * consumed from the store whatever the outcome.
   */
  verifyAuthToken(token: unknown, sessionChallenge: string | null | undefined): Promise<VerifyResult>;
  verifySignature(input: SignatureInput): Promise<VerifyResult>;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function bytes(value: string | Uint8Array): Buffer | null {
  if (typeof value !== 'string') return Buffer.from(value);
  return BASE64.test(value) ? Buffer.from(value, 'base64') : null;
}

const base64Chars = (value: string | Uint8Array): number =>
  typeof value === 'string' ? value.length : Math.ceil(value.length / 3) * 4;

function tooLarge(token: unknown): boolean {
  if (typeof token !== 'object' || token === null) return false;
  const t = token as Record<string, unknown>;
  const over = (value: unknown, limit: number) => typeof value === 'string' && value.length > limit;
  return (
    over(t.certificate, TOKEN_LIMITS.certificateBase64Chars) ||
    over(t.signature, TOKEN_LIMITS.signatureBase64Chars) ||
    over(t.origin, TOKEN_LIMITS.originChars) ||
    over(t.challenge, CHALLENGE_MAX_LENGTH)
  );
}

function isAuthTokenShape(token: unknown): token is AuthToken {
  if (typeof token !== 'object' || token === null) return false;
  const t = token as Record<string, unknown>;
  return (
    t.format === AUTH_TOKEN_FORMAT &&
    t.algorithm === AUTH_TOKEN_ALGORITHM &&
    typeof t.certificate === 'string' &&
    BASE64.test(t.certificate) &&
    typeof t.signature === 'string' &&
    BASE64.test(t.signature) &&
    typeof t.origin === 'string' &&
    typeof t.challenge === 'string' &&
    t.challenge.length >= CHALLENGE_MIN_LENGTH &&
    t.challenge.length <= CHALLENGE_MAX_LENGTH
  );
}

function parseCertificate(der: Buffer): NodeCertificate | null {
  try {
    return new NodeCertificate(der);
  } catch {
    return null;
  }
}

export function createVerifier(options: VerifierOptions): Verifier {
  const pool = createTrustPool(options.trustedCaPems);
  const now = options.now ?? (() => new Date());
  const ttl = options.challengeTtlMs ?? DEFAULT_CHALLENGE_TTL_MS;
  // Throws when revocation is missing or would check nothing: a misconfigured back end fails at start.
  const revocation = createRevocationCheck(options.revocation, now);
  const policies = options.acceptedPolicies ?? DEFAULT_ACCEPTED_POLICIES;

  const staticCache = new Map<string, StaticOutcome>();

  /**
   * What depends only on the certificate bytes and the trust pool: path, constraints, extensions, usage,
   * key, policy, UZI identity, test card. ASN.1 parsing is most of a verification's cost, so the outcome is
   * remembered per certificate (bounded); validity and revocation are checked on every call.
   */
  function staticChecks(der: Buffer, usage: RequiredUsage): StaticOutcome {
    const key = usage + createHash('sha256').update(der).digest('base64');
    const cached = staticCache.get(key);
    if (cached) return cached;
    const outcome = computeStatic(der, usage);
    if (staticCache.size >= CERTIFICATE_CACHE_ENTRIES) {
      const oldest = staticCache.keys().next().value;
      if (oldest !== undefined) staticCache.delete(oldest);
    }
    staticCache.set(key, outcome);
    return outcome;
  }

  function computeStatic(der: Buffer, usage: RequiredUsage): StaticOutcome {
    const leaf = parseCertificate(der);
    if (!leaf) return fail('TOKEN_MALFORMED', 'certificate is not DER X.509');
    const chain = findPath(pool, leaf);
    if (!chain.ok) return chain;
    const constraints = checkBasicConstraints(der, chain.path);
    if (!constraints.ok) return constraints;
    const critical = checkCriticalExtensions([der, ...chain.path.map((ca) => new Uint8Array(ca.raw))]);
    if (!critical.ok) return critical;
    const keyUsage = checkKeyUsage(der, usage);
    if (!keyUsage.ok) return keyUsage;
    const keyAlgorithm = checkKeyAlgorithm(leaf);
    if (!keyAlgorithm.ok) return keyAlgorithm;
    const policy = checkPolicies(der, usage, policies);
    if (!policy.ok) return policy;
    const identity = readUziIdentity(der, new Date(leaf.validFrom));
    if (!identity) return fail('NOT_A_UZI_CERTIFICATE');
    if (!options.allowTestCertificates && isTestCertificate(der, identity.oidCa)) {
      return fail('TEST_CERTIFICATE_NOT_ALLOWED', identity.oidCa);
    }
    return { ok: true, leaf, publicKey: leaf.publicKey, issuer: chain.issuer, path: chain.path, identity };
  }

  /** Everything about the certificate itself, shared by authentication and signing; revocation last (network). */
  async function checkCertificate(
    der: Buffer,
    usage: RequiredUsage,
  ): Promise<{ ok: true; identity: VerifiedIdentity; publicKey: KeyObject } | VerifyFailure> {
    const checked = staticChecks(der, usage);
    if (!checked.ok) return checked;
    const at = now();
    const path = checkPathValidity(checked.path, at);
    if (!path.ok) return path;
    const validity = checkValidity(checked.leaf, at);
    if (!validity.ok) return validity;
    if (revocation) {
      const status = await revocation(checked.leaf, checked.issuer);
      if (!status.ok) return status;
    }
    return { ok: true, identity: checked.identity, publicKey: checked.publicKey };
  }

  async function consumeChallenge(challenge: string): Promise<VerifyFailure | null> {
    const outcome = await options.challengeStore.consume(challenge, now());
    if (outcome === 'unknown') return fail('CHALLENGE_UNKNOWN');
    if (outcome === 'reused') return fail('CHALLENGE_REUSED');
    if (outcome === 'expired') return fail('CHALLENGE_EXPIRED');
    return null;
  }

  return {
    async issueChallenge() {
      const challenge = newChallenge();
      const issuedAt = now();
      await options.challengeStore.save(challenge, issuedAt, new Date(issuedAt.getTime() + ttl));
      return challenge;
    },

    async verifyAuthToken(token, sessionChallenge) {
      if (typeof sessionChallenge !== 'string' || sessionChallenge.length === 0) {
        return fail('CHALLENGE_MISMATCH', 'no challenge in this session');
      }
      // Consumed before anything else, whatever the outcome: a challenge gets exactly one attempt.
      // The session's challenge is the key, never the token's: the token's is only compared with it.
      const challengeFailure = await consumeChallenge(sessionChallenge);
      if (tooLarge(token)) return fail('TOKEN_TOO_LARGE');
      if (!isAuthTokenShape(token)) return fail('TOKEN_MALFORMED');
      const sent = Buffer.from(token.challenge, 'utf8');
      const stored = Buffer.from(sessionChallenge, 'utf8');
      if (sent.length !== stored.length || !timingSafeEqual(sent, stored)) return fail('CHALLENGE_MISMATCH');
      if (challengeFailure) return challengeFailure;
      const der = Buffer.from(token.certificate, 'base64');
      const certificate = await checkCertificate(der, 'authentication');
      if (!certificate.ok) return certificate;
      const signature = Buffer.from(token.signature, 'base64');
      const publicKey = certificate.publicKey;
      const signedFor = (origin: string) =>
        verify('sha256', authSignedData(origin, sessionChallenge), publicKey, signature);
      if (signedFor(options.expectedOrigin)) return { ok: true, identity: certificate.identity };
      if (token.origin !== options.expectedOrigin && signedFor(token.origin)) {
        return fail('ORIGIN_MISMATCH', `made for ${token.origin}`);
      }
      return fail('SIGNATURE_INVALID');
    },

    async verifySignature(input) {
      if (!SIGN_HASH_ALGORITHMS.includes(input.hashAlgorithm))
        return fail('TOKEN_MALFORMED', 'hash algorithm');
      if (
        base64Chars(input.certificate) > TOKEN_LIMITS.certificateBase64Chars ||
        base64Chars(input.signature) > TOKEN_LIMITS.signatureBase64Chars
      ) {
        return fail('TOKEN_TOO_LARGE');
      }
      const der = bytes(input.certificate);
      const hash = bytes(input.hash);
      const signature = bytes(input.signature);
      if (!der || !hash || !signature) return fail('TOKEN_MALFORMED', 'not base64');
      if (hash.length !== HASH_LENGTH_BYTES[input.hashAlgorithm])
        return fail('TOKEN_MALFORMED', 'hash length');
      const certificate = await checkCertificate(der, 'signature');
      if (!certificate.ok) return certificate;
      const expected = digestInfoBytes(input.hashAlgorithm, hash);
      let recovered: Buffer;
      try {
        recovered = publicDecrypt(
          { key: certificate.publicKey, padding: constants.RSA_PKCS1_PADDING },
          signature,
        );
      } catch {
        return fail('SIGNATURE_INVALID');
      }
      if (recovered.length !== expected.length || !timingSafeEqual(recovered, expected)) {
        return fail('SIGNATURE_INVALID');
      }
      return { ok: true, identity: certificate.identity };
    },
  };
}
