import { createHash, verify, X509Certificate } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardSession } from '../../../native-host/src/card/card-session.js';
import { TokenWorkerClient } from '../../../native-host/src/token/pkcs11/worker-client.js';
import { WORKER_DEBUG_ENV_VAR } from '../../../native-host/src/token/pkcs11/worker-protocol.js';
import { createSoftHsmToken, SOFTHSM_MODULE, USER_PIN, type SoftHsmToken } from './softhsm.js';

const ORIGIN = 'https://acceptatie.zorg-id.nl';
const CHALLENGE = 'bm9uY2UtZnJvbS10aGUtcG9ydGFsLTEyMzQ1';

let token: SoftHsmToken;
let client: TokenWorkerClient;
let session: CardSession;

beforeAll(() => {
  token = createSoftHsmToken();
  client = new TokenWorkerClient({
    modulePath: SOFTHSM_MODULE,
    workerEnv: { ...token.env, [WORKER_DEBUG_ENV_VAR]: '1' },
  });
  session = new CardSession({ token: client });
});

afterAll(async () => {
  await session?.close();
  token?.cleanup();
});

const certificateOf = (role: string): Buffer => {
  const pair = token.pki.keyPairs.find((candidate) => candidate.role === role);
  if (!pair) throw new Error(role);
  return pair.certificateDer;
};

describe('CardSession over SoftHSM2 in the token worker', () => {
  it('lists the token with its PIN state', async () => {
    const tokens = await session.tokens();
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({
      label: 'Jan Test',
      pin: { blocked: false, finalTry: false, pinpad: false },
    });
    expect(tokens[0]?.serialNumber).toMatch(/^[0-9a-f]+$/);
  });

  it('finds the three certificates by key usage, not by label', async () => {
    const card = await session.readCard();
    for (const role of ['authentication', 'signature', 'encryption'] as const) {
      expect(Buffer.from(card.certificates[role].der).equals(certificateOf(role))).toBe(true);
    }
    expect(card.certificates.authentication.label).toBe('Handtekening');
  });

  it('authenticates: the token verifies against the authentication certificate', async () => {
    const started = performance.now();
    const authToken = await session.authenticate({ origin: ORIGIN, challenge: CHALLENGE, pin: USER_PIN });
    console.error(`authenticate over SoftHSM in worker: ${(performance.now() - started).toFixed(0)} ms`);
    const sha256 = (text: string) => createHash('sha256').update(text).digest();
    const certificate = new X509Certificate(Buffer.from(authToken.certificate, 'base64'));
    expect(certificate.raw.equals(certificateOf('authentication'))).toBe(true);
    const signed = Buffer.concat([sha256(ORIGIN), sha256(CHALLENGE)]);
    expect(verify('sha256', signed, certificate.publicKey, Buffer.from(authToken.signature, 'base64'))).toBe(
      true,
    );
  });

  it('signs a SHA-384 hash with the signature key (CKM_RSA_PKCS over DigestInfo)', async () => {
    const document = Buffer.from('Bevestiging registratie');
    const hash = createHash('sha384').update(document).digest();
    const result = await session.sign({ origin: ORIGIN, hash, hashAlgorithm: 'SHA-384', pin: USER_PIN });
    const certificate = new X509Certificate(Buffer.from(result.certificate, 'base64'));
    expect(certificate.raw.equals(certificateOf('signature'))).toBe(true);
    expect(verify('sha384', document, certificate.publicKey, Buffer.from(result.signature, 'base64'))).toBe(
      true,
    );
  });

  it('says PIN_INCORRECT for a wrong PIN, then works with the right one', async () => {
    await expect(
      session.authenticate({ origin: ORIGIN, challenge: CHALLENGE, pin: '000000' }),
    ).rejects.toMatchObject({
      code: 'PIN_INCORRECT',
    });
    await expect(
      session.authenticate({ origin: ORIGIN, challenge: CHALLENGE, pin: USER_PIN }),
    ).resolves.toMatchObject({
      origin: ORIGIN,
    });
  });

  it('fails the call of a worker killed mid-operation, and the next call works', async () => {
    const pid = (await client.ping()).pid;
    const call = client.debugSleep(30_000);
    setTimeout(() => process.kill(pid, 'SIGKILL'), 300);
    await expect(call).rejects.toMatchObject({ code: 'INTERNAL' });
    const card = await session.readCard();
    expect(card.certificates.signature.keyId).toBe('03');
    expect(client.workerPid).not.toBe(pid);
  });

  it('says PKCS11_MODULE_NOT_FOUND for a wrong module path', async () => {
    const wrong = new TokenWorkerClient({ modulePath: '/usr/lib/softhsm/libsofthsm-missing.so' });
    try {
      await expect(new CardSession({ token: wrong }).readCard()).rejects.toMatchObject({
        code: 'PKCS11_MODULE_NOT_FOUND',
        details: { path: '/usr/lib/softhsm/libsofthsm-missing.so' },
      });
    } finally {
      await wrong.close();
    }
  });

  it('says NO_CARD when the module has no token', async () => {
    const empty = createSoftHsmTokenlessEnv();
    const noToken = new TokenWorkerClient({ modulePath: SOFTHSM_MODULE, workerEnv: empty.env });
    try {
      await expect(new CardSession({ token: noToken }).readCard()).rejects.toMatchObject({ code: 'NO_CARD' });
    } finally {
      await noToken.close();
      empty.cleanup();
    }
  });
});

/** SoftHSM always shows one free, uninitialised slot; our listing asks for tokens that are present. */
function createSoftHsmTokenlessEnv(): { env: Record<string, string>; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'zorgid-softhsm-empty-'));
  mkdirSync(join(dir, 'tokens'));
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\n`);
  return { env: { SOFTHSM2_CONF: conf }, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
