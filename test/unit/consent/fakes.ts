// Fakes for the consent flow: a scripted host, a scripted consent broker and the slice of the
// chrome API the real broker uses. Each records what it received so tests can look for the PIN.
import { CompanionError, type ErrorCode } from '../../../shared/errors.js';
import type {
  HostCommand,
  HostRequestArguments,
  HostResponseResult,
  PinStatusResult,
  ReadCardResult,
} from '../../../shared/protocol/host.js';
import type { AuthToken } from '../../../shared/protocol/token.js';
import type { HostLike } from '../../../extension/background/actions/card-operation.js';
import type {
  ConsentBrokerLike,
  ConsentChromeApi,
  ConsentDecision,
  ConsentOutcome,
  ConsentRequest,
} from '../../../extension/background/services/consent.js';
import { MessageRegistry } from '../../../extension/background/services/message-registry.js';
import type { ConsentView } from '../../../shared/protocol/consent.js';

export const SENDER_ORIGIN = 'http://127.0.0.1:4410';
export const PIN = '123456';
export const CHALLENGE = 'c2FuZGJveC1jaGFsbGVuZ2UtMDEyMzQ1';

export const CARD: ReadCardResult = {
  reader: 'Virtual PCD 00 00',
  tokenSerial: '0001',
  certificates: [],
  identity: {
    uziNumber: '900012345',
    cardType: 'Z',
    ura: '90000382',
    roleCode: '01.015',
    roleName: 'Huisarts',
    organisationName: 'Huisartsenpraktijk De Linde',
    givenName: 'Jan',
    surname: 'de Vries',
    commonName: 'J. de Vries',
    notBefore: '2024-01-01T00:00:00Z',
    notAfter: '2029-01-01T00:00:00Z',
  },
  validity: { expired: false, notYetValid: false, daysLeft: 900 },
  canRegisterZorgId: true,
};

export const PIN_OK: PinStatusResult = { triesLeft: null, blocked: false, finalTry: false, pinpad: false };

export const TOKEN: AuthToken = {
  format: 'zorgid-companion/auth-token:1',
  algorithm: 'RS256',
  certificate: 'Y2VydA==',
  signature: 'c2ln',
  origin: SENDER_ORIGIN,
  challenge: CHALLENGE,
};

/** A result, or a CompanionError to reject with. */
type Answer = unknown;

/** A host whose answers per command are queued by the test; the last one repeats. */
export class FakeHost implements HostLike {
  readonly calls: {
    command: HostCommand;
    args: Record<string, unknown>;
    original: Record<string, unknown>;
  }[] = [];
  private readonly answers = new Map<HostCommand, Answer[]>();

  constructor(pinStatus: PinStatusResult = PIN_OK, card: Answer = CARD) {
    this.answer('readCard', card).answer('pinStatus', pinStatus);
  }

  answer(command: HostCommand, ...answers: Answer[]): this {
    this.answers.set(command, [...(this.answers.get(command) ?? []), ...answers]);
    return this;
  }

  fail(command: HostCommand, code: ErrorCode, details?: Record<string, unknown>): this {
    return this.answer(command, new CompanionError(code, undefined, details));
  }

  request<C extends HostCommand>(command: C, args: HostRequestArguments<C>): Promise<HostResponseResult<C>> {
    const original = args as Record<string, unknown>;
    this.calls.push({ command, args: { ...original }, original });
    const queue = this.answers.get(command) ?? [];
    const next = queue.length > 1 ? queue.shift() : queue[0];
    if (next === undefined) return Promise.reject(new CompanionError('INTERNAL', `no answer for ${command}`));
    return next instanceof CompanionError
      ? Promise.reject(next)
      : Promise.resolve(structuredClone(next) as HostResponseResult<C>);
  }

  callsOf(command: HostCommand) {
    return this.calls.filter((call) => call.command === command);
  }
}

/** A consent broker that answers each ask from a script. */
export class FakeConsent implements ConsentBrokerLike {
  readonly asked: ConsentRequest[] = [];
  readonly finished: { requestId: string; outcome: ConsentOutcome }[] = [];

  constructor(private readonly script: ((request: ConsentRequest) => ConsentDecision)[]) {}

  ask(request: ConsentRequest): Promise<ConsentDecision> {
    this.asked.push(structuredClone(request));
    const answer = this.script.shift();
    if (!answer) return Promise.reject(new Error('asked more often than the test expected'));
    return Promise.resolve(answer(request));
  }

  finish(request: ConsentRequest, outcome: ConsentOutcome): Promise<void> {
    this.finished.push({ requestId: request.requestId, outcome });
    return Promise.resolve();
  }
}

export const approve =
  (pin: string = PIN, confirmLastTry = false) =>
  (): ConsentDecision => ({ approved: true, pin, confirmLastTry });
export const approveWithoutPin = () => (): ConsentDecision => ({ approved: true, confirmLastTry: false });
export const cancel = () => (): ConsentDecision => ({ approved: false, reason: 'cancelled' });

export const EXTENSION_ID = 'gjfjbnnkkppekanfkhdpbgihcjphepfc';
const BASE = `chrome-extension://${EXTENSION_ID}/`;

/** The chrome API slice of the broker, with the consent page's side to drive it. */
export function fakeChrome() {
  // The worker's real one listener: the broker registers its handlers there.
  const messages = new MessageRegistry(() => EXTENSION_ID);
  const removedListeners: ((windowId: number) => void)[] = [];
  const store = new Map<string, unknown>();
  const storageWrites: unknown[] = [];
  const windows: { id: number; url: string; options: chrome.windows.CreateData }[] = [];
  const removed: number[] = [];
  let nextWindow = 100;

  const api: ConsentChromeApi = {
    runtime: {
      id: EXTENSION_ID,
      getURL: (path) => `${BASE}${path}`,
    },
    windows: {
      create: (options) => {
        const window = { id: nextWindow++, url: options.url as string, options };
        windows.push(window);
        return Promise.resolve({ id: window.id } as chrome.windows.Window);
      },
      remove: (windowId) => {
        removed.push(windowId);
        for (const listener of removedListeners) listener(windowId);
        return Promise.resolve();
      },
      onRemoved: { addListener: (listener) => removedListeners.push(listener) },
    },
    storage: {
      session: {
        get: (key) => Promise.resolve(store.has(key) ? { [key]: store.get(key) } : {}),
        set: (items) => {
          storageWrites.push(structuredClone(items));
          for (const [key, value] of Object.entries(items)) store.set(key, structuredClone(value));
          return Promise.resolve();
        },
        remove: (key) => {
          store.delete(key);
          return Promise.resolve();
        },
      },
    },
  };

  /** What a page at `url` in window `windowId` gets for `message`; undefined when nobody answers. */
  function sendFrom(
    url: string,
    windowId: number | undefined,
    message: unknown,
  ): Promise<ConsentView | undefined> {
    const sender: chrome.runtime.MessageSender = {
      id: EXTENSION_ID,
      url,
      ...(windowId === undefined ? {} : { tab: { windowId } as chrome.tabs.Tab }),
    };
    return new Promise((resolve) => {
      let async = false;
      if (messages.listener(structuredClone(message), sender, (reply) => resolve(reply as ConsentView)))
        async = true;
      if (!async) setTimeout(() => resolve(undefined), 0);
    });
  }

  /** The consent page opened in window `index` speaks. */
  function page(index = windows.length - 1) {
    const window = windows[index];
    if (!window) throw new Error('no consent window is open');
    const requestId = new URL(window.url).searchParams.get('request') ?? '';
    return {
      window,
      requestId,
      send: (message: Record<string, unknown>) => sendFrom(window.url, window.id, { requestId, ...message }),
      close: () => {
        removed.push(window.id);
        for (const listener of removedListeners) listener(window.id);
      },
    };
  }

  return { api, messages, store, storageWrites, windows, removed, sendFrom, page, base: BASE };
}
