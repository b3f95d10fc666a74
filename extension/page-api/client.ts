// The page API: what a portal uses to reach the UZI-pas through the extension.
// Every call answers or fails with a coded error. An acknowledgement tells "not installed"
// (no pong), "not listening" (no ack) and "slow" (ack but no answer yet) apart.
import { errorMessage, isErrorCode, type ErrorCode, type WireError } from '../../shared/errors.js';
import type {
  HostEvent,
  HostEventName,
  HostStatus,
  PinStatusResult,
  ReadCardResult,
  SignResult,
} from '../../shared/protocol/host.js';
import {
  PAGE_COMMANDS,
  PAGE_COMMAND_RULES,
  PAGE_TIMEOUTS,
  pageRequestArguments,
  parseExtensionToPage,
  type PageCommand,
  type PageCommandMap,
  type PageRequestArguments,
  type PageResponseResult,
} from '../../shared/protocol/page.js';
import type { AuthToken } from '../../shared/protocol/token.js';

export type { AuthToken, HostEvent, HostStatus, PinStatusResult, ReadCardResult, SignResult };

/** Codes only the page API produces, beside those of shared/errors.ts. */
export type PageApiErrorCode = ErrorCode | 'EXTENSION_NOT_INSTALLED' | 'EXTENSION_NOT_RESPONDING';

export class ZorgIdError extends Error {
  constructor(
    readonly code: PageApiErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ZorgIdError';
  }
}

/** One method per page command (shared/protocol/page.ts), with that command's parameters. */
export type ZorgIdCommandMethods = {
  [C in PageCommand]: (...parameters: PageCommandMap[C]['parameters']) => Promise<PageResponseResult<C>>;
};

export interface ZorgIdCompanionClient extends ZorgIdCommandMethods {
  available(): Promise<boolean>;
  on(event: HostEventName, listener: (event: HostEvent) => void): () => void;
  /** Called when the extension's bridge starts on this page (also after the page gave up on it). */
  onReady(listener: () => void): () => void;
}

interface Waiting {
  resolve: (value: unknown) => void;
  reject: (error: ZorgIdError) => void;
  acked: boolean;
  timers: ReturnType<typeof setTimeout>[];
}

export function createClient(win: Window = window): ZorgIdCompanionClient {
  const origin = win.location.origin;
  const waiting = new Map<string, Waiting>();
  const listeners = new Map<HostEventName, Set<(event: HostEvent) => void>>();
  const readyListeners = new Set<() => void>();
  let counter = 0;
  let extension: Promise<{ version: string } | undefined> | undefined;
  const newId = () => `page-${Date.now().toString(36)}-${(counter++).toString(36)}`;

  win.addEventListener('message', (event: MessageEvent<unknown>) => {
    // Only our own window and origin: a frame or another window cannot answer for the extension.
    if (event.source !== win || event.origin !== origin) return;
    const data = parseExtensionToPage(event.data);
    if (!data) return;
    if (data.type === 'zorgid-companion:ready') {
      // The bridge started after we gave up: forget the negative answer and tell listeners.
      if (!waitingForPing()) extension = undefined;
      for (const listener of readyListeners) listener();
      return;
    }
    if (data.type === 'zorgid-companion:event') {
      for (const listener of listeners.get(data.event.event) ?? []) listener(data.event);
      return;
    }
    const entry = waiting.get(data.id);
    if (!entry) return;
    if (data.type === 'zorgid-companion:ack') {
      entry.acked = true;
      return;
    }
    if (data.type === 'zorgid-companion:pong') {
      finish(data.id, entry);
      entry.resolve({ version: data.version });
      return;
    }
    finish(data.id, entry);
    if ('error' in data) entry.reject(pageError(data.error));
    else entry.resolve(data.result);
  });

  function waitingForPing(): boolean {
    return extension !== undefined && [...waiting.keys()].length > 0;
  }

  function finish(id: string, entry: Waiting): void {
    for (const timer of entry.timers) clearTimeout(timer);
    waiting.delete(id);
  }

  function ping(): Promise<{ version: string } | undefined> {
    // The content script may start after the page's scripts (document_idle plus a policy check in
    // the service worker): ping repeatedly until the deadline instead of concluding too early.
    extension ??= new Promise((resolve) => {
      const id = newId();
      const entry: Waiting = {
        resolve: (value) => resolve(value as { version: string }),
        reject: () => resolve(undefined),
        acked: false,
        timers: [],
      };
      const send = () => win.postMessage({ type: 'zorgid-companion:ping', id }, origin);
      for (let at = PAGE_TIMEOUTS.pingRetryMs; at < PAGE_TIMEOUTS.pingMs; at += PAGE_TIMEOUTS.pingRetryMs) {
        entry.timers.push(setTimeout(send, at));
      }
      entry.timers.push(
        setTimeout(() => {
          finish(id, entry);
          extension = undefined; // maybe installed later: ask again next time
          resolve(undefined);
        }, PAGE_TIMEOUTS.pingMs),
      );
      waiting.set(id, entry);
      send();
    });
    return extension;
  }

  async function call<C extends PageCommand>(
    command: C,
    args: PageRequestArguments<C>,
  ): Promise<PageResponseResult<C>> {
    const timeoutMs = PAGE_TIMEOUTS[PAGE_COMMAND_RULES[command].timeout];
    if (!(await ping())) {
      throw new ZorgIdError(
        'EXTENSION_NOT_INSTALLED',
        'ZORG-ID Companion is niet geïnstalleerd of niet toegestaan op deze site. Installeer de extensie of vraag uw IT-beheerder deze site toe te staan.',
      );
    }
    return new Promise((resolve, reject) => {
      const id = newId();
      const entry: Waiting = {
        resolve: resolve as (value: unknown) => void,
        reject,
        acked: false,
        timers: [],
      };
      entry.timers.push(
        setTimeout(() => {
          if (entry.acked) return;
          finish(id, entry);
          reject(
            new ZorgIdError('EXTENSION_NOT_RESPONDING', 'De extensie reageert niet. Herlaad de pagina.'),
          );
        }, PAGE_TIMEOUTS.ackMs),
        setTimeout(() => {
          finish(id, entry);
          reject(new ZorgIdError('TIMEOUT', 'Geen antwoord op tijd. Probeer het opnieuw.'));
        }, timeoutMs),
      );
      waiting.set(id, entry);
      win.postMessage({ type: 'zorgid-companion:request', id, command, arguments: args }, origin);
    });
  }

  // The command methods come from the map: a new page command needs no change here.
  const methods = Object.fromEntries(
    PAGE_COMMANDS.map((command) => [
      command,
      (...values: unknown[]) => call(command, pageRequestArguments(command, values)),
    ]),
  ) as unknown as ZorgIdCommandMethods;

  return {
    ...methods,
    available: async () => (await ping()) !== undefined,
    onReady(listener) {
      readyListeners.add(listener);
      return () => readyListeners.delete(listener);
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      void ping();
      return () => set.delete(listener);
    },
  };
}

/**
 * The host and the worker describe errors in English for logs; a portal shows `message` to its
 * users, who read Dutch: known codes get their Dutch text (shared/errors.ts), the code stays.
 */
function pageError(wire: WireError): ZorgIdError {
  const message = isErrorCode(wire.code) ? errorMessage(wire.code, 'nl') : wire.message;
  return new ZorgIdError(wire.code, message, wire.details);
}
