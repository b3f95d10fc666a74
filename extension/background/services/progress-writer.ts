// The one writer of the guide's progress. Every tab's guide sends its change here; the merge
// (read, three-way merge, write) runs for one write at a time, so two tabs of the same portal
// that save at the same moment both keep what they changed. chrome.storage has no
// compare-and-set; a single writer in the worker gives the same guarantee.
import { CompanionError } from '../../../shared/errors.js';
import { isGuideOrigin } from '../../../shared/origins.js';
import {
  isProgressKey,
  mergeProgress,
  validateProgress,
  type Progress,
} from '../../../shared/steps/progress.js';

let queue: Promise<unknown> = Promise.resolve();

function validated(value: unknown, what: string): Progress {
  const result = validateProgress(value);
  if (!result.ok) throw new CompanionError('BAD_REQUEST', `${what}: ${result.problems.join('; ')}`);
  return result.progress;
}

/** Only the guide reads and writes progress: its pages are the allowlisted portals and the guide origins. */
function progressKeyOf(
  message: Record<string, unknown>,
  origin: string | undefined,
  allowed: boolean,
): string {
  if (origin === undefined || !(allowed || isGuideOrigin(origin)))
    throw new CompanionError('ORIGIN_NOT_ALLOWED');
  const { key } = message;
  if (!isProgressKey(key)) throw new CompanionError('BAD_REQUEST', 'not a progress key');
  return key;
}

/** What storage holds under a progress key, unvalidated (the guide validates it, as it did reading storage itself). */
export async function readStoredProgress(
  message: Record<string, unknown>,
  origin: string | undefined,
  allowed: boolean,
  area: chrome.storage.StorageArea = chrome.storage.local,
): Promise<unknown> {
  const key = progressKeyOf(message, origin, allowed);
  await queue;
  return (await area.get(key))[key];
}

/** "Opnieuw beginnen": removes a progress key, in turn with the merges. */
export function clearStoredProgress(
  message: Record<string, unknown>,
  origin: string | undefined,
  allowed: boolean,
  area: chrome.storage.StorageArea = chrome.storage.local,
): Promise<void> {
  let key: string;
  try {
    key = progressKeyOf(message, origin, allowed);
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  const run = queue.then(() => area.remove(key));
  queue = run.catch(() => undefined);
  return run;
}

export function mergeStoredProgress(
  message: Record<string, unknown>,
  origin: string | undefined,
  allowed: boolean,
  area: chrome.storage.StorageArea = chrome.storage.local,
): Promise<Progress> {
  // Only the guide writes progress: its pages are the allowlisted portals and the guide origins.
  if (origin === undefined || !(allowed || isGuideOrigin(origin)))
    return Promise.reject(new CompanionError('ORIGIN_NOT_ALLOWED'));
  const { key } = message;
  if (!isProgressKey(key)) return Promise.reject(new CompanionError('BAD_REQUEST', 'not a progress key'));
  let next: Progress;
  let base: Progress | undefined;
  try {
    next = validated(message.next, 'next');
    base = message.base === undefined ? undefined : validated(message.base, 'base');
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  const run = queue.then(async () => {
    const items = await area.get(key);
    const stored = validateProgress(items[key]);
    // Unreadable stored progress is replaced, as the guide does when it loads it.
    const merged = mergeProgress(base, next, stored.ok ? stored.progress : undefined);
    await area.set({ [key]: merged });
    return merged;
  });
  queue = run.catch(() => undefined);
  return run;
}
