// Issue 17, point 3: a correction of the step map set by browser policy reaches the guide. Chromium
// reads managed extension settings from its policy folder, so the test writes one policy file there
// (machine-wide: this runs under the sandbox lock, and the file is removed afterwards) and starts a
// browser. The correction tells the guide that the login page's control is now called "Inloggen met
// ZORG-ID Mobiel" (as if the portal renamed "Inloggen met UZI-pas"), and renames the step's title: the
// guide must show the new title and outline the renamed control, not the old one.
import { existsSync, mkdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_EXTENSION_ID } from '../../cli/ids.js';
import { SANDBOX_ORIGINS } from '../../shared/origins.js';
import {
  clickGuide,
  guideLayout,
  launchBrowser,
  restoreCards,
  waitForGuide,
  type KitBrowser,
  type ScreenBox,
} from '../../testing/index.js';

const ORIGIN = SANDBOX_ORIGINS.acceptatie;
// Debian's Chromium reads managed policy here (cli/policy/targets.ts names the same folder).
const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY_FILE = path.join(POLICY_DIR, `zorgid-companion-e2e-${process.pid}.json`);
const CORRECTED_TITLE = 'Inloggen (gecorrigeerd door beleid)';
const RENAMED = 'Inloggen met ZORG-ID Mobiel';

const corrections = {
  steps: {
    'uzi-login': {
      title: { nl: CORRECTED_TITLE, en: 'Log in (corrected by policy)' },
      pages: [
        {
          id: 'portal-login-choice',
          urls: { 'sandbox-acceptatie': ['/portal/inloggen*'] },
          landmarks: [
            { role: 'heading', name: 'Inloggen' },
            { role: 'button', name: RENAMED },
          ],
          next: { role: 'button', name: RENAMED },
        },
      ],
    },
  },
};

// The folders this test creates, removed again when empty (nothing left behind on the machine).
const CREATED_DIRS = ['/etc/chromium/policies', POLICY_DIR].filter((d) => !existsSync(d));
let launched: KitBrowser;
let page: Page;

async function controlBox(name: string): Promise<ScreenBox> {
  const control = await page.waitForSelector(`::-p-aria([name="${name}"][role="button"])`);
  const box = await control!.evaluate((e) => {
    const r = e.getBoundingClientRect();
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
  });
  await control!.dispose();
  return box;
}

const around = (outline: ScreenBox, control: ScreenBox) =>
  outline.left <= control.left &&
  outline.top <= control.top &&
  outline.right >= control.right &&
  outline.bottom >= control.bottom;

beforeAll(async () => {
  await restoreCards();
  mkdirSync(POLICY_DIR, { recursive: true });
  // Chrome delivers the corrections as JSON text (extension/managed-schema.json).
  writeFileSync(
    POLICY_FILE,
    JSON.stringify({
      '3rdparty': {
        extensions: { [CHROMIUM_EXTENSION_ID]: { stepMapCorrections: JSON.stringify(corrections) } },
      },
    }),
  );
  const extensionDir = process.env.ZORGID_E2E_EXTENSION_DIR;
  launched = await launchBrowser(extensionDir ? { extensionDir } : {});
  await policyLoaded();
  page = await launched.browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
});

/** Chromium hands extension policy over a few seconds after start: wait until managed storage holds it. */
async function policyLoaded(): Promise<void> {
  const probe = await launched.browser.newPage();
  try {
    await probe.goto(`chrome-extension://${CHROMIUM_EXTENSION_ID}/manifest.json`);
    await probe.waitForFunction(
      async () => {
        const managed = await (
          globalThis as unknown as {
            chrome: { storage: { managed: { get(k: null): Promise<Record<string, unknown>> } } };
          }
        ).chrome.storage.managed.get(null);
        return typeof managed.stepMapCorrections === 'string';
      },
      { timeout: 30_000, polling: 500 },
    );
  } finally {
    await probe.close();
  }
}

afterAll(async () => {
  rmSync(POLICY_FILE, { force: true });
  for (const dir of [...CREATED_DIRS].reverse()) {
    try {
      rmdirSync(dir);
    } catch {
      // Not empty (someone else's policy): leave it.
    }
  }
  await launched?.close();
});

describe('step-map corrections from browser policy', () => {
  it('the guide shows the corrected title and outlines the renamed control', async () => {
    await page.goto(`${ORIGIN}/portal/inloggen`);
    // Steps without a page of their own come first: confirm them as a user would.
    await waitForGuide(page, { step: 'prepare' });
    await clickGuide(page, 'button', 'Gedaan');
    await waitForGuide(page, { step: 'install-app' });
    await clickGuide(page, 'button', 'Gedaan');
    const shown = await waitForGuide(page, { step: 'uzi-login' });
    expect(shown.title).toContain(CORRECTED_TITLE);
    await page.waitForFunction(
      () =>
        !!document.querySelector('[data-zorgid-guide]')?.shadowRoot?.querySelector('.highlight') &&
        (
          document
            .querySelector('[data-zorgid-guide]')!
            .shadowRoot!.querySelector('.highlight') as HTMLElement
        ).style.display === 'block',
      { timeout: 15_000 },
    );
    const { outline } = await guideLayout(page);
    expect(outline).not.toBeNull();
    expect(around(outline!, await controlBox(RENAMED))).toBe(true);
    expect(around(outline!, await controlBox('Inloggen met UZI-pas'))).toBe(false);
  });
});
