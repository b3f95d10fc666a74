// Content script entry: asks the service worker what this page may have (the card bridge on
// allowlisted origins; the guide on portal and application-form pages), then starts them.
import {
  ALIVE_MESSAGE,
  isWorkerToContent,
  type OriginCheckResult,
  type WorkerReply,
} from '../../shared/protocol/runtime.js';
import { applyStepMapCorrections, DEFAULT_STEP_MAP } from '../../shared/steps/index.js';
import { cardStatusFromExtension } from './card-status-source.js';
import { ChromeProgressStore, startGuide } from './guide/index.js';
import { startPageBridge } from './page-bridge.js';

async function boot(): Promise<void> {
  if (!window.isSecureContext || window.top !== window) return;
  const reply = await chrome.runtime.sendMessage<
    { type: 'origin-check' },
    WorkerReply<OriginCheckResult> | undefined
  >({
    type: 'origin-check',
  });
  if (!reply?.ok) return;
  const check = reply.result;
  if (check.allowed) {
    startPageBridge(window, check.version);
    document.documentElement.dataset.zorgidCompanion = check.version;
    // The worker asks before it opens a consent window for a queued request of this page.
    chrome.runtime.onMessage.addListener((message: unknown, sender, sendResponse) => {
      if (sender.id !== chrome.runtime.id || (message as { type?: unknown } | null)?.type !== ALIVE_MESSAGE)
        return false;
      sendResponse(true);
      return false;
    });
  }
  if (check.guide) {
    const { map } = applyStepMapCorrections(DEFAULT_STEP_MAP, check.stepMapCorrections ?? {});
    const guide = startGuide({
      document,
      window,
      stepMap: map,
      store: new ChromeProgressStore(),
      card: cardStatusFromExtension(),
      ...(check.language === 'auto' ? {} : { language: check.language }),
      ...(check.helpdesk ? { helpdesk: check.helpdesk } : {}),
      log: (event) => {
        void chrome.runtime.sendMessage({ type: 'guide-event', event }).catch(() => undefined);
      },
    });
    // The keyboard command (manifest `commands`), relayed by the service worker.
    chrome.runtime.onMessage.addListener((message: unknown, sender) => {
      if (sender.id === chrome.runtime.id && isWorkerToContent(message)) guide.focusPanel();
      return false;
    });
  }
}

void boot();
