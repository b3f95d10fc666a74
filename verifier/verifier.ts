import {
  X509Certificate as NodeCertificate,
  constants,
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
  checkChain,
  checkKeyUsage,
  checkRevocation,
  checkValidity,
  createTrustPool,
  type RequiredUsage,
} from './certificate-checks.js';
import { newChallenge, type ChallengeStore } from './challenge-store.js';
import { authSignedData } from './signed-data.js';
import { fail, type RevocationOptions, type VerifyFailure, type VerifyResult } from './types.js';
import { readUziIdentity } from './uzi-identity.js';

export const DEFAULT_CHALLENGE_TTL_MS = 5 * 60 * 1000;

export interface VerifierOptions {
  /** Trusted UZI CA certificates (PEM; a string may hold several). */
  trustedCaPems: string[];
  /** This back end's own origin, e.g. `https://acceptatie.zorg-id.nl`. Never taken from the token. */
  expectedOrigin: string;
  challengeStore: ChallengeStore;
  now?: () => Date;
  challengeTtlMs?: number;
  revocation?: RevocationOptions;
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
  verifyAuthToken(token: unknown): Promise<VerifyResult>;
  verifySignature(input: SignatureInput): Promise<VerifyResult>;
}

/** DER DigestInfo prefixes (RFC 8017 §9.2 note 1): the card signs prefix ‖ hash. */
const DIGEST_INFO_PREFIX: Readonly<Record<SignHashAlgorithm, string>> = {
  'SHA-256': '3031300d060960864801650304020105000420',
  'SHA-384': '3041300d060960864801650304020205000430',
  'SHA-512': '3051300d060960864801650304020305000440',
};

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function bytes(value: string | Uint8Array): Buffer | null {
  if (typeof value !== 'string') return Buffer.from(value);
  return BASE64.test(value) ? Buffer.from(value, 'base64') : null;
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

  /** Everything about the certificate itself, shared by authentication and signing. */
  async function checkCertificate(der: Buffer, usage: RequiredUsage): Promise<VerifyResult> {
    const leaf = parseCertificate(der);
    if (!leaf) return fail('TOKEN_MALFORMED', 'certificate is not DER X.509');
    const at = now();
    const chain = checkChain(pool, leaf, at);
    if (!chain.ok) return chain;
    const validity = checkValidity(leaf, at);
    if (!validity.ok) return validity;
    const keyUsage = checkKeyUsage(der, usage);
    if (!keyUsage.ok) return keyUsage;
    const revoked = await checkRevocation(leaf, chain.issuer, options.revocation);
    if (!revoked.ok) return revoked;
    const identity = readUziIdentity(der, at);
    if (!identity) return fail('NOT_A_UZI_CERTIFICATE');
    return { ok: true, identity };
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

    async verifyAuthToken(token) {
      if (!isAuthTokenShape(token)) return fail('TOKEN_MALFORMED');
      // Consumed before anything else, whatever the outcome: a challenge gets exactly one attempt.
      const challengeFailure = await consumeChallenge(token.challenge);
      if (challengeFailure) return challengeFailure;
      const der = Buffer.from(token.certificate, 'base64');
      const certificate = await checkCertificate(der, 'authentication');
      if (!certificate.ok) return certificate;
      const signature = Buffer.from(token.signature, 'base64');
      const publicKey = new NodeCertificate(der).publicKey;
      const signedFor = (origin: string) =>
        verify('sha256', authSignedData(origin, token.challenge), publicKey, signature);
      if (signedFor(options.expectedOrigin)) return certificate;
      if (token.origin !== options.expectedOrigin && signedFor(token.origin)) {
        return fail('ORIGIN_MISMATCH', `made for ${token.origin}`);
      }
      return fail('SIGNATURE_INVALID');
    },

    async verifySignature(input) {
      if (!SIGN_HASH_ALGORITHMS.includes(input.hashAlgorithm))
        return fail('TOKEN_MALFORMED', 'hash algorithm');
      const der = bytes(input.certificate);
      const hash = bytes(input.hash);
      const signature = bytes(input.signature);
      if (!der || !hash || !signature) return fail('TOKEN_MALFORMED', 'not base64');
      if (hash.length !== HASH_LENGTH_BYTES[input.hashAlgorithm])
        return fail('TOKEN_MALFORMED', 'hash length');
      const certificate = await checkCertificate(der, 'signature');
      if (!certificate.ok) return certificate;
      const expected = Buffer.concat([Buffer.from(DIGEST_INFO_PREFIX[input.hashAlgorithm], 'hex'), hash]);
      let recovered: Buffer;
      try {
        recovered = publicDecrypt(
          { key: new NodeCertificate(der).publicKey, padding: constants.RSA_PKCS1_PADDING },
          signature,
        );
      } catch {
        return fail('SIGNATURE_INVALID');
      }
      if (recovered.length !== expected.length || !timingSafeEqual(recovered, expected)) {
        return fail('SIGNATURE_INVALID');
      }
      return certificate;
    },
  };
}
