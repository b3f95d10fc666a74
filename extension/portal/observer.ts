// Re-runs detection when the page changes. Debounced (a portal render is hundreds of mutations)
// with a maximum wait, so a page that never stops changing still gets detected. Mutations in
// the guide's own host element are ignored: otherwise drawing the panel would re-trigger it.

export interface WatchOptions {
  document: Document;
  /** The guide's host element (may not exist yet). */
  host: () => Element | null;
  onChange: () => void;
  debounceMs?: number;
  maxWaitMs?: number;
}

export interface PageWatcher {
  stop(): void;
  /** Runs a pending change now (tests, before unload). */
  flush(): void;
  readonly stats: { batches: number; ignoredRecords: number; runs: number };
}

export const DEFAULT_DEBOUNCE_MS = 150;
export const DEFAULT_MAX_WAIT_MS = 1000;

function isOwnRecord(record: MutationRecord, host: Element | null): boolean {
  if (host === null) return false;
  if (record.target === host || host.contains(record.target)) return true;
  // Appending or removing the host itself shows up as a childList change on <html>.
  const nodes = [...Array.from(record.addedNodes), ...Array.from(record.removedNodes)];
  return nodes.length > 0 && nodes.every((n) => n === host);
}

export function watchPage(options: WatchOptions): PageWatcher {
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  const view = options.document.defaultView ?? globalThis;
  const stats = { batches: 0, ignoredRecords: 0, runs: 0 };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let firstPendingAt: number | undefined;
  let stopped = false;

  const run = () => {
    if (timer !== undefined) view.clearTimeout(timer);
    timer = undefined;
    firstPendingAt = undefined;
    if (stopped) return;
    stats.runs++;
    options.onChange();
  };

  const schedule = () => {
    const now = Date.now();
    firstPendingAt ??= now;
    if (timer !== undefined) view.clearTimeout(timer);
    const wait = Math.max(0, Math.min(debounceMs, firstPendingAt + maxWaitMs - now));
    timer = view.setTimeout(run, wait);
  };

  const observer = new view.MutationObserver((records) => {
    stats.batches++;
    const host = options.host();
    const relevant = records.filter((r) => !isOwnRecord(r, host));
    stats.ignoredRecords += records.length - relevant.length;
    if (relevant.length > 0) schedule();
  });
  observer.observe(options.document, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: [
      'hidden',
      'aria-hidden',
      'aria-label',
      'aria-labelledby',
      'role',
      'alt',
      'title',
      'style',
      'class',
      'href',
      'disabled',
      'value',
    ],
  });

  return {
    stats,
    stop() {
      stopped = true;
      observer.disconnect();
      if (timer !== undefined) view.clearTimeout(timer);
      timer = undefined;
    },
    flush() {
      if (timer !== undefined) run();
    },
  };
}
