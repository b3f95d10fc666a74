// Content script entry: asks the service worker what this page may have (the card bridge on
// allowlisted origins; the guide on portal and application-form pages), then starts them.
import type { OriginCheckResult, WorkerReply } from '../../shared/protocol/runtime.js';
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
  }
  if (check.guide) {
    const { map } = applyStepMapCorrections(DEFAULT_STEP_MAP, check.stepMapCorrections ?? {});
    startGuide({
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
  }
}

void boot();
