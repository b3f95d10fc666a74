import type { Landmark, StepId } from '../../shared/steps/types.js';

// What the guide could not find, for the helpdesk: kept small, no page content beyond the
// origin and path, no card data.

export type DiagnosticKind =
  'missing-control' | 'page-unknown' | 'progress-unreadable' | 'storage-failed' | 'card-error';

export interface DiagnosticEntry {
  at: string;
  kind: DiagnosticKind;
  stepId?: StepId | undefined;
  pageId?: string | undefined;
  landmark?: Landmark;
  where?: string;
  detail?: string;
}

const MAX_ENTRIES = 100;

export class Diagnostics {
  private readonly entries: DiagnosticEntry[] = [];

  add(entry: Omit<DiagnosticEntry, 'at'>, now: Date = new Date()): void {
    const last = this.entries[this.entries.length - 1];
    const same =
      last !== undefined &&
      last.kind === entry.kind &&
      last.stepId === entry.stepId &&
      last.pageId === entry.pageId &&
      last.where === entry.where &&
      JSON.stringify(last.landmark) === JSON.stringify(entry.landmark);
    if (same) return;
    this.entries.push({ ...entry, at: now.toISOString() });
    if (this.entries.length > MAX_ENTRIES) this.entries.shift();
  }

  list(): readonly DiagnosticEntry[] {
    return this.entries;
  }
}

/** Origin and path only: query strings can hold tokens. */
export function describeLocation(href: string): string {
  try {
    const url = new URL(href);
    return `${url.origin}${url.pathname}`;
  } catch {
    return 'invalid-url';
  }
}
