import type { Progress } from '../../../shared/steps/progress.js';
import type { ProgressStore } from './types.js';

/**
 * Progress in chrome.storage.local: survives reloads and browser restarts, stays on this
 * machine. What comes back is unvalidated; the guide validates it (validateProgress).
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

  async clear(key: string): Promise<void> {
    await this.area.remove(key);
  }
}
