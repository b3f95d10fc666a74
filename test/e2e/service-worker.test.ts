// The testers' kit reaches the extension's service worker whatever Chromium did to it: right
// after launch (before `chrome` is bound in the new worker), after the worker was stopped with
// nothing to start it again, and its storage can be read with no worker at all. A red CI run
// came from exactly these races (a worker evaluated too early or after a restart).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionId } from '../../testing/lib/extension-id.js';
import { launchBrowser, type KitBrowser } from '../../testing/index.js';

let launched: KitBrowser;

beforeAll(async () => {
  launched = await launchBrowser();
});

afterAll(async () => {
  await launched?.close();
});

describe('the extension service worker for automation', () => {
  it('is ready for chrome.* calls as soon as serviceWorker() answers', async () => {
    const worker = await launched.serviceWorker();
    expect(await worker.evaluate(() => chrome.runtime.id)).toBe(extensionId());
  });

  it('is started again after it was stopped, with no page or event to wake it', async () => {
    const before = await launched.serviceWorker();
    await before.evaluate(() => chrome.storage.local.set({ 'kit-probe': 'written before the stop' }));
    await before.close();
    const after = await launched.serviceWorker();
    expect(after).not.toBe(before);
    expect(await after.evaluate(() => chrome.storage.local.get('kit-probe'))).toEqual({
      'kit-probe': 'written before the stop',
    });
  });

  it('reads the storage areas from an extension page, also while the worker is stopped', async () => {
    const worker = await launched.serviceWorker();
    await worker.evaluate(() => chrome.storage.session.set({ 'kit-session-probe': 42 }));
    await worker.close();
    expect(await launched.storage()).toMatchObject({ 'kit-probe': 'written before the stop' });
    expect(await launched.storage('session')).toMatchObject({ 'kit-session-probe': 42 });
    expect(await launched.storage('sync')).not.toHaveProperty('kit-probe');
  });
});
