import type { Progress } from '../../../shared/steps/progress.js';
import type { ProgressMergeRequest, WorkerReply } from '../../../shared/protocol/runtime.js';
import type { ProgressStore } from './types.js';

/**
 * Progress in chrome.storage.local: survives reloads and browser restarts, stays on this
 * machine. What comes back is unvalidated; the guide validates it (validateProgress).
 * Writes go through the service worker, the one writer for all tabs: two tabs of the same
 * portal that each read, changed and wrote the whole record would drop each other's changes.
 */
export class ChromeProgressStore implements ProgressStore {
  constructor(private readonly area: chrome.storage.StorageArea = chrome.storage.local) {}

  async load(key: string): Promise<Progress | undefined> {
    const items = await this.area.get(key);
    return items[key] as Progress | undefined;
  }

  async save(key: string, progress: Progress): Promise<void> {
    await this.area.set({ [key]: progress });
  }

  async merge(key: string, base: Progress | undefined, next: Progress): Promise<Progress> {
    const request: ProgressMergeRequest = { type: 'progress-merge', key, base, next };
    const reply = await chrome.runtime.sendMessage<ProgressMergeRequest, WorkerReply<Progress> | undefined>(
      request,
    );
    if (!reply) throw new Error('the service worker did not answer the progress write');
    if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
    return reply.result;
  }

  async clear(key: string): Promise<void> {
    await this.area.remove(key);
  }

  watch(onChange: (key: string, value: unknown) => void): () => void {
    const listener = (changes: Record<string, chrome.storage.StorageChange>, areaName: string) => {
      if (areaName !== 'local') return;
      for (const [key, change] of Object.entries(changes)) onChange(key, change.newValue);
    };
    chrome.storage.onChanged.addListener(listener);
    return () => chrome.storage.onChanged.removeListener(listener);
  }
}
