// Attack (issue 16): a content script runs in the renderer of every matched page (every *.formdesk.com
// tenant, 127.0.0.1); a compromised renderer used to be able to read and rewrite all of storage.local
// (the guide's progress, support reports, anything stored there later). The worker now sets storage.local's
// access level to trusted contexts (Chromium), and the guide reads, merges and clears its progress through
// the worker. The attack runs in the content script's own isolated world, as the attacker would; progress
// across tabs still works (guide-tabs.test.ts).
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchedBrowser } from '../../testing/lib/browser.js';
import { SANDBOX_ORIGINS } from '../../shared/origins.js';
import { waitForGuide } from '../../testing/index.js';
import { launchDutch, openSandboxPage, PROGRESS_KEY_PREFIX, until } from '../helpers/browser-session.js';
import { inContentScript } from '../helpers/content-world.js';

let launched: LaunchedBrowser;

beforeAll(async () => {
  launched = await launchDutch();
});

afterAll(async () => {
  await launched?.browser.close();
  // launchDutch makes a fresh profile folder: leave nothing behind.
  if (launched) rmSync(launched.userDataDir, { recursive: true, force: true });
});

/** Runs one storage.local call in the content-script world: 'ok: <json>' or 'refused: <reason>'. */
const attempt = (call: string) => `(async () => {
  try { return 'ok: ' + JSON.stringify(await ${call}); } catch (e) { return 'refused: ' + String(e); }
})()`;

describe('storage.local from a content script', () => {
  it('can neither be written nor read; the guide still keeps its progress through the worker', async () => {
    const page = await openSandboxPage(launched.browser, { cardReadable: false });
    const written = await inContentScript(page, attempt(`chrome.storage.local.set({ 'attack-probe': 1 })`));
    expect(written).toMatch(/^refused: /);
    expect(await launched.storage('local')).not.toHaveProperty('attack-probe');

    // The guide on the portal saved its progress (through the worker) …
    const guide = await launched.browser.newPage();
    await guide.goto(`${SANDBOX_ORIGINS.acceptatie}/portal/inloggen`);
    await waitForGuide(guide, { step: 'prepare' });
    await guide.evaluate(() => {
      const root = document.querySelector('[data-zorgid-guide]')?.shadowRoot;
      root?.querySelector<HTMLInputElement>('fieldset input[type="checkbox"]')?.click();
    });
    const stored = await until(
      async () =>
        Object.keys(await launched.storage('local')).filter((k) => k.startsWith(PROGRESS_KEY_PREFIX)),
      (keys) => keys.length > 0,
      15_000,
    );
    expect(stored.length).toBeGreaterThan(0);
    // … which the content script's world cannot read directly.
    const read = await inContentScript(guide, attempt(`chrome.storage.local.get(null)`));
    expect(read).toMatch(/^refused: /);
    expect(String(read)).not.toContain(PROGRESS_KEY_PREFIX);
    await guide.close();
    await page.close();
  });
});
