// Content script entry: asks the service worker whether this origin may use the card, then
// starts the page bridge. Pages on other origins get nothing from us.
import type { OriginCheckResult, WorkerReply } from '../../shared/protocol/runtime.js';
import { startPageBridge } from './page-bridge.js';

async function boot(): Promise<void> {
  if (!window.isSecureContext || window.top !== window) return;
  const reply = (await chrome.runtime.sendMessage({ type: 'origin-check' })) as WorkerReply<OriginCheckResult> | undefined;
  if (!reply?.ok || !reply.result.allowed) return;
  startPageBridge(window, reply.result.version);
  document.documentElement.dataset.zorgidCompanion = reply.result.version;
}

void boot();
