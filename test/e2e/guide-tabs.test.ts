// Issue 19: two tabs of the same portal save the guide's progress at the same moment (the
// application tab and the portal tab). Each tab's guide used to write its whole copy, so the
// last writer dropped the other's changes (the application captured in one tab vanished after
// "Gedaan" in the other, and the URA check stayed unknown). Now the service worker merges.
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickGuide, launchBrowser, waitForGuide, type KitBrowser } from '../../testing/index.js';
import { SANDBOX_ORIGINS } from '../../shared/origins.js';
import { validateProgress, type Progress } from '../../shared/steps/progress.js';
import { until } from '../helpers/browser-session.js';

const ORIGIN = SANDBOX_ORIGINS.acceptatie;
const CHECKLIST = 'fieldset input[type="checkbox"]';
let launched: KitBrowser;

beforeAll(async () => {
  const extensionDir = process.env.ZORGID_E2E_EXTENSION_DIR;
  launched = await launchBrowser(extensionDir ? { extensionDir } : {});
});

afterAll(async () => {
  await launched?.close();
});

async function openAtPrepare(path: string): Promise<Page> {
  const page = await launched.browser.newPage();
  await page.goto(`${ORIGIN}${path}`);
  await waitForGuide(page, { step: 'prepare' });
  return page;
}

/** Ticks the checklist items with these indexes, one after another without waiting for saves. */
function tick(page: Page, indexes: number[]): Promise<void> {
  return page.evaluate(
    async (selector, wanted) => {
      const root = document.querySelector('[data-zorgid-guide]')?.shadowRoot;
      for (const i of wanted) {
        root?.querySelectorAll<HTMLInputElement>(selector)[i]?.click();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    CHECKLIST,
    indexes,
  );
}

const ticked = (page: Page): Promise<boolean[]> =>
  page.evaluate(
    (selector) =>
      Array.from(
        document
          .querySelector('[data-zorgid-guide]')
          ?.shadowRoot?.querySelectorAll<HTMLInputElement>(selector) ?? [],
      ).map((box) => box.checked),
    CHECKLIST,
  );

async function storedEnvironmentProgress(): Promise<Progress | undefined> {
  const value = (await launched.storage('local'))['zorgid-guide-progress:sandbox-acceptatie'];
  const result = validateProgress(value);
  return result.ok ? result.progress : undefined;
}

describe('guide progress in two tabs of the same portal', () => {
  it("keeps every change when both tabs write at the same time, and each tab shows the other's", async () => {
    const application = await openAtPrepare('/aanvraag');
    const portal = await openAtPrepare('/portal/inloggen');
    const count = (await ticked(portal)).length;
    expect(count).toBeGreaterThanOrEqual(6);
    const all = [...Array(count).keys()];
    await Promise.all([
      tick(
        application,
        all.filter((i) => i % 2 === 0),
      ),
      tick(
        portal,
        all.filter((i) => i % 2 === 1),
      ),
    ]);
    const stored = await until(
      storedEnvironmentProgress,
      (p) => Object.keys(p?.checklist ?? {}).length === count,
      15_000,
    ).catch(async () => storedEnvironmentProgress());
    expect(Object.values(stored?.checklist ?? {}).filter(Boolean)).toHaveLength(count);
    // Each tab follows what the other stored, without a reload.
    await until(
      () => ticked(application),
      (boxes) => boxes.every(Boolean),
      15_000,
    );
    await until(
      () => ticked(portal),
      (boxes) => boxes.every(Boolean),
      15_000,
    );

    // "Gedaan" in the portal tab keeps the application tab's ticks (the reported loss).
    await portal.bringToFront();
    await clickGuide(portal, 'button', 'Gedaan');
    const after = await until(storedEnvironmentProgress, (p) => p?.steps.prepare?.status === 'done', 15_000);
    expect(Object.values(after?.checklist ?? {}).filter(Boolean)).toHaveLength(count);
    await Promise.all([application.close(), portal.close()]);
  });
});
