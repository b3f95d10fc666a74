import type { Progress } from '../../../shared/steps/progress.js';
import {
  PROGRESS_CHANGED_MESSAGE,
  type ProgressChangedMessage,
  type ProgressClearRequest,
  type ProgressMergeRequest,
  type ProgressReadRequest,
  type WorkerReply,
} from '../../../shared/protocol/runtime.js';
import type { ProgressStore } from './types.js';

type ProgressRequest = ProgressReadRequest | ProgressMergeRequest | ProgressClearRequest;

/**
 * Progress in chrome.storage.local (survives reloads and browser restarts, stays on this machine), reached
 * only through the service worker: storage.local is closed to content scripts (issue 16: a compromised
 * renderer of any matched page could read or rewrite it). The worker is also the one writer for all tabs:
 * two tabs of the same portal that each read, changed and wrote the whole record would drop each other's
 * changes. What comes back is unvalidated; the guide validates it (validateProgress).
 */
export class ChromeProgressStore implements ProgressStore {
  private async ask<T>(request: ProgressRequest): Promise<T> {
    const reply = await chrome.runtime.sendMessage<ProgressRequest, WorkerReply<T> | undefined>(request);
    if (!reply) throw new Error(`the service worker did not answer ${request.type}`);
    if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
    return reply.result;
  }

  load(key: string): Promise<Progress | undefined> {
    return this.ask<Progress | undefined>({ type: 'progress-read', key });
  }

  /** There is no plain overwrite past the one writer: a save is a merge against nothing read before. */
  async save(key: string, progress: Progress): Promise<void> {
    await this.merge(key, undefined, progress);
  }

  merge(key: string, base: Progress | undefined, next: Progress): Promise<Progress> {
    return this.ask<Progress>({ type: 'progress-merge', key, base, next });
  }

  async clear(key: string): Promise<void> {
    await this.ask<unknown>({ type: 'progress-clear', key });
  }

  /** The worker tells the tabs that read progress when a key changes (storage.onChanged in its place). */
  watch(onChange: (key: string, value: unknown) => void): () => void {
    const listener = (message: unknown, sender: chrome.runtime.MessageSender) => {
      if (sender.id !== chrome.runtime.id) return false;
      const changed = message as Partial<ProgressChangedMessage> | null;
      if (changed?.type === PROGRESS_CHANGED_MESSAGE && typeof changed.key === 'string')
        onChange(changed.key, changed.value);
      return false;
    };
    chrome.runtime.onMessage.addListener(listener);
    return () => chrome.runtime.onMessage.removeListener(listener);
  }
}
