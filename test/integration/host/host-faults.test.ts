// Faults the host must survive with the real stack: the card vanishing in the middle of a
// signature (which can hang OpenSC for good), and a PKCS#11 module that is not there.
import { createHash, verify, X509Certificate } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { insertCard, removeCardAbruptly } from '../../../sandbox/card/client.js';
import type { HostStatus, ReadCardResult } from '../../../shared/protocol/host.js';
import type { AuthToken } from '../../../shared/protocol/token.js';
import { cardSocket } from '../../helpers/card-control.js';
import type { HostProcess } from '../../helpers/host-process.js';
import {
  dropEvents,
  errorOf,
  newChallenge,
  nextEvent,
  READER_NAMES,
  restoreSandboxCards,
  resultOf,
  startHost,
} from '../../helpers/host-session.js';

const PIN = '123456';
const ORIGIN = 'http://127.0.0.1:4410';
/** PIV GENERAL AUTHENTICATE: the card vanishes right after receiving it, before answering. */
const INS_GENERAL_AUTHENTICATE = 0x87;
const TEST_TOKEN_DEADLINE_MS = 5_000;

let host: HostProcess | undefined;

afterEach(async () => {
  await host?.close();
  host = undefined;
});

afterAll(async () => {
  await restoreSandboxCards();
});

function verifies(token: AuthToken): boolean {
  const sha256 = (text: string) => createHash('sha256').update(text).digest();
  const certificate = new X509Certificate(Buffer.from(token.certificate, 'base64'));
  const signed = Buffer.concat([sha256(ORIGIN), sha256(token.challenge)]);
  return verify('sha256', signed, certificate.publicKey, Buffer.from(token.signature, 'base64'));
}

describe('card removed in the middle of authenticate', () => {
  // Behaviour, not speed (speed belongs in npm run bench): a hang never answers, so the answer
  // arriving while the card is still out (checked right after) is what proves the deadline works.
  it('answers CARD_REMOVED or TIMEOUT while the card is still out, stays alive, and works after re-insert', async () => {
    await restoreSandboxCards();
    host = await startHost({
      subscribe: true,
      env: { ZORGID_TOKEN_DEADLINE_MS: String(TEST_TOKEN_DEADLINE_MS) },
    });
    const live = host;
    resultOf<ReadCardResult>(await live.request('readCard'));
    dropEvents(live);

    const removed = removeCardAbruptly(cardSocket(), 0, INS_GENERAL_AUTHENTICATE);
    const started = Date.now();
    const answer = await live.request('authenticate', {
      origin: ORIGIN,
      challenge: newChallenge(),
      pin: PIN,
    });
    const elapsedMs = Date.now() - started;
    await removed;
    console.error(
      `[host] authenticate with the card pulled mid-signature: ${errorOf(answer).code} after ${elapsedMs} ms`,
    );
    expect(['CARD_REMOVED', 'TIMEOUT']).toContain(errorOf(answer).code);

    expect(live.child.exitCode).toBeNull();
    const status = resultOf<HostStatus>(await live.request('status'));
    expect(status.readers.find((reader) => reader.name === READER_NAMES[0])?.cardPresent).toBe(false);

    dropEvents(live);
    await insertCard(cardSocket(), { reader: 0, profile: 'zorgverlener' });
    await nextEvent(live, 'card-inserted', READER_NAMES[0]);
    const token = resultOf<AuthToken>(
      await live.request('authenticate', { origin: ORIGIN, challenge: newChallenge(), pin: PIN }),
    );
    expect(verifies(token)).toBe(true);
    expect(live.stderr).not.toContain(PIN);
  });
});

describe('PKCS#11 module missing', () => {
  it('answers PKCS11_MODULE_NOT_FOUND for card commands while status keeps working', async () => {
    await restoreSandboxCards();
    host = await startHost({ env: { ZORGID_PKCS11_MODULE: '/nonexistent.so' } });
    const status = resultOf<HostStatus>(await host.request('status'));
    expect(status.pcsc.available).toBe(true);
    expect(status.readers.find((reader) => reader.name === READER_NAMES[0])).toMatchObject({
      cardPresent: true,
      cardKind: 'uzi-pas',
    });
    expect(status.pkcs11).toEqual({ error: 'PKCS11_MODULE_NOT_FOUND' });

    expect(errorOf(await host.request('readCard')).code).toBe('PKCS11_MODULE_NOT_FOUND');
    const authenticate = await host.request('authenticate', {
      origin: ORIGIN,
      challenge: newChallenge(),
      pin: PIN,
    });
    expect(errorOf(authenticate).code).toBe('PKCS11_MODULE_NOT_FOUND');
    expect(resultOf<HostStatus>(await host.request('status')).pcsc.available).toBe(true);
    expect(host.stderr).not.toContain(PIN);
  });

  it('answers PKCS11_MODULE_LOAD_FAILED, with the loader reason, for a file that is no PKCS#11 module', async () => {
    host = await startHost({ env: { ZORGID_PKCS11_MODULE: '/etc/hostname' } });
    const read = errorOf(await host.request('readCard'));
    expect(read.code).toBe('PKCS11_MODULE_LOAD_FAILED');
    expect(read.details?.path).toBe('/etc/hostname');
    expect(String(read.details?.reason)).toMatch(/\S/);
    expect(resultOf<HostStatus>(await host.request('status')).pkcs11).toEqual({
      module: '/etc/hostname',
      source: 'env',
    });
  });
});
