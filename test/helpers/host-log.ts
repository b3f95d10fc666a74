// Reads the host's file log (ZORGID_HOST_LOG_FILE, JSON lines, appended synchronously, so the
// file order is the order in which each host process saw things) and tells whether card
// operations overlapped inside a host: the service worker's CardQueue must never let them.
import { existsSync, readFileSync } from 'node:fs';

export interface HostLogEntry {
  time: string;
  level: string;
  pid: number;
  message: string;
  id?: string;
  command?: string;
  code?: string;
  ms?: number;
  [key: string]: unknown;
}

/** Host commands that talk to the card (status and subscribe do not). */
export const CARD_COMMANDS: readonly string[] = ['readCard', 'pinStatus', 'authenticate', 'sign'];
const REQUEST_START = 'request started';
const REQUEST_END: readonly string[] = ['request done', 'request failed'];

export function readHostLog(file: string): { entries: HostLogEntry[]; raw: string } {
  const raw = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const entries = raw
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as HostLogEntry);
  return { entries, raw };
}

export interface ConcurrencyReport {
  /** Requests of these commands that started and ended in the log. */
  completed: number;
  /** Most requests of these commands in flight at once inside one host process. */
  maxInFlight: number;
  /** Requests that started but never ended (host killed): by pid and id. */
  unfinished: string[];
}

/** Walks the log in order and counts requests of `commands` in flight per host process. */
export function concurrency(entries: HostLogEntry[], commands: readonly string[]): ConcurrencyReport {
  const inFlight = new Map<number, Set<string>>();
  let completed = 0;
  let maxInFlight = 0;
  for (const entry of entries) {
    if (entry.command === undefined || !commands.includes(entry.command) || entry.id === undefined) continue;
    const set = inFlight.get(entry.pid) ?? new Set<string>();
    inFlight.set(entry.pid, set);
    if (entry.message === REQUEST_START) {
      set.add(entry.id);
      maxInFlight = Math.max(maxInFlight, set.size);
    } else if (REQUEST_END.includes(entry.message) && set.delete(entry.id)) {
      completed += 1;
    }
  }
  const unfinished = [...inFlight].flatMap(([pid, ids]) => [...ids].map((id) => `${pid}/${id}`));
  return { completed, maxInFlight, unfinished };
}
