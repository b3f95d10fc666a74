import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  MemoryChallengeStore,
  createVerifier,
  type Verifier,
  type VerifierOptions,
} from '../../../verifier/index.js';
import { createTestPki, makeAuthToken, signHash, type TestCard, type TestPki } from './test-pki.js';

// Each test makes fresh RSA keys: slow on a loaded machine, never a speed assertion.
vi.setConfig({ testTimeout: 60_000 });

const ORIGIN = 'http://127.0.0.1:4410';
const OTHER_ORIGIN = 'https://evil.example';
const DAY_MS = 24 * 60 * 60 * 1000;

let pki: TestPki;
let otherPki: TestPki;
let card: TestCard;

beforeAll(async () => {
  pki = await createTestPki();
  otherPki = await createTestPki('TEST Other');
  card = await pki.issueCard();
}, 60_000);

/** Revocation and test cards are the subject of verifier-hardening.test.ts; here both are out of the way. */
function setup(overrides: Partial<VerifierOptions> = {}) {
  const verifier = createVerifier({
    trustedCaPems: pki.caPems,
    expectedOrigin: ORIGIN,
    challengeStore: new MemoryChallengeStore(),
    revocation: { mode: 'off-i-accept-the-risk' },
    allowTestCertificates: true,
    ...overrides,
  });
  return verifier;
}

/** A back end whose session holds the challenge the token carries (session binding: verifier-hardening). */
function redeem(v: Verifier, token: unknown) {
  const challenge = (token as { challenge?: unknown } | null)?.challenge;
  return v.verifyAuthToken(token, typeof challenge === 'string' ? challenge : 'x'.repeat(43));
}

async function expectCode(result: Promise<{ ok: boolean; code?: string }>, code: string) {
  const r = await result;
  expect(r.ok).toBe(false);
  expect(r.code).toBe(code);
}

describe('verifyAuthToken', () => {
  it('accepts a token signed for the expected origin and returns the UZI identity', async () => {
    const v = setup();
    const challenge = await v.issueChallenge();
    const result = await redeem(v, makeAuthToken(card, ORIGIN, challenge));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.identity).toMatchObject({
      uziNumber: '900012345',
      cardType: 'Z',
      ura: '90000001',
      roleCode: '01.015',
      givenName: 'Anna',
      surname: 'de Vries',
      organisationName: 'Sandbox Huisartsenpraktijk De Linde',
    });
  });

  it('TOKEN_MALFORMED for a wrong format tag, missing fields or a short challenge', async () => {
    const v = setup();
    const challenge = await v.issueChallenge();
    const token = makeAuthToken(card, ORIGIN, challenge);
    await expectCode(redeem(v, { ...token, format: 'other' }), 'TOKEN_MALFORMED');
    await expectCode(redeem(v, { ...token, signature: undefined }), 'TOKEN_MALFORMED');
    await expectCode(redeem(v, { ...token, challenge: 'short' }), 'TOKEN_MALFORMED');
    await expectCode(redeem(v, null), 'TOKEN_MALFORMED');
    const fresh = makeAuthToken(card, ORIGIN, await v.issueChallenge());
    await expectCode(redeem(v, { ...fresh, certificate: 'AAAA' }), 'TOKEN_MALFORMED');
  });

  it('CERT_UNTRUSTED for a card from another PKI', async () => {
    const v = setup();
    const foreign = await otherPki.issueCard();
    await expectCode(redeem(v, makeAuthToken(foreign, ORIGIN, await v.issueChallenge())), 'CERT_UNTRUSTED');
  });

  it('CERT_UNTRUSTED when only the root is trusted but the issuing CA is missing', async () => {
    const v = setup({ trustedCaPems: [pki.root.pem] });
    await expectCode(redeem(v, makeAuthToken(card, ORIGIN, await v.issueChallenge())), 'CERT_UNTRUSTED');
  });

  it('CERT_EXPIRED and CERT_NOT_YET_VALID follow the injected clock', async () => {
    const expired = setup({ now: () => new Date(Date.now() + 4 * 365 * DAY_MS) });
    // The CA is still valid then (5 years), the card (3 years) is not.
    await expectCode(
      redeem(expired, makeAuthToken(card, ORIGIN, await expired.issueChallenge())),
      'CERT_EXPIRED',
    );
    const early = setup({ now: () => new Date(Date.now() - 2 * DAY_MS) });
    await expectCode(
      redeem(early, makeAuthToken(card, ORIGIN, await early.issueChallenge())),
      'CERT_NOT_YET_VALID',
    );
  });

  it('CERT_REVOKED when a CRL from the issuing CA lists the card; a CRL signed by someone else is CRL_INVALID', async () => {
    const revokedCard = await pki.issueCard({ uziNumber: '900099999' });
    const crl = await pki.createCrl([revokedCard.serialHex]);
    const v = setup({ revocation: { ocsp: false, crl: { ders: [crl] } } });
    await expectCode(redeem(v, makeAuthToken(revokedCard, ORIGIN, await v.issueChallenge())), 'CERT_REVOKED');
    const ok = await redeem(v, makeAuthToken(card, ORIGIN, await v.issueChallenge()));
    expect(ok.ok).toBe(true);
  });

  it('WRONG_KEY_USAGE for the signature certificate used to log in', async () => {
    const v = setup();
    const signing = await pki.issueCard({ usage: 'signature' });
    await expectCode(redeem(v, makeAuthToken(signing, ORIGIN, await v.issueChallenge())), 'WRONG_KEY_USAGE');
  });

  it('NOT_A_UZI_CERTIFICATE for a trusted certificate without the UZI SAN', async () => {
    const v = setup();
    const plain = await pki.issueCard({ uziSan: false });
    await expectCode(
      redeem(v, makeAuthToken(plain, ORIGIN, await v.issueChallenge())),
      'NOT_A_UZI_CERTIFICATE',
    );
  });

  it('ORIGIN_MISMATCH for a token made for another origin', async () => {
    const v = setup();
    await expectCode(
      redeem(v, makeAuthToken(card, OTHER_ORIGIN, await v.issueChallenge())),
      'ORIGIN_MISMATCH',
    );
  });

  it('ORIGIN_MISMATCH is not fooled by relabelling: a token for another origin claiming ours is SIGNATURE_INVALID', async () => {
    const v = setup();
    const token = makeAuthToken(card, OTHER_ORIGIN, await v.issueChallenge());
    await expectCode(redeem(v, { ...token, origin: ORIGIN }), 'SIGNATURE_INVALID');
  });

  it('SIGNATURE_INVALID for a signature by another key or over another challenge', async () => {
    const v = setup();
    const other = await pki.issueCard({ uziNumber: '900054321' });
    const challenge = await v.issueChallenge();
    const token = makeAuthToken(card, ORIGIN, challenge);
    const forged = { ...token, signature: makeAuthToken(other, ORIGIN, challenge).signature };
    await expectCode(redeem(v, forged), 'SIGNATURE_INVALID');
    const c2 = await v.issueChallenge();
    const wrongChallenge = { ...makeAuthToken(card, ORIGIN, 'x'.repeat(43)), challenge: c2 };
    await expectCode(redeem(v, wrongChallenge), 'SIGNATURE_INVALID');
  });

  it('CHALLENGE_UNKNOWN for a challenge this back end never issued', async () => {
    const v = setup();
    await expectCode(redeem(v, makeAuthToken(card, ORIGIN, 'a'.repeat(43))), 'CHALLENGE_UNKNOWN');
  });

  it('CHALLENGE_REUSED when the same token comes twice', async () => {
    const v = setup();
    const token = makeAuthToken(card, ORIGIN, await v.issueChallenge());
    expect((await redeem(v, token)).ok).toBe(true);
    await expectCode(redeem(v, token), 'CHALLENGE_REUSED');
  });

  it('a failed attempt uses up the challenge too', async () => {
    const v = setup();
    const challenge = await v.issueChallenge();
    await expectCode(redeem(v, makeAuthToken(card, OTHER_ORIGIN, challenge)), 'ORIGIN_MISMATCH');
    await expectCode(redeem(v, makeAuthToken(card, ORIGIN, challenge)), 'CHALLENGE_REUSED');
  });

  it('CHALLENGE_EXPIRED after the time limit (default 5 minutes)', async () => {
    let clock = Date.now();
    const v = setup({ now: () => new Date(clock) });
    const challenge = await v.issueChallenge();
    clock += 5 * 60 * 1000 + 1;
    await expectCode(redeem(v, makeAuthToken(card, ORIGIN, challenge)), 'CHALLENGE_EXPIRED');
    const fresh = await v.issueChallenge();
    clock += 4 * 60 * 1000;
    expect((await redeem(v, makeAuthToken(card, ORIGIN, fresh))).ok).toBe(true);
  });
});

describe('verifySignature', () => {
  const hash = createHash('sha256').update('Ik bevestig mijn registratie').digest();

  it('accepts a PKCS#1 v1.5 signature by the signature certificate', async () => {
    const v = setup();
    const signing = await pki.issueCard({ usage: 'signature' });
    const result = await v.verifySignature({
      certificate: signing.der.toString('base64'),
      hash: hash.toString('base64'),
      hashAlgorithm: 'SHA-256',
      signature: signHash(signing, hash).toString('base64'),
    });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.identity.uziNumber).toBe('900012345');
  });

  it('SIGNATURE_INVALID over another hash, WRONG_KEY_USAGE for the authentication certificate', async () => {
    const v = setup();
    const signing = await pki.issueCard({ usage: 'signature' });
    const otherHash = createHash('sha256').update('iets anders').digest();
    await expectCode(
      v.verifySignature({
        certificate: signing.der,
        hash,
        hashAlgorithm: 'SHA-256',
        signature: signHash(signing, otherHash),
      }),
      'SIGNATURE_INVALID',
    );
    await expectCode(
      v.verifySignature({
        certificate: card.der,
        hash,
        hashAlgorithm: 'SHA-256',
        signature: signHash(card, hash),
      }),
      'WRONG_KEY_USAGE',
    );
  });

  it('TOKEN_MALFORMED for a hash of the wrong length', async () => {
    const v = setup();
    await expectCode(
      v.verifySignature({
        certificate: card.der,
        hash: hash.subarray(0, 20),
        hashAlgorithm: 'SHA-256',
        signature: hash,
      }),
      'TOKEN_MALFORMED',
    );
  });
});
