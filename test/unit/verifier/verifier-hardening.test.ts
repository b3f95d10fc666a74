// Attacks on the verifier that the review found accepted (issue 16): each test is written as the
// attack, with real certificates and signatures from an on-the-fly PKI.
import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as x509 from '@peculiar/x509';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  MemoryChallengeStore,
  TOKEN_LIMITS,
  createVerifier,
  type VerifierOptions,
} from '../../../verifier/index.js';
import { createCa, createTestPki, makeAuthToken, type TestPki } from './test-pki.js';

// Each test makes fresh RSA keys: slow on a loaded machine, never a speed assertion.
vi.setConfig({ testTimeout: 60_000 });

const ORIGIN = 'https://acceptatie.zorg-id.nl';
const DAY_MS = 24 * 60 * 60 * 1000;
const PRODUCTION = {
  oidCa: '2.16.528.1.1003.1.3.5.5.2',
  authPolicy: '2.16.528.1.1003.1.2.5.1',
} as const;

let pki: TestPki;

beforeAll(async () => {
  pki = await createTestPki();
}, 60_000);

function setup(overrides: Partial<VerifierOptions> = {}) {
  return createVerifier({
    trustedCaPems: pki.caPems,
    expectedOrigin: ORIGIN,
    challengeStore: new MemoryChallengeStore(),
    revocation: { mode: 'off-i-accept-the-risk' },
    allowTestCertificates: true,
    ...overrides,
  });
}

async function codeOf(result: Promise<{ ok: boolean; code?: string }>): Promise<string> {
  const r = await result;
  return r.ok ? 'ACCEPTED' : (r.code ?? '?');
}

describe('revocation is never off by accident', () => {
  it('createVerifier without `revocation` throws; OCSP off without CRLs throws', () => {
    const base = {
      trustedCaPems: pki.caPems,
      expectedOrigin: ORIGIN,
      challengeStore: new MemoryChallengeStore(),
    };
    expect(() => createVerifier({ ...base } as unknown as VerifierOptions)).toThrow(/revocation.*required/);
    expect(() => createVerifier({ ...base, revocation: { ocsp: false } })).toThrow(
      /nothing would be checked/,
    );
    expect(() => createVerifier({ ...base, revocation: { mode: 'off-i-accept-the-risk' } })).not.toThrow();
  });

  it('with the default (OCSP at the card responder) a card that names no responder is refused', async () => {
    const card = await pki.issueCard();
    const v = setup({ revocation: {} });
    const challenge = await v.issueChallenge();
    expect(await codeOf(v.verifyAuthToken(makeAuthToken(card, ORIGIN, challenge), challenge))).toBe(
      'OCSP_NO_RESPONDER',
    );
  });
});

describe('session binding', () => {
  it('a token obtained in session A is refused in session B, and B cannot use it as its own key', async () => {
    const card = await pki.issueCard();
    const v = setup();
    const sessionA = await v.issueChallenge();
    const sessionB = await v.issueChallenge();
    // The attacker (session B) holds a token the victim's card made for session A's challenge.
    const stolen = makeAuthToken(card, ORIGIN, sessionA);
    expect(await codeOf(v.verifyAuthToken(stolen, sessionB))).toBe('CHALLENGE_MISMATCH');
    // A session without a challenge does not fall back to the token's own challenge.
    expect(await codeOf(v.verifyAuthToken(stolen, undefined))).toBe('CHALLENGE_MISMATCH');
    // The victim's own session still works: the attack did not consume A's challenge.
    expect(await codeOf(v.verifyAuthToken(stolen, sessionA))).toBe('ACCEPTED');
  });
});

describe('certificate checks as complete as Web eID', () => {
  it('CERT_CRITICAL_EXTENSION_UNKNOWN for a card with a critical extension nobody understands', async () => {
    const card = await pki.issueCard({
      extraExtensions: [new x509.Extension('1.2.3.4.5.6.7', true, new Uint8Array([5, 0]).buffer)],
    });
    const v = setup();
    const c = await v.issueChallenge();
    expect(await codeOf(v.verifyAuthToken(makeAuthToken(card, ORIGIN, c), c))).toBe(
      'CERT_CRITICAL_EXTENSION_UNKNOWN',
    );
  });

  it('CERT_KEY_ALGORITHM_MISMATCH for an EC key whose ECDSA signature claims to be RS256', async () => {
    const card = await pki.issueCard({ keyAlgorithm: 'ec' });
    const v = setup();
    const c = await v.issueChallenge();
    expect(await codeOf(v.verifyAuthToken(makeAuthToken(card, ORIGIN, c), c))).toBe(
      'CERT_KEY_ALGORITHM_MISMATCH',
    );
  });

  it('CERT_POLICY_MISSING without a UZI policy, or with the signature policy on a login certificate', async () => {
    const v = setup();
    for (const policies of [['1.2.3.4'], ['2.16.528.1.1007.99.212']]) {
      const card = await pki.issueCard({ policies });
      const c = await v.issueChallenge();
      expect(await codeOf(v.verifyAuthToken(makeAuthToken(card, ORIGIN, c), c))).toBe('CERT_POLICY_MISSING');
    }
  });

  it('TEST_CERTIFICATE_NOT_ALLOWED by default for a UZI TEST card; a production-profile card passes', async () => {
    const v = setup({ allowTestCertificates: undefined });
    const testCard = await pki.issueCard();
    const c1 = await v.issueChallenge();
    expect(await codeOf(v.verifyAuthToken(makeAuthToken(testCard, ORIGIN, c1), c1))).toBe(
      'TEST_CERTIFICATE_NOT_ALLOWED',
    );
    const production = await pki.issueCard({ oidCa: PRODUCTION.oidCa, policies: [PRODUCTION.authPolicy] });
    const c2 = await v.issueChallenge();
    expect(await codeOf(v.verifyAuthToken(makeAuthToken(production, ORIGIN, c2), c2))).toBe('ACCEPTED');
  });

  it('CERT_CHAIN_INVALID for a card certificate that claims to be a CA', async () => {
    const card = await pki.issueCard({ claimsCa: true });
    const v = setup();
    const c = await v.issueChallenge();
    expect(await codeOf(v.verifyAuthToken(makeAuthToken(card, ORIGIN, c), c))).toBe('CERT_CHAIN_INVALID');
  });

  it('CERT_CHAIN_INVALID when a CA with pathLen 0 has a CA below it', async () => {
    const now = Date.now();
    const limited = await createCa(
      'TEST Limited CA',
      pki.root,
      new Date(now - DAY_MS),
      new Date(now + 90 * DAY_MS),
      0,
    );
    const below = await createCa(
      'TEST Below CA',
      limited,
      new Date(now - DAY_MS),
      new Date(now + 90 * DAY_MS),
    );
    const card = await pki.issueCard({ issuer: below });
    const v = setup({ trustedCaPems: [pki.root.pem, limited.pem, below.pem] });
    const c = await v.issueChallenge();
    expect(await codeOf(v.verifyAuthToken(makeAuthToken(card, ORIGIN, c), c))).toBe('CERT_CHAIN_INVALID');
  });

  it('TOKEN_TOO_LARGE for an oversized certificate or signature, before any parsing', async () => {
    const card = await pki.issueCard();
    const v = setup();
    const c = await v.issueChallenge();
    const token = makeAuthToken(card, ORIGIN, c);
    const huge = 'A'.repeat(TOKEN_LIMITS.certificateBase64Chars + 4);
    expect(await codeOf(v.verifyAuthToken({ ...token, certificate: huge }, c))).toBe('TOKEN_TOO_LARGE');
    const c2 = await v.issueChallenge();
    const longSignature = 'A'.repeat(TOKEN_LIMITS.signatureBase64Chars + 4);
    expect(await codeOf(v.verifyAuthToken({ ...token, challenge: c2, signature: longSignature }, c2))).toBe(
      'TOKEN_TOO_LARGE',
    );
  });
});

describe('CRLs: of the issuer, signed, fresh', () => {
  it('CRL_STALE for a CRL past its nextUpdate (it would have let a card revoked since then in)', async () => {
    const card = await pki.issueCard();
    const stale = await pki.createCrl([], pki.issuing, {
      thisUpdate: new Date(Date.now() - 10 * DAY_MS),
      nextUpdate: new Date(Date.now() - 3 * DAY_MS),
    });
    const v = setup({ revocation: { ocsp: false, crl: { ders: [stale] } } });
    const c = await v.issueChallenge();
    expect(await codeOf(v.verifyAuthToken(makeAuthToken(card, ORIGIN, c), c))).toBe('CRL_STALE');
  });

  it('CRL_MISSING when only another issuer’s CRL is there; CRL_INVALID for a forged or unparsable one', async () => {
    const card = await pki.issueCard();
    const other = await createTestPki('TEST Other');
    const foreign = await other.createCrl([]);
    const v1 = setup({ revocation: { ocsp: false, crl: { ders: [foreign] } } });
    const c1 = await v1.issueChallenge();
    expect(await codeOf(v1.verifyAuthToken(makeAuthToken(card, ORIGIN, c1), c1))).toBe('CRL_MISSING');
    // Same issuer name, signed by another key: a forged "nothing revoked" list.
    const forgedIssuer = { ...other.issuing, cert: pki.issuing.cert };
    const forged = await pki.createCrl([], forgedIssuer);
    const v2 = setup({ revocation: { ocsp: false, crl: { ders: [forged] } } });
    const c2 = await v2.issueChallenge();
    expect(await codeOf(v2.verifyAuthToken(makeAuthToken(card, ORIGIN, c2), c2))).toBe('CRL_INVALID');
    const v3 = setup({ revocation: { ocsp: false, crl: { ders: [new Uint8Array([0x30, 0x03, 1, 2, 3])] } } });
    const c3 = await v3.issueChallenge();
    expect(await codeOf(v3.verifyAuthToken(makeAuthToken(card, ORIGIN, c3), c3))).toBe('CRL_INVALID');
  });
});

describe('CRL fetched from the distribution point', () => {
  let server: Server;
  let base: string;
  let crl: Buffer = Buffer.alloc(0);
  let requests = 0;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      requests += 1;
      res.writeHead(200, { 'Content-Type': 'application/pkix-crl' }).end(crl);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const cdp = (url: string) => [new x509.CRLDistributionPointsExtension([url])];

  it('revoked, good (cached until nextUpdate), stale, unreachable', async () => {
    const revoked = await pki.issueCard({ extraExtensions: cdp(`${base}/a.crl`) });
    const good = await pki.issueCard({ extraExtensions: cdp(`${base}/a.crl`) });
    crl = await pki.createCrl([revoked.serialHex]);
    const v = setup({ revocation: { ocsp: false, crl: { fetch: true, timeoutMs: 2_000 } } });
    const c1 = await v.issueChallenge();
    expect(await codeOf(v.verifyAuthToken(makeAuthToken(revoked, ORIGIN, c1), c1))).toBe('CERT_REVOKED');
    const before = requests;
    for (let i = 0; i < 2; i++) {
      const c = await v.issueChallenge();
      expect(await codeOf(v.verifyAuthToken(makeAuthToken(good, ORIGIN, c), c))).toBe('ACCEPTED');
    }
    expect(requests - before).toBe(1);

    const staleCard = await pki.issueCard({ extraExtensions: cdp(`${base}/stale.crl`) });
    crl = await pki.createCrl([], pki.issuing, {
      thisUpdate: new Date(Date.now() - 10 * DAY_MS),
      nextUpdate: new Date(Date.now() - DAY_MS),
    });
    const c2 = await v.issueChallenge();
    expect(await codeOf(v.verifyAuthToken(makeAuthToken(staleCard, ORIGIN, c2), c2))).toBe('CRL_STALE');

    const nowhere = await pki.issueCard({ extraExtensions: cdp('http://127.0.0.1:9/none.crl') });
    const c3 = await v.issueChallenge();
    expect(await codeOf(v.verifyAuthToken(makeAuthToken(nowhere, ORIGIN, c3), c3))).toBe('CRL_UNREACHABLE');
  });
});
