import type { CardStatusView } from '../../../shared/steps/card-status.js';
import type { Progress } from '../../../shared/steps/progress.js';
import type { Environment, Landmark, StepId, StepMap } from '../../../shared/steps/types.js';
import type { GuideLanguage } from '../../../shared/i18n/guide-strings.js';

/** Card status as the guide sees it; the lead wires this to the native host. */
export interface CardStatusSource {
  get(): Promise<CardStatusView>;
  /** Returns the unsubscribe function. */
  subscribe(cb: (status: CardStatusView) => void): () => void;
}

/**
 * Where progress lives. `load` may return anything the storage held: the guide validates it.
 * Implementations: ChromeProgressStore (chrome.storage.local), MemoryProgressStore (tests).
 */
export interface ProgressStore {
  load(key: string): Promise<Progress | undefined>;
  /** Writes as is (seeding in tests; import). */
  save(key: string, progress: Progress): Promise<void>;
  /**
   * Writes `next` without losing what another tab stored since this one read `base`
   * (mergeProgress, done atomically by the store's single writer); resolves to what is stored now.
   */
  merge(key: string, base: Progress | undefined, next: Progress): Promise<Progress>;
  clear(key: string): Promise<void>;
  /** Another tab changed a key: `value` is unvalidated. Returns the unsubscribe function. */
  watch?(onChange: (key: string, value: unknown) => void): () => void;
}

export type GuideEvent =
  | { type: 'guide-started'; environment: Environment; language: GuideLanguage }
  | { type: 'step-shown'; stepId: StepId; pageStepId: StepId | undefined; pageId: string | undefined }
  | { type: 'missing-control'; stepId: StepId | undefined; pageId: string | undefined; landmark: Landmark }
  | { type: 'progress-unreadable'; key: string; problems: string[] }
  | { type: 'storage-failed'; operation: 'load' | 'save' | 'clear'; message: string }
  | { type: 'organisation-switched'; environment: Environment }
  | { type: 'detection'; elementCount: number; durationMs: number }
  | { type: 'guide-stopped' };

export interface StartGuideOptions {
  document: Document;
  window: Window;
  stepMap: StepMap;
  store: ProgressStore;
  card: CardStatusSource;
  /** 'nl' | 'en' from the user's setting; undefined: from the browser's language (Dutch by default). */
  language?: GuideLanguage | undefined;
  /** The organisation's helpdesk (browser policy): named where the guide says to call the helpdesk. */
  helpdesk?: { name?: string; phone?: string; email?: string; url?: string } | undefined;
  log: (event: GuideEvent) => void;
  /** Debounce of page-change detection (ms); tests pass 0. */
  debounceMs?: number;
  /** Clock for progress timestamps (tests). */
  now?: () => Date;
}

export interface GuideHandle {
  /** Removes the panel and stops watching; safe to call twice. */
  stop: () => void;
  /** Runs detection now instead of waiting for the debounce. */
  refresh: () => void;
  /** Resolves once the stored progress has been loaded and the first detection ran. */
  ready: Promise<void>;
}
