// The last events and errors for diagnostics and support reports: a small ring buffer in
// chrome.storage.session (survives service-worker restarts, not browser restarts), redacted.
import { redact } from '../../../shared/redact.js';

const KEY = 'eventLog';
const LIMIT = 100;

export interface LoggedEvent {
  time: string;
  source: 'guide' | 'host' | 'worker';
  event: unknown;
}

let queue: Promise<void> = Promise.resolve();

export function recordEvent(source: LoggedEvent['source'], event: unknown): void {
  const entry: LoggedEvent = { time: new Date().toISOString(), source, event: redact(event) };
  queue = queue
    .then(async () => {
      const stored = await chrome.storage.session.get<{ [KEY]?: LoggedEvent[] }>(KEY);
      const list = [...(stored[KEY] ?? []), entry].slice(-LIMIT);
      await chrome.storage.session.set({ [KEY]: list });
    })
    .catch(() => undefined);
}

export function recordGuideEvent(event: unknown): void {
  recordEvent('guide', event);
}

export async function recentEvents(): Promise<LoggedEvent[]> {
  const stored = await chrome.storage.session.get<{ [KEY]?: LoggedEvent[] }>(KEY);
  return stored[KEY] ?? [];
}
