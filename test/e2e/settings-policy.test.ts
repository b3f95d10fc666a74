// Attack (issue 16): the content script runs in the renderer of every allowlisted page; a compromised
// renderer can write chrome.storage.local. Writing `allowedOrigins` there must not let a new origin use
// the card. The write is made from the content script's own isolated world, as the attacker would.
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { LaunchedBrowser } from '../../testing/lib/browser.js';
import { clickGuide, waitForGuide } from '../../testing/index.js';
import { launchDutch, ORIGIN, openSandboxPage } from '../helpers/browser-session.js';
import { inContentScript } from '../helpers/content-world.js';

let launched: LaunchedBrowser;
let server: Server;
let newOrigin: string;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res
      .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
      .end('<!doctype html><title>x</title><p>x</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  newOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  launched = await launchDutch();
});

afterAll(async () => {
  await launched?.browser.close();
  // launchDutch makes a fresh profile folder: leave nothing behind.
  if (launched) rmSync(launched.userDataDir, { recursive: true, force: true });
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

async function bridgeMarker(page: Page): Promise<string | null> {
  return page.evaluate(() => document.documentElement.dataset.zorgidCompanion ?? null);
}

describe('settings in storage.local written by a content script', () => {
  it('do not make a new origin allowed', async () => {
    const allowed = await openSandboxPage(launched.browser, { cardReadable: false });
    const written = await inContentScript(
      allowed,
      `(async () => {
         try {
           await chrome.storage.local.set({ settings: { allowedOrigins: [${JSON.stringify(newOrigin)}], sandboxAllowed: true } });
           return (await chrome.storage.local.get('settings')).settings.allowedOrigins[0];
         } catch (e) { return 'refused: ' + String(e); }
       })()`,
    );
    // Chromium now refuses the write itself (storage.local is for trusted contexts: storage-access.test.ts);
    // were it to land, it must still have no effect.
    expect(written).not.toBe(newOrigin);
    const page = await launched.browser.newPage();
    await page.goto(`${newOrigin}/`);
    // The content script runs on every 127.0.0.1 port and asks the worker whether this origin is allowed.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await bridgeMarker(page)).toBeNull();
    const answered = await page.evaluate(
      () =>
        new Promise<boolean>((resolve) => {
          window.addEventListener('message', (event: MessageEvent<{ type?: string }>) => {
            if (event.data?.type?.startsWith('zorgid-companion:response')) resolve(true);
          });
          window.postMessage(
            { type: 'zorgid-companion:request', id: 'attack-1', command: 'status' },
            location.origin,
          );
          setTimeout(() => resolve(false), 1_500);
        }),
    );
    expect(answered).toBe(false);
    await page.close();
    await allowed.close();
  });

  // Issue 18 / 16 point 4: the step map tells users where to click and the helpdesk whom to call; a
  // renderer that plants either in storage.local must not change what the guide says.
  it('do not change the guide (step map corrections, helpdesk)', async () => {
    const planted = 'Inloggen (geplant door een pagina)';
    const corrections = { steps: { 'uzi-login': { title: { nl: planted, en: 'Log in (planted)' } } } };
    // A content script can no longer write storage.local in Chromium (storage-access.test.ts); Firefox has
    // no access level for it, and values may predate it. So plant them from a trusted context: the worker.
    const worker = await launched.serviceWorker();
    const written = await worker.evaluate(
      (raw) =>
        chrome.storage.local
          .set({
            settings: {
              stepMapCorrections: raw,
              helpdesk: { name: 'Geplante helpdesk', phone: '+31 20 123 4567' },
            },
          })
          .then(() => chrome.storage.local.get('settings'))
          .then((r) => (r.settings as { helpdesk: { name: string } }).helpdesk.name),
      JSON.stringify(corrections),
    );
    expect(written).toBe('Geplante helpdesk');
    const page = await launched.browser.newPage();
    await page.goto(`${ORIGIN}/portal/inloggen`);
    await waitForGuide(page, { step: 'prepare' });
    await clickGuide(page, 'button', 'Gedaan');
    await waitForGuide(page, { step: 'install-app' });
    await clickGuide(page, 'button', 'Gedaan');
    const shown = await waitForGuide(page, { step: 'uzi-login' });
    expect(shown.title).not.toContain(planted);
    const guideText = await page.evaluate(
      () => document.querySelector('[data-zorgid-guide]')?.shadowRoot?.textContent ?? '',
    );
    expect(guideText).not.toContain('Geplante helpdesk');
    expect(guideText).not.toContain(planted);
    await page.close();
  });
});
