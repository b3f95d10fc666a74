// The extension-owned consent and PIN screen, seen from the service worker: opens our own popup
// window (page scripts can never read it), tells it what to show, and waits for the user's
// decision. The PIN passes through here once, in the decision, and is not kept.
//
// MV3 may stop the worker while a window is open. Pending requests are therefore noted in
// chrome.storage.session (id, origin, operation, card summary: never the PIN), so a fresh worker
// can tell the page "expired, try again" instead of leaving it hanging.
import type { ErrorCode } from '../../../shared/errors.js';
import { isPlainObject } from '../../../shared/validate.js';
import {
  CONSENT_MESSAGE_TYPES,
  CONSENT_PAGE_PATH,
  CONSENT_REQUEST_PARAM,
  REQUEST_ID_PATTERN,
  type CardSummary,
  type ConsentOperation,
  type ConsentProblem,
  type ConsentView,
  type PinState,
} from '../../../shared/protocol/consent.js';
import type { RuntimeHandler, RuntimeRegistry } from './message-registry.js';

export interface ConsentRequest {
  requestId: string;
  operation: ConsentOperation;
  /** From the browser's sender information, never from the page's message. */
  origin: string;
  card: CardSummary;
  pin: PinState;
  problem?: ConsentProblem;
}

export type ConsentDecision =
  | { approved: true; pin?: string; confirmLastTry: boolean }
  | { approved: false; reason: 'cancelled' | 'timeout' };

/** How the flow ended: success, cancel and timeout close the window; a failure is shown in it. */
export type ConsentOutcome =
  { kind: 'success' } | { kind: 'cancelled' } | { kind: 'timeout' } | { kind: 'failed'; code: ErrorCode };

export interface ConsentBrokerLike {
  /** Shows the screen (opening the window the first time for this request id) and waits. */
  ask(request: ConsentRequest, timeoutMs: number): Promise<ConsentDecision>;
  finish(request: ConsentRequest, outcome: ConsentOutcome): Promise<void>;
}

/** The slice of the chrome API the broker uses, so tests can hand it a fake. */
export interface ConsentChromeApi {
  runtime: {
    id: string;
    getURL(path: string): string;
  };
  windows: {
    create(options: chrome.windows.CreateData): Promise<chrome.windows.Window | undefined>;
    remove(windowId: number): Promise<void>;
    onRemoved: { addListener(listener: (windowId: number) => void): void };
  };
  storage: {
    session: {
      get(key: string): Promise<Record<string, unknown>>;
      set(items: Record<string, unknown>): Promise<void>;
      remove(key: string): Promise<void>;
    };
  };
}

/** What a restarted worker may know of a request: never the PIN. */
export interface StoredConsentRequest {
  requestId: string;
  origin: string;
  operation: ConsentOperation;
  card: CardSummary;
  createdAt: number;
}

export const CONSENT_STORAGE_PREFIX = 'consent:';
export const CONSENT_WINDOW_SIZE = Object.freeze({ width: 460, height: 640 });
const PIN_LENGTH = Object.freeze({ min: 4, max: 16 });

interface Entry {
  request: ConsentRequest;
  windowId: number | undefined;
  view: ConsentView;
  waiter: { resolve: (decision: ConsentDecision) => void; timer: ReturnType<typeof setTimeout> } | undefined;
  /** The page's decision message, answered with the next screen once the flow knows it. */
  reply: ((view: ConsentView) => void) | undefined;
  closed: boolean;
  /** The flow is over; the window only shows a final message until the user closes it. */
  final: boolean;
}

export class ConsentBroker implements ConsentBrokerLike {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly api: ConsentChromeApi = chrome) {}

  /** Call once, synchronously at the top of the worker, so a woken worker hears the page: its two message types go to the worker's one listener. */
  register(messages: RuntimeRegistry): void {
    const handler: RuntimeHandler = (message, sender, sendResponse) =>
      this.onMessage(message, sender, sendResponse);
    messages.on(CONSENT_MESSAGE_TYPES.get, handler);
    messages.on(CONSENT_MESSAGE_TYPES.decision, handler);
    this.api.windows.onRemoved.addListener((windowId) => this.onWindowRemoved(windowId));
  }

  async ask(request: ConsentRequest, timeoutMs: number): Promise<ConsentDecision> {
    let entry = this.entries.get(request.requestId);
    if (entry?.closed) return { approved: false, reason: 'cancelled' };
    if (!entry) entry = await this.open(request, askView(request));
    else this.show(entry, askView(request));
    entry.request = request;
    const current = entry;
    if (current.closed) return { approved: false, reason: 'cancelled' };
    return new Promise<ConsentDecision>((resolve) => {
      const timer = setTimeout(() => {
        this.settle(current, { approved: false, reason: 'timeout' });
        void this.close(current);
      }, timeoutMs);
      current.waiter = { resolve, timer };
    });
  }

  async finish(request: ConsentRequest, outcome: ConsentOutcome): Promise<void> {
    const entry = this.entries.get(request.requestId);
    if (outcome.kind !== 'failed') {
      if (entry) await this.close(entry);
      return;
    }
    const view: ConsentView = { state: 'finished', code: outcome.code };
    await this.forget(request.requestId);
    if (entry && !entry.closed) {
      entry.final = true;
      this.show(entry, view);
      return;
    }
    // Nothing shown yet (e.g. the PIN was blocked before we asked): the user still needs to know.
    const opened = await this.open(request, view);
    opened.final = true;
    await this.forget(request.requestId);
  }

  private async open(request: ConsentRequest, view: ConsentView): Promise<Entry> {
    // One consent window at a time: a window left showing a final message goes first.
    for (const other of [...this.entries.values()]) if (other.final) await this.close(other);
    const entry: Entry = {
      request,
      windowId: undefined,
      view,
      waiter: undefined,
      reply: undefined,
      closed: false,
      final: false,
    };
    this.entries.set(request.requestId, entry);
    const stored: StoredConsentRequest = {
      requestId: request.requestId,
      origin: request.origin,
      operation: request.operation,
      card: request.card,
      createdAt: Date.now(),
    };
    await this.api.storage.session.set({ [storageKey(request.requestId)]: stored });
    const url = `${this.api.runtime.getURL(CONSENT_PAGE_PATH)}?${CONSENT_REQUEST_PARAM}=${encodeURIComponent(request.requestId)}`;
    const created = await this.api.windows.create({
      type: 'popup',
      url,
      focused: true,
      ...CONSENT_WINDOW_SIZE,
    });
    entry.windowId = created?.id;
    return entry;
  }

  private show(entry: Entry, view: ConsentView): void {
    entry.view = view;
    const reply = entry.reply;
    entry.reply = undefined;
    reply?.(view);
  }

  private settle(entry: Entry, decision: ConsentDecision): void {
    const waiter = entry.waiter;
    if (!waiter) return;
    entry.waiter = undefined;
    clearTimeout(waiter.timer);
    waiter.resolve(decision);
  }

  private async close(entry: Entry): Promise<void> {
    this.settle(entry, { approved: false, reason: 'cancelled' });
    entry.reply = undefined;
    this.entries.delete(entry.request.requestId);
    await this.forget(entry.request.requestId);
    if (entry.windowId !== undefined && !entry.closed) {
      entry.closed = true;
      await this.api.windows.remove(entry.windowId).catch(() => undefined);
    }
  }

  /** A request this worker does not know: if a stopped worker left it behind, clear it. */
  private async expire(requestId: string | undefined): Promise<void> {
    if (!requestId) return;
    const key = storageKey(requestId);
    const stored = await this.api.storage.session.get(key).catch(() => ({}));
    if (key in stored) await this.forget(requestId);
  }

  private forget(requestId: string): Promise<void> {
    return this.api.storage.session.remove(storageKey(requestId)).catch(() => undefined);
  }

  private onWindowRemoved(windowId: number): void {
    for (const entry of this.entries.values()) {
      if (entry.windowId !== windowId) continue;
      entry.closed = true;
      // A closed window is a cancel; the flow may be in a host call and learns it at its next ask.
      this.settle(entry, { approved: false, reason: 'cancelled' });
      if (entry.final || !entry.waiter) this.entries.delete(entry.request.requestId);
      void this.forget(entry.request.requestId);
    }
  }

  private fromConsentPage(sender: chrome.runtime.MessageSender): boolean {
    return (
      sender.id === this.api.runtime.id &&
      typeof sender.url === 'string' &&
      sender.url.startsWith(this.api.runtime.getURL(CONSENT_PAGE_PATH))
    );
  }

  private onMessage(
    message: unknown,
    sender: chrome.runtime.MessageSender,
    sendResponse: (view: ConsentView) => void,
  ): boolean {
    if (!isPlainObject(message)) return false;
    if (message.type !== CONSENT_MESSAGE_TYPES.get && message.type !== CONSENT_MESSAGE_TYPES.decision)
      return false;
    if (!this.fromConsentPage(sender)) return false;
    const requestId =
      typeof message.requestId === 'string' && REQUEST_ID_PATTERN.test(message.requestId)
        ? message.requestId
        : undefined;
    const entry = requestId ? this.entries.get(requestId) : undefined;
    if (!requestId || !entry || (entry.windowId !== undefined && sender.tab?.windowId !== entry.windowId)) {
      // Unknown here: a previous worker's request (noted in session storage) or nonsense. Either way
      // the page hears "expired" at once; a PIN that came along is dropped unused.
      delete message.pin;
      void this.expire(requestId).then(() => sendResponse({ state: 'expired' }));
      return true;
    }
    if (message.type === CONSENT_MESSAGE_TYPES.get || !entry.waiter) {
      sendResponse(entry.view);
      return false;
    }
    if (message.approved !== true) {
      this.settle(entry, { approved: false, reason: 'cancelled' });
      entry.reply = sendResponse;
      return true;
    }
    const pin =
      typeof message.pin === 'string' &&
      message.pin.length >= PIN_LENGTH.min &&
      message.pin.length <= PIN_LENGTH.max
        ? message.pin
        : undefined;
    // JS strings cannot be wiped; the best we can do is hold no reference beyond the flow's call.
    delete message.pin;
    entry.view = { state: 'working', pinpad: entry.request.pin.pinpad };
    entry.reply = sendResponse;
    this.settle(
      entry,
      pin === undefined
        ? { approved: true, confirmLastTry: message.confirmLastTry === true }
        : { approved: true, pin, confirmLastTry: message.confirmLastTry === true },
    );
    return true;
  }
}

function askView(request: ConsentRequest): ConsentView {
  return {
    state: 'ask',
    operation: request.operation,
    origin: request.origin,
    card: request.card,
    pin: request.pin,
    ...(request.problem ? { problem: request.problem } : {}),
  };
}

function storageKey(requestId: string): string {
  return `${CONSENT_STORAGE_PREFIX}${requestId}`;
}
