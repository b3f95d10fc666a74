// Issue 16: storage.local is for trusted contexts only. A content script runs in the renderer of every
// matched page (every *.formdesk.com tenant, 127.0.0.1); a compromised renderer could otherwise read or
// rewrite everything the extension keeps there. The guide's progress is the only thing content scripts
// used it for: they now read, merge and clear it through the worker (progress-writer.ts, the one writer),
// and the worker tells the tabs that read a key when it changes (what storage.onChanged told them).
import { CompanionError } from '../../../shared/errors.js';
import { isOriginAllowed } from '../../../shared/origins.js';
import {
  PROGRESS_CHANGED_MESSAGE,
  type ProgressChangedMessage,
  type WorkerReply,
} from '../../../shared/protocol/runtime.js';
import { isProgressKey } from '../../../shared/steps/progress.js';
import type { RuntimeHandler, RuntimeRegistry } from '../services/message-registry.js';
import { senderOrigin } from './page-request.js';
import type { Settings } from '../services/settings.js';
import { clearStoredProgress, readStoredProgress } from '../services/progress-writer.js';

/** Tabs whose guide read progress (storage.session: survives a worker restart, trusted contexts only). */
const READER_TABS_KEY = 'progressReaderTabs';

/**
 * Closes storage.local to content scripts. Chromium supports the access level on `local` (it stores it
 * per extension, so it holds from then on); Firefox implements setAccessLevel for `session` only and
 * lacks it here: there the content script simply no longer uses storage.local.
 */
export async function restrictLocalStorage(
  area: chrome.storage.StorageArea = chrome.storage.local,
): Promise<boolean> {
  if (typeof area.setAccessLevel !== 'function') return false;
  await area.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
  return true;
}

async function readerTabs(): Promise<number[]> {
  const stored = await chrome.storage.session.get<{ [READER_TABS_KEY]?: number[] }>(READER_TABS_KEY);
  return stored[READER_TABS_KEY] ?? [];
}

async function addReaderTab(tabId: number): Promise<void> {
  const tabs = await readerTabs();
  if (!tabs.includes(tabId)) await chrome.storage.session.set({ [READER_TABS_KEY]: [...tabs, tabId] });
}

async function notifyReaders(key: string, value: unknown): Promise<void> {
  const message: ProgressChangedMessage = { type: PROGRESS_CHANGED_MESSAGE, key, value };
  const tabs = await readerTabs();
  const gone: number[] = [];
  await Promise.all(
    tabs.map((tabId) =>
      chrome.tabs.sendMessage(tabId, message, { frameId: 0 }).catch(() => {
        gone.push(tabId);
      }),
    ),
  );
  // A closed tab, or one that navigated away from the guide, no longer hears: forget it.
  if (gone.length > 0) {
    const left = (await readerTabs()).filter((tabId) => !gone.includes(tabId));
    await chrome.storage.session.set({ [READER_TABS_KEY]: left });
  }
}

export function registerProgressAccess(settings: () => Promise<Settings>, registry: RuntimeRegistry): void {
  restrictLocalStorage().catch((error: unknown) => {
    console.error('storage.local access level not set:', error);
  });

  const answer: RuntimeHandler = (message, sender, sendResponse) => {
    const reply = (async () => {
      const origin = sender.frameId === 0 ? senderOrigin(sender) : undefined;
      const allowed = origin !== undefined && isOriginAllowed(origin, await settings());
      if (message.type === 'progress-clear') return clearStoredProgress(message, origin, allowed);
      const value = await readStoredProgress(message, origin, allowed);
      if (sender.tab?.id !== undefined) await addReaderTab(sender.tab.id);
      return value;
    })();
    reply.then(
      (result) => sendResponse({ ok: true, result } satisfies WorkerReply),
      (error: unknown) => {
        const wire = (
          error instanceof CompanionError
            ? error
            : new CompanionError('INTERNAL', error instanceof Error ? error.message : String(error))
        ).toWire();
        sendResponse({ ok: false, error: wire } satisfies WorkerReply);
      },
    );
    return true;
  };
  registry.on('progress-read', answer);
  registry.on('progress-clear', answer);

  chrome.storage.onChanged.addListener((changes, areaName) => {
    if (areaName !== 'local') return;
    for (const [key, change] of Object.entries(changes))
      if (isProgressKey(key)) void notifyReaders(key, change.newValue).catch(() => undefined);
  });
}
