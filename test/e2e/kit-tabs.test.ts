// Issue 19: kit calls act on the tab they are given even when another tab is in front. A click on a
// tab behind never lands in Chromium (it draws no frames there), so `clickGuide` and the PIN window's
// `approveConsent` bring their tab to front first, as a user would. Two tabs; the kit acts on the
// one behind. Run with the sandbox services (scripts/with-sandbox.ts or npm test).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { SANDBOX_ORIGINS } from '../../shared/origins.js';
import {
  approveConsent,
  clickGuide,
  launchBrowser,
  waitForGuide,
  waitForGuideSaved,
  waitForPageApi,
  type KitBrowser,
} from '../../testing/index.js';

const ORIGIN = SANDBOX_ORIGINS.acceptatie;
/** Long enough for a loaded machine; a click that hangs behind never ends at all. */
const ACT_BOUND_MS = 60_000;

let kit: KitBrowser;

function bounded<T>(what: string, action: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not finish: the tab behind got no click`)),
      ACT_BOUND_MS,
    );
  });
  return Promise.race([action, hung]).finally(() => clearTimeout(timer));
}

async function inFront(page: Page): Promise<boolean> {
  return page.evaluate(() => document.visibilityState === 'visible');
}

beforeAll(async () => {
  kit = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await kit?.close();
});

describe('kit calls on a tab behind another', () => {
  it('clickGuide brings its tab to front and the click lands', async () => {
    const behind = await kit.browser.newPage();
    await behind.goto(`${ORIGIN}/aanvraag`);
    await waitForGuide(behind, { step: 'prepare' });
    const front = await kit.browser.newPage();
    await front.goto(`${ORIGIN}/kaartstatus`);
    await front.bringToFront();
    expect(await inFront(behind)).toBe(false);

    await bounded('clickGuide', clickGuide(behind, 'button', 'Gedaan'));
    // The click landed: the guide saved step 1 as done. (Headless Chromium does not always report
    // the tab brought to front as visible again, so the proof is the saved progress.)
    await waitForGuideSaved(behind, kit, { completed: ['prepare'] });
    await front.close();
    await behind.close();
  });

  it('approveConsent answers the PIN window while the portal tab is in front', async () => {
    const portalTab = await kit.browser.newPage();
    await portalTab.goto(`${ORIGIN}/kaartstatus`);
    await waitForPageApi(portalTab);
    const outcome = portalTab.evaluate(() =>
      (
        window as unknown as { ZorgIdCompanion: { authenticate(challenge: string): Promise<unknown> } }
      ).ZorgIdCompanion.authenticate('Zk9pUXJ3c1R2YjJ4eUFkRmdIaUpLbE1u').then(
        () => 'token',
        (error: { code?: string }) => error.code ?? 'NO_CODE',
      ),
    );
    // The PIN window opens; then the user (or a test) goes back to the portal tab.
    const opened = await kit.browser.waitForTarget((target) => target.url().includes('pages/consent'), {
      timeout: ACT_BOUND_MS,
    });
    const window = await opened.page();
    await window?.waitForSelector('form[data-state="ask"]', { timeout: ACT_BOUND_MS });
    await portalTab.bringToFront();

    const result = await bounded('approveConsent', approveConsent(kit.browser, '123456'));
    expect(result.result).toBe('closed');
    expect(await outcome).toBe('token');
    await portalTab.close();
  });
});
