// Firefox ESR with the real extension (the Firefox manifest of the package, installed as a
// temporary add-on over WebDriver BiDi) and the real host, registered with
// `install-host --browser firefox --pkcs11-module …` in the profile's HOME: no ZORGID_PKCS11_MODULE
// reaches the host, it finds OpenSC through its config file as an installed host would.
// The same chain as the Chromium tests: card status, removal and insertion, the guide on the sandbox
// portal, a login with PIN in the extension's own window whose token the verifier accepts, the
// popup and the diagnostics page.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import {
  findPage,
  launchFirefox,
  openExtensionTab,
  waitForSelectorPolling,
  type LaunchedFirefox,
} from '../../scripts/lib/firefox.js';
import { OPENSC_PKCS11_MODULE } from '../../testing/lib/paths.js';
import { cardControl } from '../helpers/card-control.js';
import { guideAppears, loginVerified } from '../helpers/user-checks.js';
import {
  ORIGIN,
  callInPage,
  CONSENT_URL_PART,
  openSandboxPage,
  outcomeOf,
  startInPage,
} from '../helpers/browser-session.js';

let firefox: LaunchedFirefox;
const card = cardControl();

beforeAll(async () => {
  await card.remove(0);
  await card.insert(0, 'zorgverlener');
  firefox = await launchFirefox({ pkcs11Module: OPENSC_PKCS11_MODULE });
});

afterAll(async () => {
  await firefox?.close();
  await card.insert(0, 'zorgverlener');
});

/** The PIN window, asking (Firefox names its target about:blank; the document knows). */
async function consentWindow(): Promise<Page> {
  const window = await findPage(firefox.browser, CONSENT_URL_PART, { seen: consentSeen });
  await window.waitForSelector('form[data-state="ask"] #pin', { timeout: 30_000 });
  return window;
}
const consentSeen = new Set<Page>();

async function readerState(page: Page): Promise<{ present: string; kind: string } | null> {
  return page.evaluate(() => {
    const item = [...document.querySelectorAll<HTMLElement>('#readers li')].find((li) =>
      li.dataset.reader?.startsWith('Virtual PCD 00 00'),
    );
    return item ? { present: item.dataset.cardPresent ?? '', kind: item.dataset.cardKind ?? '' } : null;
  });
}

describe('Firefox ESR: the extension and host as a user has them', () => {
  it('card status shows the UZI-pas and follows removal and insertion', async () => {
    const page = await firefox.browser.newPage();
    await page.goto(`${ORIGIN}/kaartstatus`);
    await page.waitForSelector('#message[data-state="card"]', { timeout: 60_000 });
    expect(await readerState(page)).toEqual({ present: 'true', kind: 'uzi-pas' });
    expect(await page.$eval('#message', (element) => element.textContent)).toContain('UZI-pas gevonden');

    await card.remove(0);
    await page.waitForSelector('#message[data-state="no-card"]', { timeout: 30_000 });
    expect(await readerState(page)).toEqual({ present: 'false', kind: '' });

    await card.insert(0, 'zorgverlener');
    await page.waitForSelector('#message[data-state="card"]', { timeout: 30_000 });
    await page.close();
  });

  it('the guide appears on the sandbox portal', async () => {
    await guideAppears(firefox.browser);
  });

  it('logs in with the PIN in the extension window; the verifier accepts the token', async () => {
    await loginVerified(firefox.browser, async () => {
      const consent = await consentWindow();
      expect(await consent.$eval('h1', (e) => e.textContent)).toContain(`Inloggen bij ${ORIGIN}`);
      expect(await consent.$eval('#pin', (e) => e.getAttribute('type'))).toBe('password');
      return consent;
    });
  });

  it('popup and diagnostics page, opened by the extension itself', async () => {
    // An extension page to open them from: the PIN window of a login that is then cancelled.
    const page = await openSandboxPage(firefox.browser);
    await startInPage(page, 'cancelled', 'authenticate', 'a'.repeat(43));
    const consent = await consentWindow();

    const diagnostics = await openExtensionTab(
      firefox.browser,
      consent,
      `extension/pages/diagnostics/index.html?origin=${encodeURIComponent(ORIGIN)}`,
    );
    // The pending login holds the card queue: the pages' card checks wait behind it until it ends.
    await consent.click('#cancel');
    expect(await outcomeOf(page, 'cancelled')).toMatchObject({ ok: false });
    // A fresh popup each round (BiDi does not see a moz-extension page reload complete).
    let cardLine = '';
    for (let round = 0; round < 10 && !/\(Z\)/.test(cardLine); round++) {
      const popup = await openExtensionTab(firefox.browser, diagnostics, 'extension/pages/popup/index.html');
      await waitForSelectorPolling(popup, '[data-overall]');
      cardLine = await popup.$eval('.card', (element) => element.textContent ?? '');
      await popup.close();
    }
    expect(cardLine).toMatch(/zorgverlenerpas \(Z\)|care provider card \(Z\)/);
    await waitForSelectorPolling(diagnostics, '[data-overall]');
    const statuses: Record<string, string | null> = await diagnostics.$$eval('[data-check]', (elements) =>
      Object.fromEntries(
        elements.map((e) => [e.getAttribute('data-check') ?? '', e.getAttribute('data-status')]),
      ),
    );
    for (const id of ['extension', 'host', 'pcsc', 'readers', 'card', 'certificates', 'pkcs11', 'origin'])
      expect(statuses[id], `${id}: ${JSON.stringify(statuses)}`).toBe('pass');
    for (const opened of [diagnostics, page]) await opened.close();
  });
});

describe('Firefox ESR without a registered host', () => {
  it('says HOST_NOT_INSTALLED (not "disconnected") and the page API reports it', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'zorgid-firefox-nohost-'));
    const bare = await launchFirefox({ registerHost: false, home });
    try {
      const page = await openSandboxPage(bare.browser, { cardReadable: false });
      const result = await callInPage(page, 'readCard');
      expect(result).toMatchObject({ ok: false, code: 'HOST_NOT_INSTALLED' });
    } finally {
      await bare.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
