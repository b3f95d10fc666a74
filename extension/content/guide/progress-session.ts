import { normaliseUra } from '../../../shared/steps/checks.js';
import {
  emptyProgress,
  mergeProgress,
  progressKey,
  validateProgress,
  type Progress,
} from '../../../shared/steps/progress.js';
import type { Environment } from '../../../shared/steps/types.js';
import type { GuideEvent, ProgressStore } from './types.js';

// The progress of one page session: loaded once, validated, saved after every change. Keys:
// per environment until the organisation (URA) is known, then per environment + URA; the
// environment key then also holds the latest copy, so the next page load (before the URA is
// visible again) finds the organisation's progress. Storage failures never break the guide.
// Other tabs of the same portal write the same keys: a save merges (store.merge) against what
// this session last read per key, and changes other tabs store are merged in as they arrive.

export type LoadOutcome = 'fresh' | 'loaded' | 'unreadable' | 'storage-failed';

export class ProgressSession {
  progress: Progress;
  private saving: Promise<void> = Promise.resolve();
  /** Per key: the progress as this session last read or wrote it (the merge's common ancestor). */
  private readonly base = new Map<string, Progress | undefined>();
  private unwatch: () => void = () => {};

  constructor(
    private readonly store: ProgressStore,
    readonly environment: Environment,
    private readonly log: (event: GuideEvent) => void,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.progress = emptyProgress(environment, now());
  }

  get key(): string {
    return progressKey(this.environment, this.progress.ura);
  }

  private async read(key: string): Promise<{ outcome: LoadOutcome; progress?: Progress }> {
    let raw: unknown;
    try {
      raw = await this.store.load(key);
    } catch (error) {
      this.log({ type: 'storage-failed', operation: 'load', message: String(error) });
      return { outcome: 'storage-failed' };
    }
    if (raw === undefined || raw === null) return { outcome: 'fresh' };
    const result = validateProgress(raw);
    if (!result.ok) {
      this.log({ type: 'progress-unreadable', key, problems: result.problems });
      return { outcome: 'unreadable' };
    }
    if (result.progress.environment !== this.environment) {
      this.log({ type: 'progress-unreadable', key, problems: ['progress belongs to another environment'] });
      return { outcome: 'unreadable' };
    }
    this.base.set(key, structuredClone(result.progress));
    return { outcome: 'loaded', progress: result.progress };
  }

  async load(): Promise<LoadOutcome> {
    const first = await this.read(progressKey(this.environment));
    if (!first.progress) {
      this.progress = emptyProgress(this.environment, this.now());
      return first.outcome;
    }
    this.progress = first.progress;
    if (first.progress.ura !== undefined) {
      const own = await this.read(progressKey(this.environment, first.progress.ura));
      if (own.progress && normaliseUra(own.progress.ura) === normaliseUra(first.progress.ura))
        this.progress = own.progress;
    }
    return 'loaded';
  }

  /** Changes the progress and saves it (saves are serialised, failures logged). */
  update(change: (p: Progress) => void): Promise<void> {
    change(this.progress);
    this.progress.updatedAt = this.now().toISOString();
    return this.save();
  }

  save(): Promise<void> {
    this.saving = this.saving.then(async () => {
      const snapshot = structuredClone(this.progress);
      const keys = [progressKey(this.environment, snapshot.ura)];
      if (snapshot.ura !== undefined) keys.push(progressKey(this.environment));
      for (const [i, key] of keys.entries()) {
        try {
          const stored = await this.store.merge(key, this.base.get(key), snapshot);
          this.base.set(key, structuredClone(stored));
          // The organisation's own key decides what this tab shows: what others stored, plus
          // what this tab changed while the write was on its way.
          if (i === 0) this.progress = mergeProgress(snapshot, this.progress, stored);
        } catch (error) {
          this.log({ type: 'storage-failed', operation: 'save', message: String(error) });
        }
      }
    });
    return this.saving;
  }

  /**
   * Follows what other tabs store under this session's key; `changed` runs after a merge that
   * changed what this tab shows. Returns the unsubscribe function (also called by stop()).
   */
  follow(changed: () => void): () => void {
    this.unwatch();
    const unwatch =
      this.store.watch?.((key, value) => {
        if (key !== this.key) return;
        if (value === undefined) {
          // "Opnieuw beginnen" in another tab: this tab starts over too, or its next save would undo it.
          this.base.delete(key);
          this.progress = emptyProgress(this.environment, this.now());
          changed();
          return;
        }
        const result = validateProgress(value);
        if (!result.ok || result.progress.environment !== this.environment) return;
        // Our own write echoing back changes nothing; another tab's write is merged in.
        const before = JSON.stringify(this.progress);
        this.progress = mergeProgress(this.base.get(key), this.progress, result.progress);
        this.base.set(key, structuredClone(result.progress));
        if (JSON.stringify(this.progress) !== before) changed();
      }) ?? (() => {});
    this.unwatch = unwatch;
    return () => {
      unwatch();
      this.unwatch = () => {};
    };
  }

  /**
   * A URA became known. The first one is adopted; a different one from a new application form
   * means another organisation: its own progress is loaded (or started). A different URA on a
   * card or page is not a switch: the checks warn about it instead.
   */
  async adoptUra(
    ura: string | undefined,
    source: 'application' | 'card' | 'page',
  ): Promise<'same' | 'adopted' | 'switched'> {
    const normalised = normaliseUra(ura);
    if (normalised === undefined) return 'same';
    const current = normaliseUra(this.progress.ura);
    if (current === undefined) {
      await this.update((p) => {
        p.ura = normalised;
      });
      return 'adopted';
    }
    if (current === normalised || source !== 'application') return 'same';
    await this.saving;
    const other = await this.read(progressKey(this.environment, normalised));
    this.progress = other.progress ?? { ...emptyProgress(this.environment, this.now()), ura: normalised };
    this.log({ type: 'organisation-switched', environment: this.environment });
    await this.save();
    return 'switched';
  }

  async reset(): Promise<void> {
    await this.saving;
    const keys = new Set([progressKey(this.environment), progressKey(this.environment, this.progress.ura)]);
    for (const key of keys) {
      try {
        await this.store.clear(key);
      } catch (error) {
        this.log({ type: 'storage-failed', operation: 'clear', message: String(error) });
      }
      this.base.delete(key);
    }
    this.progress = emptyProgress(this.environment, this.now());
  }
}
