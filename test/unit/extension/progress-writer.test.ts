// The worker's progress read and clear (issue 16: content scripts no longer touch storage.local, so these
// are the only way a page's content script reaches progress). Who may ask is decided here; the real path
// (Chromium, the worker, storage.local) is covered by test/e2e/storage-access.test.ts and guide-tabs.test.ts.
import { describe, expect, it } from 'vitest';
import {
  clearStoredProgress,
  readStoredProgress,
} from '../../../extension/background/services/progress-writer.js';
import { SANDBOX_ORIGINS } from '../../../shared/origins.js';
import { emptyProgress, progressKey } from '../../../shared/steps/progress.js';

/** storage.local's get/set/remove over a Map (a unit-test stand-in; the e2e tests use the real one). */
function memoryArea(initial: Record<string, unknown> = {}) {
  const items = new Map(Object.entries(initial));
  const area = {
    get: (key: string) => Promise.resolve(items.has(key) ? { [key]: items.get(key) } : {}),
    set: (values: Record<string, unknown>) => {
      for (const [k, v] of Object.entries(values)) items.set(k, v);
      return Promise.resolve();
    },
    remove: (key: string) => {
      items.delete(key);
      return Promise.resolve();
    },
  };
  return { items, area: area as unknown as chrome.storage.StorageArea };
}

const KEY = progressKey('sandbox-acceptatie');
const STORED = emptyProgress('sandbox-acceptatie', new Date('2026-12-01T10:00:00Z'));

describe('progress read and clear through the worker', () => {
  it('reads and clears a progress key for an allowed or guide origin', async () => {
    const { items, area } = memoryArea({ [KEY]: STORED });
    expect(await readStoredProgress({ key: KEY }, SANDBOX_ORIGINS.acceptatie, true, area)).toEqual(STORED);
    await clearStoredProgress({ key: KEY }, SANDBOX_ORIGINS.acceptatie, true, area);
    expect(items.has(KEY)).toBe(false);
    expect(await readStoredProgress({ key: KEY }, SANDBOX_ORIGINS.acceptatie, true, area)).toBeUndefined();
  });

  it('refuses another origin, a subframe (no origin) and keys that are not progress', async () => {
    const { items, area } = memoryArea({ [KEY]: STORED, supportReports: { secret: 1 } });
    await expect(readStoredProgress({ key: KEY }, 'https://evil.example', false, area)).rejects.toMatchObject(
      {
        code: 'ORIGIN_NOT_ALLOWED',
      },
    );
    await expect(readStoredProgress({ key: KEY }, undefined, false, area)).rejects.toMatchObject({
      code: 'ORIGIN_NOT_ALLOWED',
    });
    await expect(
      readStoredProgress({ key: 'supportReports' }, SANDBOX_ORIGINS.acceptatie, true, area),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      clearStoredProgress({ key: 'supportReports' }, SANDBOX_ORIGINS.acceptatie, true, area),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      clearStoredProgress({ key: KEY }, 'https://evil.example', false, area),
    ).rejects.toMatchObject({
      code: 'ORIGIN_NOT_ALLOWED',
    });
    expect(items.has(KEY)).toBe(true);
    expect(items.has('supportReports')).toBe(true);
  });
});
