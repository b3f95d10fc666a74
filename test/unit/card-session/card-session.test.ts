import { createHash, createPublicKey, publicDecrypt, verify, X509Certificate } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardSession } from '../../../native-host/src/card/card-session.js';
import { certificateRoleOf } from '../../../shared/uzi/certificate-role.js';
import { DIGEST_INFO_PREFIXES } from '../../../native-host/src/token/pkcs11/digest-info.js';
import { MECHANISMS, USER_TYPES } from '../../../native-host/src/token/pkcs11/constants.js';
import { AUTH_TOKEN_FORMAT, SIGN_HASH_ALGORITHMS } from '../../../shared/protocol/token.js';
import { InProcessToken } from './in-process-token.js';
import { SimulatedModule, type SimulatedModuleOptions } from './simulated-module.js';
import { caCertificateDer, createTestPki, type TestPki } from './test-certificates.js';

const PIN = '123456';
const ORIGIN = 'https://acceptatie.zorg-id.nl';
const CHALLENGE = 'c2lnbi10aGlzLWNoYWxsZW5nZS0xMjM0NTY3ODkw';
const REAL_CARD = join(import.meta.dirname, '../../fixtures/uzi-test-certs/card-zorgverlener-jan');

let pki: TestPki;
beforeAll(() => {
  pki = createTestPki();
});
afterAll(() => pki.cleanup());

function setup(options: Partial<SimulatedModuleOptions> = {}, now?: () => Date) {
  const module = new SimulatedModule({ keyPairs: pki.keyPairs, pin: PIN, ...options });
  const token = new InProcessToken(module);
  const session = new CardSession(now ? { token, now } : { token });
  return { module, token, session };
}

const pair = (role: string) => {
  const found = pki.keyPairs.find((candidate) => candidate.role === role);
  if (!found) throw new Error(role);
  return found;
};

const expectCode = async (promise: Promise<unknown>, code: string) => {
  await expect(promise).rejects.toMatchObject({ code });
};

describe('certificate classification by key usage', () => {
  it('classifies generated certificates whatever their label says', () => {
    for (const keyPair of pki.keyPairs) expect(certificateRoleOf(keyPair.certificateDer)).toBe(keyPair.role);
  });

  it('calls a CA certificate and garbage unknown', () => {
    expect(certificateRoleOf(caCertificateDer(pki))).toBe('unknown');
    expect(certificateRoleOf(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]))).toBe('unknown');
  });

  it.skipIf(!existsSync(REAL_CARD))('classifies the real UZI test card', () => {
    const der = (file: string) => new X509Certificate(readFileSync(join(REAL_CARD, file))).raw;
    expect(certificateRoleOf(der('authenticatie.pem'))).toBe('authentication');
    expect(certificateRoleOf(der('handtekening.pem'))).toBe('signature');
    expect(certificateRoleOf(der('vertrouwelijkheid.pem'))).toBe('encryption');
  });
});

describe('CardSession.readCard', () => {
  it('finds the three certificates by key usage, with serial and label, and caches per serial', async () => {
    const { session, module } = setup();
    const card = await session.readCard();
    expect(card.tokenSerial).toBe('00112233445566778899');
    expect(card.tokenLabel).toBe('Jan Test authentication');
    expect(card.readerName).toBe('Virtual PCD 00 00');
    expect(card.certificates.authentication.keyId).toBe('02');
    expect(card.certificates.authentication.label).toBe('Handtekening');
    expect(card.certificates.signature.keyId).toBe('03');
    expect(card.certificates.encryption.keyId).toBe('01');
    expect(Buffer.from(card.certificates.signature.der).equals(pair('signature').certificateDer)).toBe(true);
    expect(module.openSessions).toBe(0);

    const readCertificates = session['token'].readCertificates.bind(session['token']);
    let reads = 0;
    session['token'].readCertificates = (slotId: string) => {
      reads++;
      return readCertificates(slotId);
    };
    await session.readCard();
    expect(reads).toBe(0);
    session.invalidate();
    await session.readCard();
    expect(reads).toBe(1);
  });

  it('says NO_CARD without a token and NOT_A_UZI_CARD when a key role is missing', async () => {
    const { session, module } = setup();
    module.present = false;
    await expectCode(session.readCard(), 'NO_CARD');
    const partial = setup({ keyPairs: pki.keyPairs.filter((keyPair) => keyPair.role !== 'signature') });
    await expect(partial.session.readCard()).rejects.toMatchObject({
      code: 'NOT_A_UZI_CARD',
      details: { tokenLabel: 'Jan Test authentication', missing: ['signature'] },
    });
  });
});

describe('CardSession.authenticate', () => {
  it('returns a token whose signature verifies over SHA-256(origin) ‖ SHA-256(challenge)', async () => {
    const { session, module } = setup();
    const token = await session.authenticate({ origin: ORIGIN, challenge: CHALLENGE, pin: PIN });
    expect(token.format).toBe(AUTH_TOKEN_FORMAT);
    expect(token.algorithm).toBe('RS256');
    expect(token.origin).toBe(ORIGIN);
    expect(token.challenge).toBe(CHALLENGE);
    const certificate = new X509Certificate(Buffer.from(token.certificate, 'base64'));
    expect(certificate.raw.equals(pair('authentication').certificateDer)).toBe(true);
    const sha256 = (text: string) => createHash('sha256').update(text).digest();
    const signedData = Buffer.concat([sha256(ORIGIN), sha256(CHALLENGE)]);
    const signature = Buffer.from(token.signature, 'base64');
    expect(verify('sha256', signedData, certificate.publicKey, signature)).toBe(true);
    const otherOrigin = Buffer.concat([sha256('https://evil.example'), sha256(CHALLENGE)]);
    expect(verify('sha256', otherOrigin, certificate.publicKey, signature)).toBe(false);
    expect(module.signedMechanisms).toEqual([MECHANISMS.sha256RsaPkcs]);
    expect(module.openSessions).toBe(0);
  });

  it('wipes the PIN bytes in the caller and in the token layer, also when the PIN is wrong', async () => {
    const { session, token } = setup();
    const pin = Buffer.from(PIN);
    await session.authenticate({ origin: ORIGIN, challenge: CHALLENGE, pin });
    expect(pin.every((byte) => byte === 0)).toBe(true);
    expect(token.signRequests[0]?.pin?.every((byte) => byte === 0)).toBe(true);

    const wrong = new Uint8Array(Buffer.from('654321'));
    await expectCode(
      session.authenticate({ origin: ORIGIN, challenge: CHALLENGE, pin: wrong }),
      'PIN_INCORRECT',
    );
    expect(wrong.every((byte) => byte === 0)).toBe(true);
    expect(token.signRequests[1]?.pin?.every((byte) => byte === 0)).toBe(true);
  });

  it('never puts the PIN in an error', async () => {
    const { session } = setup();
    const error = await session
      .authenticate({ origin: ORIGIN, challenge: CHALLENGE, pin: '999888' })
      .catch((caught: unknown) => caught);
    expect(JSON.stringify(error) + String(error)).not.toContain('999888');
  });

  it('counts down like OpenSC and refuses the last try unless confirmed', async () => {
    const { session, module } = setup();
    const attempt = (pin: string, confirmLastTry = false) =>
      session.authenticate({ origin: ORIGIN, challenge: CHALLENGE, pin, confirmLastTry });
    await expect(attempt('000000')).rejects.toMatchObject({
      code: 'PIN_INCORRECT',
      details: { triesLeft: null },
    });
    await expect(attempt('000000')).rejects.toMatchObject({
      code: 'PIN_INCORRECT',
      details: { triesLeft: 1 },
    });
    expect(await session.pinStatus()).toEqual({
      triesLeft: 1,
      blocked: false,
      finalTry: true,
      pinpad: false,
    });

    const loginsBefore = module.logins.length;
    await expectCode(attempt(PIN), 'PIN_LAST_TRY');
    expect(module.logins.length).toBe(loginsBefore);

    await expectCode(attempt('000000', true), 'PIN_BLOCKED');
    expect(module.locked).toBe(true);
    await expectCode(attempt(PIN, true), 'PIN_BLOCKED');
    expect(module.logins.length).toBe(loginsBefore + 1);
  });

  it('spends the last try when the user confirmed it', async () => {
    const { session, module } = setup();
    module.setFinalTry();
    await expectCode(
      session.sign({ origin: ORIGIN, hash: Buffer.alloc(32), hashAlgorithm: 'SHA-256', pin: PIN }),
      'PIN_LAST_TRY',
    );
    const token = await session.authenticate({
      origin: ORIGIN,
      challenge: CHALLENGE,
      pin: PIN,
      confirmLastTry: true,
    });
    expect(token.signature.length).toBeGreaterThan(0);
  });

  it('refuses an expired authentication certificate with its notAfter', async () => {
    const { session, module } = setup({}, () => new Date(Date.now() + 365 * 86_400_000));
    const notAfter = new X509Certificate(pair('authentication').certificateDer).validTo;
    await expect(
      session.authenticate({ origin: ORIGIN, challenge: CHALLENGE, pin: PIN }),
    ).rejects.toMatchObject({
      code: 'CERTIFICATE_EXPIRED',
      details: { role: 'authentication', notAfter: new Date(notAfter).toISOString() },
    });
    expect(module.logins).toEqual([]);
  });

  it('rejects a challenge of the wrong length before touching the card', async () => {
    const { session, module } = setup();
    await expectCode(session.authenticate({ origin: ORIGIN, challenge: 'short', pin: PIN }), 'BAD_REQUEST');
    expect(module.logins).toEqual([]);
  });

  it('logs in with an empty PIN on a pinpad reader', async () => {
    const { session, module } = setup({ pinpad: true });
    expect((await session.readCard()).pin.pinpad).toBe(true);
    await session.authenticate({ origin: ORIGIN, challenge: CHALLENGE, pin: null });
    expect(module.logins).toEqual([{ userType: USER_TYPES.user, pin: '' }]);
  });

  it('says BAD_REQUEST, not a wrong PIN, when the PIN is missing on a normal reader', async () => {
    const { session, module } = setup();
    await expectCode(
      session.authenticate({ origin: ORIGIN, challenge: CHALLENGE, pin: null }),
      'BAD_REQUEST',
    );
    expect(module.wrongTries).toBe(0);
  });

  it('says NO_CARD once the card is gone, and works again after re-insert', async () => {
    const { session, module } = setup();
    await session.readCard();
    module.present = false;
    await expectCode(session.authenticate({ origin: ORIGIN, challenge: CHALLENGE, pin: PIN }), 'NO_CARD');
    session.cardRemoved();
    module.present = true;
    await session.authenticate({ origin: ORIGIN, challenge: CHALLENGE, pin: PIN });
  });
});

describe('CardSession.sign', () => {
  it.each(SIGN_HASH_ALGORITHMS)(
    'signs a %s DigestInfo with the non-repudiation key',
    async (hashAlgorithm) => {
      const { session, module } = setup({ alwaysAuthenticateRoles: ['signature'] });
      const nodeHash = hashAlgorithm.replace('-', '').toLowerCase();
      const document = Buffer.from('Aanvraag ZORG-ID registratie');
      const hash = createHash(nodeHash).update(document).digest();
      const result = await session.sign({
        origin: ORIGIN,
        hash: hash.toString('base64'),
        hashAlgorithm,
        pin: PIN,
      });
      expect(result.hashAlgorithm).toBe(hashAlgorithm);
      const certificate = new X509Certificate(Buffer.from(result.certificate, 'base64'));
      expect(certificate.raw.equals(pair('signature').certificateDer)).toBe(true);
      const signature = Buffer.from(result.signature, 'base64');
      expect(verify(nodeHash, document, certificate.publicKey, signature)).toBe(true);
      const recovered = publicDecrypt(
        createPublicKey(certificate.publicKey.export({ format: 'pem', type: 'spki' })),
        signature,
      );
      expect(
        recovered
          .subarray(0, DIGEST_INFO_PREFIXES[hashAlgorithm].length)
          .equals(DIGEST_INFO_PREFIXES[hashAlgorithm]),
      ).toBe(true);
      // CKA_ALWAYS_AUTHENTICATE: a context-specific login right before C_Sign.
      expect(module.logins.map((login) => login.userType)).toEqual([
        USER_TYPES.user,
        USER_TYPES.contextSpecific,
      ]);
      expect(module.signedMechanisms).toEqual([MECHANISMS.rsaPkcs]);
    },
  );

  it('refuses a hash of the wrong length', async () => {
    const { session } = setup();
    await expectCode(
      session.sign({ origin: ORIGIN, hash: Buffer.alloc(31), hashAlgorithm: 'SHA-256', pin: PIN }),
      'BAD_REQUEST',
    );
  });
});

describe('CardSession queue', () => {
  it('runs one operation at a time, in order', async () => {
    const { session, token } = setup();
    const events: string[] = [];
    const listTokens = token.listTokens;
    token.listTokens = async () => {
      events.push('start');
      await new Promise((resolve) => setTimeout(resolve, 20));
      events.push('end');
      return listTokens();
    };
    await Promise.all([session.tokens(), session.tokens(), session.readCard()]);
    expect(events).toEqual(['start', 'end', 'start', 'end', 'start', 'end']);
  });
});
