// The diagnostics page and the toolbar popup in Chromium with the real extension, host, pcscd and
// virtual UZI-pas. The pages exist only in a build wired for them: ZORGID_E2E_EXTENSION_DIR names it
// (e.g. a private build with the popup and the diagnostics page), else dist/extension.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchBrowserWithExtension, type LaunchedBrowser } from '../../testing/lib/browser.js';
import { extensionId } from '../../testing/lib/extension-id.js';
import { SANDBOX_ORIGINS } from '../../shared/origins.js';
import { cardControl } from '../helpers/card-control.js';

let launched: LaunchedBrowser;
const card = cardControl();
const base = `chrome-extension://${extensionId()}/extension/pages`;

async function openDiagnostics(query = ''): Promise<Page> {
  const page = await launched.browser.newPage();
  await page.goto(`${base}/diagnostics/index.html${query}`);
  await page.waitForSelector('[data-overall]', { timeout: 60_000 });
  return page;
}

const statusOf = (page: Page, id: string) =>
  page.$eval(`[data-check="${id}"]`, (element) => element.getAttribute('data-status'));

beforeAll(async () => {
  await card.insert(0, 'zorgverlener');
  const extensionDir = process.env.ZORGID_E2E_EXTENSION_DIR;
  launched = await launchBrowserWithExtension(extensionDir ? { extensionDir } : {});
  await launched.serviceWorker();
});

afterAll(async () => {
  await launched?.browser.close();
  await card.insert(0, 'zorgverlener');
});

describe('diagnostics page', () => {
  it('shows every check with the card, host and reader passing, and the sandbox origin allowed', async () => {
    const page = await openDiagnostics(`?origin=${encodeURIComponent(SANDBOX_ORIGINS.acceptatie)}`);
    for (const id of [
      'browser',
      'extension',
      'host',
      'pcsc',
      'readers',
      'card',
      'certificates',
      'pin',
      'pkcs11',
      'origin',
    ]) {
      expect(await statusOf(page, id), id).toBe('pass');
    }
    const text = await page.$eval('[data-check="card"]', (element) => element.textContent ?? '');
    // Headless Chromium speaks en-US, so the page may be English.
    expect(text).toMatch(/zorgverlenerpas \(Z\)|care provider card \(Z\)/);
    await page.close();
  });

  it('support report: reference code of the documented shape and a masked text', async () => {
    const page = await openDiagnostics();
    await page.locator('button::-p-text(Supportrapport), button::-p-text(Support report)').click();
    const reference = await page
      .waitForSelector('[data-reference]')
      .then((el) => el!.evaluate((e) => e.textContent));
    expect(reference).toMatch(/^ZC-[0-9A-HJKMNP-TV-Z]{6}$/);
    const report = await page.$eval('textarea', (element) => element.value);
    expect(report).toContain(reference);
    expect(report).toMatch(/^ZORG-ID Companion – supportrapport/);
    expect(report).toMatch(/uziNumber=\*{6}\d{3}/);
    await page.close();
  });

  it('card removed: the card check fails with its fix, and the toolbar badge shows "!"', async () => {
    await card.remove(0);
    try {
      const page = await openDiagnostics();
      for (let attempt = 0; attempt < 10 && (await statusOf(page, 'card')) !== 'fail'; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        await page.locator('button.primary').click();
        await page.waitForSelector('[data-overall]', { timeout: 60_000 });
      }
      expect(await statusOf(page, 'card')).toBe('fail');
      const text = await page.$eval('[data-check="card"]', (element) => element.textContent ?? '');
      expect(text).toMatch(/UZI-pas/);
      const worker = await launched.serviceWorker();
      expect(await worker.evaluate(() => chrome.action.getBadgeText({}))).toBe('!');
      await page.close();
    } finally {
      await card.insert(0, 'zorgverlener');
    }
  });

  it('popup: overall health and the card line', async () => {
    const page = await launched.browser.newPage();
    await page.goto(`${base}/popup/index.html`);
    await page.waitForSelector('[data-overall]', { timeout: 60_000 });
    for (let attempt = 0; attempt < 10; attempt++) {
      const line = await page.$eval('.card', (element) => element.textContent ?? '');
      if (/\(Z\)/.test(line)) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
      await page.reload();
      await page.waitForSelector('[data-overall]', { timeout: 60_000 });
    }
    expect(await page.$eval('.card', (element) => element.textContent ?? '')).toMatch(
      /zorgverlenerpas \(Z\)|care provider card \(Z\)/,
    );
    expect(await page.$eval('[data-overall]', (element) => element.getAttribute('data-overall'))).not.toBe(
      'fail',
    );
    await page.close();
  });
});
