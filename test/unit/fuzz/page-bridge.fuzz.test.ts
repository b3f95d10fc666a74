// @vitest-environment happy-dom
// Fuzzes the page bridge (content script side) and the page API (page side) with hostile
// window messages: other sources (a frame, null), other origins, wrong prefixes, oversized and
// unserialisable payloads, random shapes. Only well-formed requests from this very window and
// origin may reach chrome.runtime.sendMessage, and the page API only believes its own window.
import { Window as HappyWindow } from 'happy-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startPageBridge, type PageBridge } from '../../../extension/content/page-bridge.js';
import { createClient, ZorgIdError } from '../../../extension/page-api/client.js';
import { PAGE_MAX_MESSAGE_BYTES, PAGE_TIMEOUTS } from '../../../shared/protocol/page.js';
import { ALPHABETS, createRng, fuzzSeed, randomJson, type Rng } from './prng.js';

const SEED = fuzzSeed();
console.info(`page-bridge fuzz seed ${SEED} (replay: ZORGID_FUZZ_SEED=${SEED})`);

const PORTAL = 'https://acceptatie.zorg-id.nl';
const BRIDGE_INPUTS = 20_000;
const CLIENT_INPUTS = 5_000;

type Sent = { type: string; command: unknown; arguments: unknown };

interface FakeChrome {
  sent: Sent[];
  connects: number;
  throwOnSend: boolean;
}

function installChrome(): FakeChrome {
  const fake: FakeChrome = { sent: [], connects: 0, throwOnSend: false };
  const listeners = { addListener: () => undefined };
  (globalThis as unknown as { chrome: unknown }).chrome = {
    runtime: {
      sendMessage: (message: Sent) => {
        if (fake.throwOnSend) throw new Error('Extension context invalidated.');
        fake.sent.push(message);
        return Promise.resolve({ ok: true, result: { echo: message.command } });
      },
      connect: () => {
        fake.connects += 1;
        return { onMessage: listeners, onDisconnect: listeners, disconnect: () => undefined };
      },
    },
  };
  return fake;
}

type Posted = { type: string; id?: string; error?: { code: string } };

/** Messages the bridge posted back to the page (its own window.postMessage calls). */
function collectPosted(target: Window): Posted[] {
  const posted: Posted[] = [];
  const original = target.postMessage.bind(target);
  vi.spyOn(target, 'postMessage').mockImplementation((message: unknown, origin?: unknown) => {
    posted.push(message as Posted);
    original(message, origin as string);
  });
  return posted;
}

/**
 * The page's window. Vitest's happy-dom `window` is globalThis, while happy-dom's postMessage names
 * its own window object as event.source; a window of our own keeps source and window the same.
 */
let win: Window;
const newWindow = () => new HappyWindow({ url: `${PORTAL}/portaal/stap-1` }) as unknown as Window;

const settle = async () => {
  for (let i = 0; i < 3; i++) {
    await (
      win as unknown as { happyDOM: { waitUntilComplete(): Promise<void> } }
    ).happyDOM.waitUntilComplete();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
};

const message = (data: unknown, origin: string, source: unknown) =>
  new MessageEvent('message', { data, origin, source: source as Window | null });

/** A window that is not ours: what a frame or an opener would be as event.source. */
const frameWindow = { postMessage: () => undefined } as unknown as Window;

const OTHER_ORIGINS = [
  'https://evil.example',
  'https://acceptatie.zorg-id.nl.evil.example',
  'https://acceptatie.zorg-id.nl:444',
  'http://acceptatie.zorg-id.nl',
  'https://productie.zorg-id.nl',
  'null',
  '',
  'chrome-extension://gjfjbnnkkppekanfkhdpbgihcjphepfc',
];
const WRONG_TYPES = [
  'zorgid-companion',
  'zorgid-companion:Request',
  'ZORGID-COMPANION:request',
  ' zorgid-companion:request',
  'zorgid-companion:request ',
  'zorgid:request',
  'zorgid-companion:response',
  'zorgid-companion:ack',
  'page-request',
  'request',
];
const BAD_IDS: unknown[] = ['', 'a'.repeat(65), 'a b', 'é', 'a\n', 1, null, {}, ['a'], true];

/** Nested deeper than JSON.stringify can follow. */
const DEEP: unknown[] = [];
for (let level = DEEP, i = 0; i < 20_000; i++) level = level[0] = [];

/** Types that are not answers. (A well-formed answer from the page's own window and origin is
 * indistinguishable from the bridge's: any script on the page can forge one; see docs/security.md.) */
const NOT_ANSWERS = WRONG_TYPES.filter(
  (type) => type !== 'zorgid-companion:response' && type !== 'zorgid-companion:ack',
);

interface Input {
  source: unknown;
  origin: string;
  data: unknown;
  /** Same window, same origin, our request type, a valid id. */
  wellFormed: boolean;
  oversized: boolean;
}

function generate(rng: Rng, index: number): Input {
  const sameSource = rng.chance(0.6);
  const sameOrigin = rng.chance(0.7);
  const source = sameSource ? win : rng.pick([frameWindow, null, undefined]);
  const origin = sameOrigin ? PORTAL : rng.pick(OTHER_ORIGINS);
  const id = `req-${index}`;
  let data: unknown;
  let requestShaped = false;
  let oversized = false;
  switch (rng.int(8)) {
    case 0:
      data = randomJson(rng);
      break;
    case 1:
      data = { type: rng.pick(WRONG_TYPES), id, command: 'status', arguments: {} };
      break;
    case 2:
      data = { type: 'zorgid-companion:request', id: rng.pick(BAD_IDS), command: 'status' };
      break;
    case 3: {
      // Oversized: well over the limit in UTF-8 bytes, sometimes while under it in UTF-16 units.
      const filler = rng.chance(0.5)
        ? '€'.repeat(Math.ceil(PAGE_MAX_MESSAGE_BYTES / 3) + 100)
        : 'a'.repeat(PAGE_MAX_MESSAGE_BYTES + 100);
      data = {
        type: 'zorgid-companion:request',
        id,
        command: 'authenticate',
        arguments: { challenge: filler },
      };
      requestShaped = true;
      oversized = true;
      break;
    }
    case 4: {
      // Not serialisable as JSON: a cycle, a BigInt, nesting deeper than the stack.
      const cyclic: Record<string, unknown> = { challenge: 'x' };
      cyclic.self = cyclic;
      const args = rng.pick<unknown>([cyclic, { n: 10n }, DEEP]);
      data = { type: 'zorgid-companion:request', id, command: 'status', arguments: args };
      requestShaped = true;
      oversized = true;
      break;
    }
    default: {
      // Request-shaped, with whatever command and arguments; the page may try to name an origin.
      const args = rng.pick<unknown>([
        {},
        { challenge: rng.text(32, ALPHABETS.printable) },
        { challenge: 'c'.repeat(20), origin: 'https://evil.example' },
        { origin: PORTAL, pin: '1234' },
        randomJson(rng),
        undefined,
      ]);
      const message: Record<string, unknown> = {
        type: 'zorgid-companion:request',
        id,
        command: rng.pick<unknown>(['status', 'readCard', 'authenticate', 'sign', 'quit', 42, null]),
        arguments: args,
      };
      if (rng.chance(0.3)) message.origin = 'https://evil.example';
      if (rng.chance(0.2)) message.sender = { origin: 'https://evil.example', frameId: 0 };
      data = message;
      requestShaped = true;
    }
  }
  const wellFormed = sameSource && sameOrigin && requestShaped;
  return { source, origin, data, wellFormed, oversized };
}

describe(`page bridge fuzz (seed ${SEED})`, () => {
  let bridge: PageBridge | undefined;
  beforeEach(() => {
    win = newWindow();
  });
  afterEach(() => {
    bridge?.stop();
    vi.restoreAllMocks();
  });

  it(`forwards only well-formed same-window same-origin requests among ${BRIDGE_INPUTS} inputs`, async () => {
    const fake = installChrome();
    const posted = collectPosted(win);
    bridge = startPageBridge(win, '0.1.0');
    const rng = createRng(SEED);
    const expectedForward: string[] = [];
    const expectedTooLarge: string[] = [];
    let thrown = 0;
    for (let index = 0; index < BRIDGE_INPUTS; index++) {
      const input = generate(rng, index);
      try {
        win.dispatchEvent(message(input.data, input.origin, input.source));
      } catch {
        thrown += 1;
      }
      if (input.wellFormed && !input.oversized) expectedForward.push(`req-${index}`);
      if (input.wellFormed && input.oversized) expectedTooLarge.push(`req-${index}`);
      if (index % 2_000 === 1_999) await settle();
    }
    await settle();
    expect(thrown).toBe(0);
    // Exactly the expected requests went on, each as {type, command, arguments}: no origin, no id.
    expect(fake.sent).toHaveLength(expectedForward.length);
    for (const message of fake.sent) {
      expect(Object.keys(message).sort()).toEqual(['arguments', 'command', 'type']);
      expect(message.type).toBe('page-request');
    }
    const answered = posted.filter((m) => m.type === 'zorgid-companion:response');
    const tooLarge = answered.filter((m) => m.error?.code === 'MESSAGE_TOO_LARGE').map((m) => m.id);
    expect(tooLarge.sort()).toEqual(expectedTooLarge.sort());
    const forwardedAnswers = answered.filter((m) => !m.error).map((m) => m.id);
    expect(forwardedAnswers.sort()).toEqual(expectedForward.sort());
    // Every well-formed request was acknowledged; nothing else was.
    const acked = posted.filter((m) => m.type === 'zorgid-companion:ack').map((m) => m.id);
    expect(acked.sort()).toEqual([...expectedForward, ...expectedTooLarge].sort());
    console.info(
      `page-bridge fuzz: ${BRIDGE_INPUTS} inputs, ${expectedForward.length} forwarded, ${expectedTooLarge.length} too large`,
    );
  });

  it('counts the limit in UTF-8 bytes: 6 000 euro signs (18 000 bytes) are too large', async () => {
    const fake = installChrome();
    const posted = collectPosted(win);
    bridge = startPageBridge(win, '0.1.0');
    const challenge = '€'.repeat(6_000);
    expect(JSON.stringify({ challenge }).length).toBeLessThan(PAGE_MAX_MESSAGE_BYTES);
    win.dispatchEvent(
      new MessageEvent('message', {
        data: {
          type: 'zorgid-companion:request',
          id: 'euro',
          command: 'authenticate',
          arguments: { challenge },
        },
        origin: PORTAL,
        source: win,
      }),
    );
    await settle();
    expect(fake.sent).toEqual([]);
    expect(posted.find((m) => m.id === 'euro' && m.type === 'zorgid-companion:response')?.error?.code).toBe(
      'MESSAGE_TOO_LARGE',
    );
  });

  it('answers HOST_DISCONNECTED when the extension was reloaded under the page', async () => {
    const fake = installChrome();
    fake.throwOnSend = true;
    const posted = collectPosted(win);
    bridge = startPageBridge(win, '0.1.0');
    win.dispatchEvent(
      new MessageEvent('message', {
        data: { type: 'zorgid-companion:request', id: 'gone', command: 'status' },
        origin: PORTAL,
        source: win,
      }),
    );
    await settle();
    expect(posted.find((m) => m.id === 'gone' && m.type === 'zorgid-companion:response')?.error?.code).toBe(
      'HOST_DISCONNECTED',
    );
  });

  it('opens the events port only for a same-window same-origin ping', () => {
    const fake = installChrome();
    bridge = startPageBridge(win, '0.1.0');
    const ping = { type: 'zorgid-companion:ping', id: 'p1' };
    win.dispatchEvent(new MessageEvent('message', { data: ping, origin: PORTAL, source: frameWindow }));
    win.dispatchEvent(
      new MessageEvent('message', { data: ping, origin: 'https://evil.example', source: win }),
    );
    win.dispatchEvent(new MessageEvent('message', { data: ping, origin: PORTAL, source: null }));
    expect(fake.connects).toBe(0);
    win.dispatchEvent(new MessageEvent('message', { data: ping, origin: PORTAL, source: win }));
    expect(fake.connects).toBe(1);
  });
});

describe(`page API client fuzz (seed ${SEED})`, () => {
  beforeEach(() => {
    win = newWindow();
  });

  /** Captures the client's message listener so events can be fed to it directly. */
  function clientWithListener(target: Window) {
    const spy = vi.spyOn(target, 'addEventListener');
    const client = createClient(target);
    const listener = spy.mock.calls.find(([type]) => type === 'message')?.[1] as (
      event: MessageEvent,
    ) => void;
    spy.mockRestore();
    return { client, listener };
  }

  it(`ignores spoofed answers from other sources and origins and survives ${CLIENT_INPUTS} malformed ones`, async () => {
    const rng = createRng(SEED ^ 0x5eed);
    const requests: { id: string; command: string }[] = [];
    // A stand-in bridge on the page's own window: pong, ack, and a real answer after a while.
    const bridgeListener = (event: MessageEvent<unknown>) => {
      const data = event.data as { type?: string; id?: string; command?: string };
      if (event.source !== win || !data?.type) return;
      if (data.type === 'zorgid-companion:ping' && data.id) {
        win.postMessage(
          { type: 'zorgid-companion:pong', id: data.id, version: '0.1.0', protocol: 1 },
          PORTAL,
        );
      }
      if (data.type === 'zorgid-companion:request' && data.id) {
        requests.push({ id: data.id, command: String(data.command) });
        win.postMessage({ type: 'zorgid-companion:ack', id: data.id }, PORTAL);
      }
    };
    win.addEventListener('message', bridgeListener);
    const { client, listener } = clientWithListener(win);
    const answer = client.status();
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    const id = requests[0]?.id ?? '';

    // Spoofed answers for the live id: from a frame, from null, from other origins.
    const spoofs: [unknown, string][] = [
      [frameWindow, PORTAL],
      [null, PORTAL],
      [win, 'https://evil.example'],
      [win, 'https://acceptatie.zorg-id.nl.evil.example'],
      [win, 'null'],
    ];
    for (const [source, origin] of spoofs) {
      for (const data of [
        { type: 'zorgid-companion:response', id, result: { spoofed: true } },
        { type: 'zorgid-companion:response', id, error: { code: 'ORIGIN_NOT_ALLOWED', message: 'spoof' } },
      ]) {
        listener(message(data, origin, source));
      }
    }
    // Malformed answers from our own window: unknown ids, wrong shapes. None may throw.
    let thrown = 0;
    for (let i = 0; i < CLIENT_INPUTS; i++) {
      const data = rng.pick<() => unknown>([
        () => randomJson(rng),
        () => ({ type: 'zorgid-companion:response', id: `unknown-${i}`, result: randomJson(rng) }),
        () => ({ type: 'zorgid-companion:response', id: randomJson(rng), error: randomJson(rng) }),
        () => ({ type: 'zorgid-companion:event', event: randomJson(rng) }),
        () => ({
          type: 'zorgid-companion:event',
          event: { event: rng.pick(['__proto__', 'constructor', 'card-inserted']) },
        }),
        () => ({ type: 'zorgid-companion:pong', id: `unknown-${i}` }),
        () => ({ type: 'zorgid-companion:ack', id: `unknown-${i}` }),
        () => ({ type: rng.pick(NOT_ANSWERS), id, result: { wrongType: true } }),
        () => null,
        () => undefined,
      ])();
      try {
        listener(new MessageEvent('message', { data, origin: PORTAL, source: win }));
      } catch {
        thrown += 1;
      }
    }
    expect(thrown).toBe(0);

    // The real answer still settles the call.
    win.postMessage({ type: 'zorgid-companion:response', id, result: { real: true } }, PORTAL);
    await expect(answer).resolves.toEqual({ real: true });
    win.removeEventListener('message', bridgeListener);
  });

  it('a call answered only by spoofers times out', async () => {
    vi.useFakeTimers();
    try {
      const listeners: ((event: MessageEvent) => void)[] = [];
      const requests: string[] = [];
      // A minimal window: the page's own messages go to its listeners; the bridge answers ping and ack.
      const fakeWindow = {
        location: { origin: PORTAL },
        addEventListener: (_type: string, listener: (event: MessageEvent) => void) =>
          listeners.push(listener),
        postMessage(data: { type: string; id: string }) {
          const deliver = (message: unknown, source: unknown, origin = PORTAL) =>
            queueMicrotask(() => {
              for (const listener of listeners) listener({ data: message, source, origin } as MessageEvent);
            });
          deliver(data, fakeWindow);
          if (data.type === 'zorgid-companion:ping') {
            deliver(
              { type: 'zorgid-companion:pong', id: data.id, version: '0.1.0', protocol: 1 },
              fakeWindow,
            );
          }
          if (data.type === 'zorgid-companion:request') {
            requests.push(data.id);
            deliver({ type: 'zorgid-companion:ack', id: data.id }, fakeWindow);
            // Only spoofers answer.
            deliver({ type: 'zorgid-companion:response', id: data.id, result: 'spoof' }, frameWindow);
            deliver(
              { type: 'zorgid-companion:response', id: data.id, result: 'spoof' },
              fakeWindow,
              'https://evil.example',
            );
          }
        },
      };
      const client = createClient(fakeWindow as unknown as Window);
      const answer = client.readCard().then(
        () => 'resolved',
        (error: unknown) => (error instanceof ZorgIdError ? error.code : 'other'),
      );
      await vi.advanceTimersByTimeAsync(PAGE_TIMEOUTS.statusMs + 1_000);
      expect(requests).toHaveLength(1);
      await expect(answer).resolves.toBe('TIMEOUT');
    } finally {
      vi.useRealTimers();
    }
  });
});
