// PIN handling of the built host against the virtual UZI-pas through OpenSC: wrong PINs, the
// last-try consent, blocking and unblocking with the PUK, and no PIN in the host's log.
import { createHash, verify, X509Certificate } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PinStatusResult } from '../../../shared/protocol/host.js';
import type { AuthToken } from '../../../shared/protocol/token.js';
import type { HostProcess } from '../../helpers/host-process.js';
import {
  errorOf,
  FULL_TRIES,
  newChallenge,
  pinTriesLeft,
  READER_NAMES,
  restoreSandboxCards,
  resultOf,
  startHost,
  swapCard,
} from '../../helpers/host-session.js';

const PIN = '123456';
const PUK = '12345678';
const WRONG_PINS = ['987650', '864209', '753198'] as const;
const ORIGIN = 'http://127.0.0.1:4410';
const UNBLOCK_TIMEOUT_MS = 30_000;

let host: HostProcess;

function authenticate(pin: string, confirmLastTry?: boolean) {
  return host.request('authenticate', {
    origin: ORIGIN,
    challenge: newChallenge(),
    pin,
    ...(confirmLastTry === undefined ? {} : { confirmLastTry }),
  });
}

function verifies(token: AuthToken): boolean {
  const sha256 = (text: string) => createHash('sha256').update(text).digest();
  const certificate = new X509Certificate(Buffer.from(token.certificate, 'base64'));
  const signed = Buffer.concat([sha256(ORIGIN), sha256(token.challenge)]);
  return verify('sha256', signed, certificate.publicKey, Buffer.from(token.signature, 'base64'));
}

async function pinStatus(): Promise<PinStatusResult> {
  return resultOf<PinStatusResult>(await host.request('pinStatus'));
}

beforeAll(async () => {
  await restoreSandboxCards();
  // Debug level: the most the host ever logs, so the no-PIN check covers every log line.
  host = await startHost({ subscribe: true, env: { ZORGID_LOG_LEVEL: 'debug' } });
});

afterAll(async () => {
  await host?.close();
  await restoreSandboxCards();
});

describe('PIN handling through OpenSC', () => {
  beforeEach(async () => {
    // Full counters and a card OpenSC has not seen a VERIFY on (FINAL_TRY sticks until re-insert).
    await swapCard(host, 0, 'zorgverlener');
  });

  it('reports a fresh PIN as usable', async () => {
    const status = await pinStatus();
    expect(status).toMatchObject({ blocked: false, finalTry: false, pinpad: false });
    expect([null, FULL_TRIES]).toContain(status.triesLeft);
  });

  it('asks consent for the last try and spends no try without it', async () => {
    const first = errorOf(await authenticate(WRONG_PINS[0]));
    expect(first.code).toBe('PIN_INCORRECT');
    expect([null, 2]).toContain(first.details?.triesLeft);
    expect(await pinTriesLeft()).toBe(2);

    const second = errorOf(await authenticate(WRONG_PINS[1]));
    expect(second.code).toBe('PIN_INCORRECT');
    expect(second.details?.triesLeft).toBe(1);
    expect(await pinTriesLeft()).toBe(1);

    expect(await pinStatus()).toMatchObject({ blocked: false, finalTry: true, triesLeft: 1 });

    expect(errorOf(await authenticate(PIN)).code).toBe('PIN_LAST_TRY');
    expect(errorOf(await authenticate(PIN, false)).code).toBe('PIN_LAST_TRY');
    expect(await pinTriesLeft()).toBe(1);

    const token = resultOf<AuthToken>(await authenticate(PIN, true));
    expect(verifies(token)).toBe(true);
    expect(await pinTriesLeft()).toBe(FULL_TRIES);
  });

  it('after the right PIN on the last try, the PIN is ordinary again (OpenSC keeps FINAL_TRY)', async () => {
    expect(errorOf(await authenticate(WRONG_PINS[0])).code).toBe('PIN_INCORRECT');
    expect(errorOf(await authenticate(WRONG_PINS[1])).code).toBe('PIN_INCORRECT');
    expect(verifies(resultOf<AuthToken>(await authenticate(PIN, true)))).toBe(true);
    expect(await pinTriesLeft()).toBe(FULL_TRIES);

    // The card's counter is back at 3: no last-try warning, no confirmation needed.
    expect(await pinStatus()).toMatchObject({ blocked: false, finalTry: false, triesLeft: null });
    expect(verifies(resultOf<AuthToken>(await authenticate(PIN)))).toBe(true);
    const signed = await host.request('sign', {
      origin: ORIGIN,
      hash: createHash('sha256').update('x').digest('base64'),
      hashAlgorithm: 'SHA-256',
      pin: PIN,
    });
    expect(resultOf<{ signature: string }>(signed).signature.length).toBeGreaterThan(0);

    // A wrong PIN after that counts from 3 again, and the token's flags are trusted again.
    const wrong = errorOf(await authenticate(WRONG_PINS[0]));
    expect(wrong.code).toBe('PIN_INCORRECT');
    expect(wrong.details?.finalTry).toBe(false);
    expect(await pinTriesLeft()).toBe(2);
    expect((await pinStatus()).finalTry).toBe(false);
    expect(errorOf(await authenticate(WRONG_PINS[1])).code).toBe('PIN_INCORRECT');
    expect(await pinStatus()).toMatchObject({ finalTry: true, triesLeft: 1 });
    expect(errorOf(await authenticate(PIN)).code).toBe('PIN_LAST_TRY');
    expect(await pinTriesLeft()).toBe(1);
  });

  it('blocks after the third wrong PIN, stays blocked, and works again after a PUK unblock', async () => {
    expect(errorOf(await authenticate(WRONG_PINS[0])).code).toBe('PIN_INCORRECT');
    expect(errorOf(await authenticate(WRONG_PINS[1])).code).toBe('PIN_INCORRECT');
    expect(errorOf(await authenticate(WRONG_PINS[2], true)).code).toBe('PIN_BLOCKED');
    expect(await pinTriesLeft()).toBe(0);

    expect(await pinStatus()).toMatchObject({ blocked: true, finalTry: false, triesLeft: 0 });
    expect(errorOf(await authenticate(PIN, true)).code).toBe('PIN_BLOCKED');
    const signAttempt = await host.request('sign', {
      origin: ORIGIN,
      hash: createHash('sha256').update('x').digest('base64'),
      hashAlgorithm: 'SHA-256',
      pin: PIN,
      confirmLastTry: true,
    });
    expect(errorOf(signAttempt).code).toBe('PIN_BLOCKED');
    expect(await pinTriesLeft()).toBe(0);

    // What the emulator's author found to work with OpenSC 0.23 (pkcs11-tool's SO login does too).
    await promisify(execFile)(
      'pkcs15-tool',
      ['--reader', READER_NAMES[0], '--unblock-pin', '--puk', PUK, '--new-pin', PIN],
      { timeout: UNBLOCK_TIMEOUT_MS },
    );
    expect(await pinTriesLeft()).toBe(FULL_TRIES);
    expect((await pinStatus()).blocked).toBe(false);
    expect(verifies(resultOf<AuthToken>(await authenticate(PIN, true)))).toBe(true);
  });

  it('never writes a PIN or PUK to its log', () => {
    expect(host.stderr).not.toContain(PIN);
    expect(host.stderr).not.toContain(PUK);
    for (const wrong of WRONG_PINS) expect(host.stderr).not.toContain(wrong);
  });
});
