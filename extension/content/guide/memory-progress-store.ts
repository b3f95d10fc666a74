import { mergeProgress, validateProgress, type Progress } from '../../../shared/steps/progress.js';
import type { ProgressStore } from './types.js';

/** Progress in memory (tests, private windows). Stores copies, like real storage would. */
export class MemoryProgressStore implements ProgressStore {
  readonly data = new Map<string, unknown>();
  private readonly watchers = new Set<(key: string, value: unknown) => void>();

  load(key: string): Promise<Progress | undefined> {
    const value = this.data.get(key);
    return Promise.resolve(value === undefined ? undefined : (structuredClone(value) as Progress));
  }

  save(key: string, progress: Progress): Promise<void> {
    this.data.set(key, structuredClone(progress));
    for (const watcher of this.watchers) watcher(key, structuredClone(progress));
    return Promise.resolve();
  }

  /** Read, merge and write happen in one synchronous turn: atomic, like the service worker's writer. */
  async merge(key: string, base: Progress | undefined, next: Progress): Promise<Progress> {
    const stored = validateProgress(this.data.get(key));
    const merged = mergeProgress(base, next, stored.ok ? stored.progress : undefined);
    await this.save(key, merged);
    return structuredClone(merged);
  }

  clear(key: string): Promise<void> {
    this.data.delete(key);
    return Promise.resolve();
  }

  watch(onChange: (key: string, value: unknown) => void): () => void {
    this.watchers.add(onChange);
    return () => this.watchers.delete(onChange);
  }
}
