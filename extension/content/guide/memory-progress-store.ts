import type { Progress } from '../../../shared/steps/progress.js';
import type { ProgressStore } from './types.js';

/** Progress in memory (tests, private windows). Stores copies, like real storage would. */
export class MemoryProgressStore implements ProgressStore {
  readonly data = new Map<string, unknown>();

  load(key: string): Promise<Progress | undefined> {
    const value = this.data.get(key);
    return Promise.resolve(value === undefined ? undefined : (structuredClone(value) as Progress));
  }

  save(key: string, progress: Progress): Promise<void> {
    this.data.set(key, structuredClone(progress));
    return Promise.resolve();
  }

  clear(key: string): Promise<void> {
    this.data.delete(key);
    return Promise.resolve();
  }
}
