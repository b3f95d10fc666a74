// The service worker: owns the one native port, the card queue and the origin policy.
// MV3 may stop it at any time, so nothing here is state that must survive: settings and
// progress live in chrome.storage, and the host is simply reconnected.
import { CompanionError } from '../../shared/errors.js';
import { originEnvironment, isGuideOrigin, isOriginAllowed } from '../../shared/origins.js';
import {
  ALIVE_MESSAGE,
  RUNTIME_EVENTS_PORT,
  type OriginCheckResult,
  type WorkerReply,
} from '../../shared/protocol/runtime.js';
import { handlePageRequest, senderOrigin, assertAllowedSender } from './actions/page-request.js';
import { guideCardStatus } from './actions/guide-card-status.js';
import { chromeCommandTabs, handleGuideCommand } from './actions/guide-command.js';
import { registerDiagnostics } from './actions/diagnostics.js';
import { registerProgressAccess } from './actions/progress-access.js';
import { CARD_QUEUE_LIMIT } from './config.js';
import { ConsentBroker } from './services/consent.js';
import { recordEvent, recordGuideEvent } from './services/event-log.js';
import { CardQueue } from './services/card-queue.js';
import { MessageRegistry } from './services/message-registry.js';
import { NativeHost } from './services/native-host.js';
import { loadSettings } from './services/settings.js';
import { mergeStoredProgress } from './services/progress-writer.js';
import {
  CONSENT_CARD_PORT,
  CONSENT_PAGE_PATH,
  type ConsentCardEvent,
} from '../../shared/protocol/consent.js';
import { watchSandboxScripts } from './services/sandbox-scripts.js';

const host = new NativeHost();
const queue = new CardQueue(CARD_QUEUE_LIMIT);
const settings = async () => (await loadSettings()).settings;

/**
 * Asks the content script of the very document that sent a request whether it is still there: a
 * navigated, closed or back-forward-cached document does not answer (sendMessage by documentId fails).
 */
async function senderAlive(sender: chrome.runtime.MessageSender): Promise<boolean> {
  const tabId = sender.tab?.id;
  if (tabId === undefined) return false;
  try {
    const reply: unknown = await chrome.tabs.sendMessage(
      tabId,
      { type: ALIVE_MESSAGE },
      sender.documentId ? { documentId: sender.documentId } : { frameId: 0 },
    );
    return reply === true;
  } catch {
    return false;
  }
}
// Policy for the host itself (PKCS#11 module paths), sent after every (re)connect.
host.onConnected(async (send) => {
  const { pkcs11Modules } = await settings();
  if (Object.keys(pkcs11Modules).length > 0) await send('configure', { pkcs11Modules });
});
const logCardOperation = (event: string, details?: Record<string, unknown>) =>
  recordEvent('worker', { event, ...details });
const eventPorts = new Set<chrome.runtime.Port>();
// Open PIN windows: they follow card removal and insertion while they ask.
const consentCardPorts = new Set<chrome.runtime.Port>();

host.onEvent((event) => {
  for (const port of eventPorts) port.postMessage(event);
  const present =
    event.event === 'card-inserted'
      ? true
      : event.event === 'card-removed' || event.event === 'reader-removed'
        ? false
        : undefined;
  if (present === undefined) return;
  const cardEvent: ConsentCardEvent = {
    type: 'card',
    present,
    ...(event.reader === undefined ? {} : { reader: event.reader }),
  };
  for (const port of consentCardPorts) port.postMessage(cardEvent);
});

function acceptConsentCardPort(port: chrome.runtime.Port): void {
  const url = port.sender?.url;
  if (port.sender?.id !== chrome.runtime.id || !url?.startsWith(chrome.runtime.getURL(CONSENT_PAGE_PATH))) {
    port.disconnect();
    return;
  }
  consentCardPorts.add(port);
  port.onDisconnect.addListener(() => consentCardPorts.delete(port));
  ensureSubscribed().catch(() => {
    // The host is not reachable now; the window learns that when the user presses Doorgaan.
  });
}

function ensureSubscribed(): Promise<void> {
  return host.subscribe();
}

function toReply(promise: Promise<unknown>, sendResponse: (reply: WorkerReply) => void): void {
  promise.then(
    (result) => sendResponse({ ok: true, result }),
    (error: unknown) => {
      const wire =
        error instanceof CompanionError
          ? error.toWire()
          : new CompanionError('INTERNAL', error instanceof Error ? error.message : String(error)).toWire();
      sendResponse({ ok: false, error: wire });
    },
  );
}

// One listener, one handler per message type (shared/protocol/runtime.ts): registered at the top
// level so a worker woken by a message hears it.
const messages = new MessageRegistry(() => chrome.runtime.id);
chrome.runtime.onMessage.addListener(messages.listener);
const consent = new ConsentBroker();
consent.register(messages);
registerDiagnostics({ host, queue }, messages);
// Issue 16: storage.local closed to content scripts; their progress reads and clears go through here.
registerProgressAccess(settings, messages);
// Release builds: the sandbox origins get the content script only when policy turns the sandbox on.
watchSandboxScripts();

messages.on('origin-check', (_message, sender, sendResponse) => {
  toReply(
    (async (): Promise<OriginCheckResult> => {
      const origin = senderOrigin(sender) ?? '';
      const current = await settings();
      const allowed = sender.frameId === 0 && isOriginAllowed(origin, current);
      const guide = sender.frameId === 0 && (allowed || isGuideOrigin(origin));
      return {
        allowed,
        guide,
        language: current.language,
        // Policy's corrections of the step map go only where the guide runs; the guide validates them.
        ...(guide && current.stepMapCorrections ? { stepMapCorrections: current.stepMapCorrections } : {}),
        ...(guide && current.helpdesk ? { helpdesk: current.helpdesk } : {}),
        environment: originEnvironment(origin),
        version: chrome.runtime.getManifest().version,
      };
    })(),
    sendResponse,
  );
  return true;
});

messages.on('guide-card-status', (_message, sender, sendResponse) => {
  toReply(
    assertAllowedSender(sender, settings).then(() => guideCardStatus(host, queue)),
    sendResponse,
  );
  return true;
});

messages.on('progress-merge', (message, sender, sendResponse) => {
  toReply(
    (async () => {
      const origin = senderOrigin(sender);
      const allowed =
        origin !== undefined && sender.frameId === 0 && isOriginAllowed(origin, await settings());
      return mergeStoredProgress(message, sender.frameId === 0 ? origin : undefined, allowed);
    })(),
    sendResponse,
  );
  return true;
});

messages.on('guide-event', (message) => {
  recordGuideEvent(message.event);
  return false;
});

messages.on('page-request', (message, sender, sendResponse) => {
  toReply(
    handlePageRequest(message.command, message.arguments, sender, {
      host,
      queue,
      settings,
      consent,
      log: logCardOperation,
      senderAlive,
    }),
    sendResponse,
  );
  return true;
});

chrome.commands?.onCommand.addListener((command, tab) => {
  void handleGuideCommand(command, tab, chromeCommandTabs);
});

chrome.runtime.onConnect.addListener((port) => {
  if (port.name === CONSENT_CARD_PORT) {
    acceptConsentCardPort(port);
    return;
  }
  if (port.name !== RUNTIME_EVENTS_PORT || !port.sender) {
    port.disconnect();
    return;
  }
  assertAllowedSender(port.sender, settings).then(
    async () => {
      eventPorts.add(port);
      port.onDisconnect.addListener(() => eventPorts.delete(port));
      try {
        await ensureSubscribed();
      } catch {
        // The host is not reachable now; the page learns that from its next request.
      }
    },
    () => port.disconnect(),
  );
});
