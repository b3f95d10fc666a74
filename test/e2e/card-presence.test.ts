// The walking skeleton, every link real: page API → content script → service worker →
// native host → pcscd → vpcd → virtual UZI-pas, in headless Chromium with the real extension.
// The sandbox pages (on the sandbox acceptatie origin) come from the services `npm test` started.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchBrowserWithExtension, type LaunchedBrowser } from '../../testing/lib/browser.js';
import { SANDBOX_ORIGINS } from '../../shared/origins.js';
import { cardControl } from '../helpers/card-control.js';

let launched: LaunchedBrowser;
const card = cardControl();

async function readerState(page: Page, reader: string): Promise<{ present: string; kind: string } | null> {
  return page.evaluate((name) => {
    const item = [...document.querySelectorAll<HTMLElement>('#readers li')].find((li) =>
      li.dataset.reader?.startsWith(name),
    );
    return item ? { present: item.dataset.cardPresent ?? '', kind: item.dataset.cardKind ?? '' } : null;
  }, reader);
}

beforeAll(async () => {
  await card.insert(0, 'zorgverlener');
  launched = await launchBrowserWithExtension();
  await launched.serviceWorker();
});

afterAll(async () => {
  await launched?.browser.close();
  await card.insert(0, 'zorgverlener');
});

describe('card presence through the whole chain', () => {
  it('shows the UZI-pas in Virtual PCD 00 00, then no card after removal', async () => {
    const page = await launched.browser.newPage();
    await page.goto(`${SANDBOX_ORIGINS.acceptatie}/kaartstatus`);
    await page.waitForSelector('#message[data-state="card"]', { timeout: 30_000 });
    expect(await readerState(page, 'Virtual PCD 00 00')).toEqual({ present: 'true', kind: 'uzi-pas' });
    expect(await page.$eval('#message', (element) => element.textContent)).toContain('UZI-pas gevonden');

    await card.remove(0);
    // The page learns of the removal from the host's pushed event, not by polling.
    await page.waitForSelector('#message[data-state="no-card"]', { timeout: 30_000 });
    expect(await readerState(page, 'Virtual PCD 00 00')).toEqual({ present: 'false', kind: '' });

    await card.insert(0, 'zorgverlener');
    await page.waitForSelector('#message[data-state="card"]', { timeout: 30_000 });
    await page.close();
  });

  it('gives a page on an origin that is not allowed nothing from the card', async () => {
    const page = await launched.browser.newPage();
    // Same server, other origin: localhost is not on the allowlist.
    await page.goto(`http://localhost:${new URL(SANDBOX_ORIGINS.acceptatie).port}/kaartstatus`);
    await page.waitForSelector('#message[data-state="no-extension"]', { timeout: 30_000 });
    const marker = await page.evaluate(() => document.documentElement.dataset.zorgidCompanion ?? null);
    expect(marker).toBeNull();
    // A forged request straight onto the window gets no answer from the extension.
    const answered = await page.evaluate(
      () =>
        new Promise<boolean>((resolve) => {
          window.addEventListener('message', (event: MessageEvent<{ type?: string }>) => {
            if (event.data?.type?.startsWith('zorgid-companion:response')) resolve(true);
          });
          window.postMessage(
            { type: 'zorgid-companion:request', id: 'forged-1', command: 'status' },
            location.origin,
          );
          setTimeout(() => resolve(false), 1_500);
        }),
    );
    expect(answered).toBe(false);
    await page.close();
  });
});
