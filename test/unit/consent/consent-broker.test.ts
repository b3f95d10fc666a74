// The real ConsentBroker with the chrome API faked: the window it opens, the messages it accepts,
// what it stores (never the PIN), and the whole flow driven from the consent page's side.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runUserCardOperation } from '../../../extension/background/actions/card-operation.js';
import { ConsentBroker, CONSENT_STORAGE_PREFIX } from '../../../extension/background/services/consent.js';
import { CompanionError } from '../../../shared/errors.js';
import { CHALLENGE, FakeHost, PIN, SENDER_ORIGIN, TOKEN, fakeChrome } from './fakes.js';

function setup(host = new FakeHost()) {
  const chrome = fakeChrome();
  const broker = new ConsentBroker(chrome.api);
  broker.register(chrome.messages);
  const logged: unknown[] = [];
  const flow = runUserCardOperation('authenticate', { challenge: CHALLENGE }, SENDER_ORIGIN, {
    host,
    consent: broker,
    log: (event, details) => logged.push({ event, details }),
  });
  const outcome = flow.then(
    (result) => ({ result }),
    (error: unknown) => ({ code: error instanceof CompanionError ? error.code : String(error) }),
  );
  const page = async (expected = 1) => {
    await vi.waitFor(() => expect(chrome.windows).toHaveLength(expected));
    return chrome.page(expected - 1);
  };
  return { chrome, broker, host, logged, outcome, page };
}

afterEach(() => vi.useRealTimers());

describe('ConsentBroker with the flow', () => {
  it('opens one popup with a random request id, answers the page and closes after success', async () => {
    const { chrome, host, logged, outcome, page } = setup(new FakeHost().answer('authenticate', TOKEN));
    const consent = await page();
    expect(consent.window.options).toMatchObject({ type: 'popup' });
    expect(consent.window.url).toMatch(
      /^chrome-extension:\/\/[a-p]{32}\/extension\/pages\/consent\/index\.html\?request=[0-9a-f-]{36}$/,
    );
    const view = await consent.send({ type: 'consent-get' });
    expect(view).toMatchObject({ state: 'ask', operation: 'authenticate', origin: SENDER_ORIGIN });

    const answer = consent.send({ type: 'consent-decision', approved: true, pin: PIN });
    await expect(outcome).resolves.toEqual({ result: TOKEN });
    expect(chrome.removed).toEqual([consent.window.id]);
    expect(host.callsOf('authenticate')[0]?.args).toMatchObject({ pin: PIN, origin: SENDER_ORIGIN });
    void answer;

    // The PIN never reached the log or storage; the request is gone from storage.
    expect(JSON.stringify(logged)).not.toContain(PIN);
    expect(JSON.stringify(chrome.storageWrites)).not.toContain(PIN);
    expect(chrome.storageWrites).toHaveLength(1);
    expect(JSON.stringify(chrome.storageWrites[0])).toContain(SENDER_ORIGIN);
    expect([...chrome.store.keys()].filter((key) => key.startsWith(CONSENT_STORAGE_PREFIX))).toEqual([]);
  });

  it('keeps the window after a wrong PIN and answers the decision with the error and tries left', async () => {
    const host = new FakeHost()
      .fail('authenticate', 'PIN_INCORRECT', { triesLeft: 2 })
      .answer('authenticate', TOKEN);
    const { chrome, outcome, page, logged } = setup(host);
    const consent = await page();
    await consent.send({ type: 'consent-get' });
    const next = await consent.send({ type: 'consent-decision', approved: true, pin: '000000' });
    expect(next).toMatchObject({
      state: 'ask',
      problem: { code: 'PIN_INCORRECT', triesLeft: 2 },
      pin: { triesLeft: 2 },
    });
    expect(chrome.removed).toEqual([]);
    expect(chrome.windows).toHaveLength(1);

    void consent.send({ type: 'consent-decision', approved: true, pin: PIN });
    await expect(outcome).resolves.toEqual({ result: TOKEN });
    expect(JSON.stringify([logged, chrome.storageWrites])).not.toMatch(/123456|000000/);
  });

  it('cancels when the user presses Annuleren', async () => {
    const { chrome, host, outcome, page } = setup();
    const consent = await page();
    await consent.send({ type: 'consent-get' });
    void consent.send({ type: 'consent-decision', approved: false });
    await expect(outcome).resolves.toEqual({ code: 'CANCELLED' });
    expect(chrome.removed).toEqual([consent.window.id]);
    expect(host.callsOf('authenticate')).toHaveLength(0);
  });

  it('cancels when the user closes the window', async () => {
    const { outcome, page } = setup();
    const consent = await page();
    await consent.send({ type: 'consent-get' });
    consent.close();
    await expect(outcome).resolves.toEqual({ code: 'CANCELLED' });
  });

  it('times out, closes the window and gives TIMEOUT', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { chrome, outcome } = setup();
    await vi.waitFor(() => expect(chrome.windows).toHaveLength(1));
    await vi.advanceTimersByTimeAsync(180_001);
    await expect(outcome).resolves.toEqual({ code: 'TIMEOUT' });
    expect(chrome.removed).toEqual([chrome.windows[0]?.id]);
  });

  it('shows a blocked card in the window and ends with PIN_BLOCKED', async () => {
    const { chrome, outcome, page } = setup(
      new FakeHost().fail('authenticate', 'PIN_BLOCKED', { triesLeft: 0 }),
    );
    const consent = await page();
    await consent.send({ type: 'consent-get' });
    const final = await consent.send({ type: 'consent-decision', approved: true, pin: '000000' });
    expect(final).toEqual({ state: 'finished', code: 'PIN_BLOCKED' });
    await expect(outcome).resolves.toEqual({ code: 'PIN_BLOCKED' });
    expect(chrome.removed).toEqual([]);
  });

  it('accepts messages only from its own consent page in its own window', async () => {
    const { chrome, page, broker } = setup();
    const consent = await page();
    const get = { type: 'consent-get', requestId: consent.requestId };
    // A content script's sender carries the web page's URL.
    expect(await chrome.sendFrom(`${SENDER_ORIGIN}/kaartstatus`, 1, get)).toBeUndefined();
    // Another extension page (not the consent page) is refused too.
    expect(
      await chrome.sendFrom(`${chrome.base}extension/pages/options/index.html`, consent.window.id, get),
    ).toBeUndefined();
    // The consent page in another window does not get this request.
    expect(await chrome.sendFrom(consent.window.url, 999, get)).toEqual({ state: 'expired' });
    expect(await consent.send({ type: 'consent-get' })).toMatchObject({ state: 'ask' });
    void broker;
  });

  it('answers "expired" for a request a stopped worker left behind, and clears it', async () => {
    const chrome = fakeChrome();
    const requestId = '11111111-2222-4333-8444-555555555555';
    await chrome.api.storage.session.set({
      [`${CONSENT_STORAGE_PREFIX}${requestId}`]: {
        requestId,
        origin: SENDER_ORIGIN,
        operation: 'authenticate',
      },
    });
    new ConsentBroker(chrome.api).register(chrome.messages);
    const url = `${chrome.base}extension/pages/consent/index.html?request=${requestId}`;
    expect(await chrome.sendFrom(url, 5, { type: 'consent-get', requestId })).toEqual({ state: 'expired' });
    expect(
      await chrome.sendFrom(url, 5, { type: 'consent-decision', requestId, approved: true, pin: PIN }),
    ).toEqual({
      state: 'expired',
    });
    expect(chrome.store.size).toBe(0);
  });

  it('never stacks windows: a window left showing a final message closes before the next opens', async () => {
    const chrome = fakeChrome();
    const broker = new ConsentBroker(chrome.api);
    broker.register(chrome.messages);
    const blocked = new FakeHost().fail('authenticate', 'PIN_BLOCKED');
    const deps = { host: blocked, consent: broker };
    const first = runUserCardOperation('authenticate', { challenge: CHALLENGE }, SENDER_ORIGIN, deps).catch(
      () => undefined,
    );
    await vi.waitFor(() => expect(chrome.windows).toHaveLength(1));
    void chrome.page(0).send({ type: 'consent-decision', approved: true, pin: '000000' });
    await first;
    void runUserCardOperation('authenticate', { challenge: CHALLENGE }, SENDER_ORIGIN, {
      host: new FakeHost(),
      consent: broker,
    }).catch(() => undefined);
    await vi.waitFor(() => expect(chrome.windows).toHaveLength(2));
    expect(chrome.removed).toEqual([chrome.windows[0]?.id]);
  });
});
