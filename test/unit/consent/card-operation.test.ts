// The authenticate/sign flow with a scripted host and consent screen: what reaches the host,
// when the screen is shown again, and which error the page gets.
import { describe, expect, it } from 'vitest';
import { runUserCardOperation } from '../../../extension/background/actions/card-operation.js';
import { CompanionError } from '../../../shared/errors.js';
import {
  CARD,
  CHALLENGE,
  FakeConsent,
  FakeHost,
  PIN,
  PIN_OK,
  SENDER_ORIGIN,
  TOKEN,
  approve,
  approveWithoutPin,
  cancel,
} from './fakes.js';

const authenticate = (host: FakeHost, consent: FakeConsent, extra: Record<string, unknown> = {}) =>
  runUserCardOperation('authenticate', { challenge: CHALLENGE }, SENDER_ORIGIN, {
    host,
    consent,
    newRequestId: () => '00000000-0000-4000-8000-000000000001',
    ...extra,
  });

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CompanionError) return error.code;
    throw error;
  }
  throw new Error('expected the flow to fail');
}

describe('runUserCardOperation', () => {
  it('shows the card and origin, sends the PIN once with the sender origin, and returns the token', async () => {
    const host = new FakeHost().answer('authenticate', TOKEN);
    const consent = new FakeConsent([approve()]);
    await expect(authenticate(host, consent)).resolves.toEqual(TOKEN);

    expect(consent.asked).toHaveLength(1);
    expect(consent.asked[0]).toMatchObject({
      operation: 'authenticate',
      origin: SENDER_ORIGIN,
      card: {
        holderName: 'Jan de Vries', // given name + surname: shared/uzi/holder-name.ts
        ura: CARD.identity.ura,
        organisationName: CARD.identity.organisationName,
        cardType: 'Z',
      },
      pin: { pinpad: false, triesLeft: null, finalTry: false },
    });
    expect(consent.asked[0]).not.toHaveProperty('problem');
    const calls = host.callsOf('authenticate');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args).toEqual({ challenge: CHALLENGE, origin: SENDER_ORIGIN, pin: PIN });
    // The request object the host got no longer refers to the PIN once the host has answered.
    expect(calls[0]?.original.pin).toBeUndefined();
    expect(consent.finished).toEqual([
      { requestId: expect.any(String) as string, outcome: { kind: 'success' } },
    ]);
  });

  it('binds to the sender origin even if the arguments carry another origin', async () => {
    const host = new FakeHost().answer('authenticate', TOKEN);
    const forged = { challenge: CHALLENGE, origin: 'https://evil.example' } as { challenge: string };
    await runUserCardOperation('authenticate', forged, SENDER_ORIGIN, {
      host,
      consent: new FakeConsent([approve()]),
    });
    expect(host.callsOf('authenticate')[0]?.args.origin).toBe(SENDER_ORIGIN);
  });

  it('shows the screen again after a wrong PIN, with the error and the tries left', async () => {
    const host = new FakeHost()
      .fail('authenticate', 'PIN_INCORRECT', { triesLeft: 2 })
      .answer('authenticate', TOKEN);
    const consent = new FakeConsent([approve('000000'), approve()]);
    await expect(authenticate(host, consent)).resolves.toEqual(TOKEN);

    expect(consent.asked).toHaveLength(2);
    expect(consent.asked[1]?.requestId).toBe(consent.asked[0]?.requestId);
    expect(consent.asked[1]?.problem).toEqual({ code: 'PIN_INCORRECT', triesLeft: 2 });
    expect(consent.asked[1]?.pin).toMatchObject({ triesLeft: 2, finalTry: false });
    expect(host.callsOf('authenticate').map((call) => call.args.pin)).toEqual(['000000', PIN]);
    expect(consent.finished.map((entry) => entry.outcome)).toEqual([{ kind: 'success' }]);
  });

  it('on the final try never calls the host without confirmLastTry, and asks again for the confirmation', async () => {
    const host = new FakeHost({ ...PIN_OK, triesLeft: 1, finalTry: true }).answer('authenticate', TOKEN);
    const consent = new FakeConsent([approve(PIN, false), approve(PIN, true)]);
    await expect(authenticate(host, consent)).resolves.toEqual(TOKEN);

    expect(consent.asked[0]?.pin.finalTry).toBe(true);
    expect(consent.asked[1]?.problem).toEqual({ code: 'PIN_LAST_TRY', triesLeft: 1 });
    const calls = host.callsOf('authenticate');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args).toMatchObject({ pin: PIN, confirmLastTry: true });
  });

  it('turns PIN_LAST_TRY from the host into the confirmation screen', async () => {
    const host = new FakeHost()
      .fail('authenticate', 'PIN_LAST_TRY', { triesLeft: 1 })
      .answer('authenticate', TOKEN);
    const consent = new FakeConsent([approve(), approve(PIN, true)]);
    await expect(authenticate(host, consent)).resolves.toEqual(TOKEN);

    expect(consent.asked[1]?.pin).toMatchObject({ finalTry: true, triesLeft: 1 });
    expect(consent.asked[1]?.problem?.code).toBe('PIN_LAST_TRY');
    expect(host.callsOf('authenticate').map((call) => call.args.confirmLastTry)).toEqual([undefined, true]);
  });

  it('a wrong PIN that leaves one try makes the next screen a final-try screen', async () => {
    const host = new FakeHost()
      .fail('authenticate', 'PIN_INCORRECT', { triesLeft: 1, finalTry: true })
      .answer('authenticate', TOKEN);
    const consent = new FakeConsent([approve('000000'), approve(PIN, false), approve(PIN, true)]);
    await authenticate(host, consent);
    expect(consent.asked[1]?.pin.finalTry).toBe(true);
    expect(host.callsOf('authenticate')).toHaveLength(2);
    expect(host.callsOf('authenticate')[1]?.args.confirmLastTry).toBe(true);
  });

  it('ends with PIN_BLOCKED and shows how to unblock when the card blocks', async () => {
    const host = new FakeHost().fail('authenticate', 'PIN_BLOCKED', { triesLeft: 0 });
    const consent = new FakeConsent([approve('000000')]);
    expect(await codeOf(authenticate(host, consent))).toBe('PIN_BLOCKED');
    expect(consent.finished.map((entry) => entry.outcome)).toEqual([{ kind: 'failed', code: 'PIN_BLOCKED' }]);
  });

  it('does not ask for a PIN on a card that is already blocked', async () => {
    const host = new FakeHost({ ...PIN_OK, triesLeft: 0, blocked: true });
    const consent = new FakeConsent([]);
    expect(await codeOf(authenticate(host, consent))).toBe('PIN_BLOCKED');
    expect(consent.asked).toHaveLength(0);
    expect(host.callsOf('authenticate')).toHaveLength(0);
    expect(consent.finished[0]?.outcome).toEqual({ kind: 'failed', code: 'PIN_BLOCKED' });
  });

  it('gives CANCELLED when the user cancels, without touching the card', async () => {
    const host = new FakeHost();
    const consent = new FakeConsent([cancel()]);
    expect(await codeOf(authenticate(host, consent))).toBe('CANCELLED');
    expect(host.callsOf('authenticate')).toHaveLength(0);
    expect(consent.finished[0]?.outcome).toEqual({ kind: 'cancelled' });
  });

  it('gives TIMEOUT when the screen timed out, and when the time is up before asking again', async () => {
    const timedOut = new FakeConsent([() => ({ approved: false, reason: 'timeout' })]);
    expect(await codeOf(authenticate(new FakeHost(), timedOut))).toBe('TIMEOUT');
    expect(timedOut.finished[0]?.outcome).toEqual({ kind: 'timeout' });

    let clock = 0;
    const host = new FakeHost().fail('authenticate', 'PIN_INCORRECT', { triesLeft: 2 });
    const consent = new FakeConsent([
      () => {
        clock += 200_000;
        return { approved: true, pin: '000000', confirmLastTry: false };
      },
    ]);
    expect(await codeOf(authenticate(host, consent, { now: () => clock }))).toBe('TIMEOUT');
    expect(consent.asked).toHaveLength(1);
    expect(consent.finished[0]?.outcome).toEqual({ kind: 'timeout' });
  });

  it('on a pinpad reader sends no PIN and gives the host the user time', async () => {
    const host = new FakeHost({ ...PIN_OK, pinpad: true }).answer('authenticate', TOKEN);
    const consent = new FakeConsent([approveWithoutPin()]);
    await authenticate(host, consent);
    expect(consent.asked[0]?.pin.pinpad).toBe(true);
    expect(host.callsOf('authenticate')[0]?.args).toEqual({ challenge: CHALLENGE, origin: SENDER_ORIGIN });
  });

  it('asks again without a host call when a PIN is missing on a reader without pinpad', async () => {
    const host = new FakeHost().answer('authenticate', TOKEN);
    const consent = new FakeConsent([approveWithoutPin(), approve()]);
    await authenticate(host, consent);
    expect(consent.asked[1]?.problem?.code).toBe('PIN_REQUIRED');
    expect(host.callsOf('authenticate')).toHaveLength(1);
  });

  it('signs with the hash, the algorithm and the sender origin', async () => {
    const signature = { signature: 'c2ln', certificate: 'Y2VydA==', hashAlgorithm: 'SHA-256' };
    const host = new FakeHost().answer('sign', signature);
    const consent = new FakeConsent([approve()]);
    const hash = 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=';
    await expect(
      runUserCardOperation('sign', { hash, hashAlgorithm: 'SHA-256' }, SENDER_ORIGIN, { host, consent }),
    ).resolves.toEqual(signature);
    expect(consent.asked[0]?.operation).toBe('sign');
    expect(host.callsOf('sign')[0]?.args).toEqual({
      hash,
      hashAlgorithm: 'SHA-256',
      origin: SENDER_ORIGIN,
      pin: PIN,
    });
  });

  it('passes other host errors on and shows them in the window', async () => {
    const host = new FakeHost().fail('authenticate', 'CARD_REMOVED');
    const consent = new FakeConsent([approve()]);
    expect(await codeOf(authenticate(host, consent))).toBe('CARD_REMOVED');
    expect(consent.finished[0]?.outcome).toEqual({ kind: 'failed', code: 'CARD_REMOVED' });
  });

  it('fails without a window when there is no card', async () => {
    const host = new FakeHost(PIN_OK, new CompanionError('NO_CARD'));
    const consent = new FakeConsent([]);
    expect(await codeOf(authenticate(host, consent))).toBe('NO_CARD');
    expect(consent.asked).toHaveLength(0);
    expect(consent.finished).toHaveLength(0);
  });
});
