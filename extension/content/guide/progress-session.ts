import { normaliseUra } from '../../../shared/steps/checks.js';
import {
  emptyProgress,
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

export type LoadOutcome = 'fresh' | 'loaded' | 'unreadable' | 'storage-failed';

export class ProgressSession {
  progress: Progress;
  private saving: Promise<void> = Promise.resolve();

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
    const snapshot = structuredClone(this.progress);
    const keys = [progressKey(this.environment, snapshot.ura)];
    if (snapshot.ura !== undefined) keys.push(progressKey(this.environment));
    this.saving = this.saving.then(async () => {
      for (const key of keys) {
        try {
          await this.store.save(key, snapshot);
        } catch (error) {
          this.log({ type: 'storage-failed', operation: 'save', message: String(error) });
        }
      }
    });
    return this.saving;
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
    }
    this.progress = emptyProgress(this.environment, this.now());
  }
}
