// Bridges the page API (window.postMessage) and the service worker, for allowlisted origins
// only. Accepts only messages from this very window and origin that carry our prefix; the
// origin the service worker acts on is taken from the browser, not from these messages.
import { CompanionError } from '../../shared/errors.js';
import type { HostEvent } from '../../shared/protocol/host.js';
import {
  PAGE_MAX_MESSAGE_BYTES,
  PAGE_PROTOCOL_VERSION,
  type ExtensionToPage,
} from '../../shared/protocol/page.js';
import { RUNTIME_EVENTS_PORT, type WorkerReply } from '../../shared/protocol/runtime.js';
import { isPlainObject } from '../../shared/validate.js';

const ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

export interface PageBridge {
  stop(): void;
}

export function startPageBridge(win: Window, version: string): PageBridge {
  const origin = win.location.origin;
  const post = (message: ExtensionToPage) => win.postMessage(message, origin);
  let eventsPort: chrome.runtime.Port | undefined;

  const openEvents = () => {
    if (eventsPort) return;
    eventsPort = chrome.runtime.connect({ name: RUNTIME_EVENTS_PORT });
    eventsPort.onMessage.addListener((event: HostEvent) => post({ type: 'zorgid-companion:event', event }));
    eventsPort.onDisconnect.addListener(() => {
      eventsPort = undefined;
    });
  };

  const onMessage = (event: MessageEvent<unknown>) => {
    if (event.source !== win || event.origin !== origin) return;
    const data = event.data;
    if (!isPlainObject(data) || typeof data.type !== 'string' || !data.type.startsWith('zorgid-companion:'))
      return;
    const id = typeof data.id === 'string' && ID_PATTERN.test(data.id) ? data.id : undefined;
    if (data.type === 'zorgid-companion:ping' && id) {
      post({ type: 'zorgid-companion:pong', id, version, protocol: PAGE_PROTOCOL_VERSION });
      try {
        openEvents();
      } catch {
        // Extension reloaded under this page (context invalidated): no events; requests say so.
      }
      return;
    }
    if (data.type !== 'zorgid-companion:request' || !id) return;
    post({ type: 'zorgid-companion:ack', id });
    if (approximateSize(data) > PAGE_MAX_MESSAGE_BYTES) {
      post({
        type: 'zorgid-companion:response',
        id,
        error: new CompanionError('MESSAGE_TOO_LARGE').toWire(),
      });
      return;
    }
    // Through a promise, because sendMessage throws synchronously once the extension was reloaded
    // under this page ("Extension context invalidated"): the page must still get an answer.
    const request = { type: 'page-request', command: data.command, arguments: data.arguments };
    Promise.resolve()
      .then(() => chrome.runtime.sendMessage(request))
      .then((reply: WorkerReply | undefined) => {
        if (!reply) throw new CompanionError('HOST_DISCONNECTED', 'No answer from the extension');
        post(
          reply.ok
            ? { type: 'zorgid-companion:response', id, result: reply.result }
            : { type: 'zorgid-companion:response', id, error: reply.error },
        );
      })
      .catch((error: unknown) => {
        const wire =
          error instanceof CompanionError ? error.toWire() : new CompanionError('HOST_DISCONNECTED').toWire();
        post({ type: 'zorgid-companion:response', id, error: wire });
      });
  };

  win.addEventListener('message', onMessage);
  post({ type: 'zorgid-companion:ready', version });
  return {
    stop() {
      win.removeEventListener('message', onMessage);
      eventsPort?.disconnect();
    },
  };
}

const utf8 = new TextEncoder();

/** UTF-8 bytes of the JSON form (the limit is in bytes: counting UTF-16 units let 3× through). */
function approximateSize(value: unknown): number {
  try {
    const json = JSON.stringify(value);
    // Each UTF-16 unit is at most 3 UTF-8 bytes: skip encoding when even that stays under the limit.
    return json.length * 3 <= PAGE_MAX_MESSAGE_BYTES ? json.length : utf8.encode(json).length;
  } catch {
    // Cycles, BigInt, nesting too deep to serialise: not a message we forward.
    return Number.POSITIVE_INFINITY;
  }
}
