// The consent and PIN screen end to end: page API → content script → service worker → our own
// popup window → native host → pcscd → virtual UZI-pas (PIN 123456). The page never sees the PIN;
// the token it gets verifies against the card's certificate for this very origin.
import { createHash, verify, X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchBrowserWithExtension, type LaunchedBrowser } from '../../testing/lib/browser.js';
import { SANDBOX_ORIGINS } from '../../shared/origins.js';
import type { AuthToken } from '../../shared/protocol/token.js';
import { cardControl } from '../helpers/card-control.js';

const ORIGIN = SANDBOX_ORIGINS.acceptatie;
const PIN = '123456';
const WRONG_PIN = '000000';
const CHALLENGE = 'Zk9pUXJ3c1R2YjJ4eUFkRmdIaUpLbE1u'; // 32 printable characters

let launched: LaunchedBrowser;
const card = cardControl();

type Outcome = { token: AuthToken } | { code: string };

async function portalPage(): Promise<Page> {
  const page = await launched.browser.newPage();
  await page.goto(`${ORIGIN}/kaartstatus`);
  // Wait for the bridge itself (the content script marks the page) rather than for the page's own
  // first status check, which may run before the content script and conclude "not installed".
  await page.waitForFunction(
    () => document.documentElement.dataset.zorgidCompanion !== undefined && 'ZorgIdCompanion' in window,
    { timeout: 30_000 },
  );
  // After a re-insert the host needs a moment before the card answers through PKCS#11.
  await page.waitForFunction(
    () =>
      (
        window as unknown as { ZorgIdCompanion: { readCard(): Promise<unknown> } }
      ).ZorgIdCompanion.readCard().then(
        () => true,
        () => false,
      ),
    { timeout: 30_000, polling: 1_000 },
  );
  return page;
}

/** Starts authenticate in the page without waiting; the outcome is read later. */
async function startAuthenticate(page: Page, challenge = CHALLENGE): Promise<void> {
  await page.evaluate((c) => {
    const w = window as unknown as {
      ZorgIdCompanion: { authenticate(c: string): Promise<AuthToken> };
      __outcome: Promise<Outcome>;
    };
    w.__outcome = w.ZorgIdCompanion.authenticate(c).then(
      (token) => ({ token }),
      (error: { code?: string }) => ({ code: error.code ?? 'NO_CODE' }),
    );
  }, challenge);
}

const outcome = (page: Page) =>
  page.evaluate(() => (window as unknown as { __outcome: Promise<Outcome> }).__outcome);

async function consentWindow(): Promise<Page> {
  const target = await launched.browser.waitForTarget((t) => t.url().includes('pages/consent'), {
    timeout: 30_000,
  });
  const page = await target.page();
  if (!page) throw new Error(`The consent window is not a page target (${target.type()})`);
  await page.waitForSelector('form[data-state="ask"] #pin', { timeout: 30_000 });
  return page;
}

async function enterPin(consent: Page, pin: string): Promise<void> {
  await consent.waitForSelector('form[data-state="ask"] #pin', { timeout: 30_000 });
  await consent.type('#pin', pin);
  await consent.click('#approve');
}

function verifyToken(token: AuthToken, origin: string, challenge: string): boolean {
  const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  const certificate = new X509Certificate(Buffer.from(token.certificate, 'base64'));
  return verify(
    'sha256',
    Buffer.concat([sha256(origin), sha256(challenge)]),
    certificate.publicKey,
    Buffer.from(token.signature, 'base64'),
  );
}

/** The virtual card resets its PIN counter when it is inserted again. */
async function freshCard(): Promise<void> {
  await card.remove(0);
  await card.insert(0, 'zorgverlener');
}

beforeAll(async () => {
  await freshCard();
  // ZORGID_E2E_EXTENSION_DIR: run against a private build while others rebuild dist/ in parallel.
  const extensionDir = process.env.ZORGID_E2E_EXTENSION_DIR;
  launched = await launchBrowserWithExtension(extensionDir ? { extensionDir } : {});
  await launched.serviceWorker();
});

afterAll(async () => {
  await launched?.browser.close();
  await freshCard();
});

describe('consent and PIN screen', () => {
  it('logs in with the PIN typed in our own window; the token verifies for this origin', async () => {
    const page = await portalPage();
    await startAuthenticate(page);
    const consent = await consentWindow();
    expect(await consent.$eval('h1', (e) => e.textContent)).toContain(`Inloggen bij ${ORIGIN}`);
    expect(await consent.$eval('#holder', (e) => e.textContent?.trim())).not.toBe('');
    expect(await consent.$eval('#ura', (e) => e.textContent?.trim())).toMatch(/^\d{8}$/);
    expect(
      await consent.$eval('#pin', (e) => [e.getAttribute('type'), e.getAttribute('autocomplete')]),
    ).toEqual(['password', 'off']);
    expect(await consent.evaluate(() => document.activeElement?.id)).toBe('pin');
    await enterPin(consent, PIN);

    const result = await outcome(page);
    expect(result).toHaveProperty('token');
    const token = (result as { token: AuthToken }).token;
    expect(token.origin).toBe(ORIGIN);
    expect(token.challenge).toBe(CHALLENGE);
    expect(verifyToken(token, ORIGIN, CHALLENGE)).toBe(true);
    expect(verifyToken(token, 'https://evil.example', CHALLENGE)).toBe(false);
    // The window closes itself after success.
    await expect.poll(() => consent.isClosed(), { timeout: 10_000 }).toBe(true);
    await page.close();
  });

  it('keeps the window open after a wrong PIN, shows the error and tries left, then accepts the right one', async () => {
    const page = await portalPage();
    await startAuthenticate(page);
    const consent = await consentWindow();
    await enterPin(consent, WRONG_PIN);
    await consent.waitForFunction(
      () => document.querySelector('#problem')?.textContent?.includes('De pincode is onjuist'),
      { timeout: 30_000 },
    );
    const problem = await consent.$eval('#problem', (e) => e.textContent ?? '');
    expect(problem).toMatch(/poging/);
    expect(await consent.$eval('#pin', (e) => (e as HTMLInputElement).value)).toBe('');
    expect(consent.isClosed()).toBe(false);

    await enterPin(consent, PIN);
    const result = await outcome(page);
    expect(result).toHaveProperty('token');
    expect(verifyToken((result as { token: AuthToken }).token, ORIGIN, CHALLENGE)).toBe(true);
    await page.close();
    await freshCard();
  });

  it('gives the page CANCELLED when the user presses Annuleren', async () => {
    const page = await portalPage();
    await startAuthenticate(page);
    const consent = await consentWindow();
    await consent.click('#cancel');
    expect(await outcome(page)).toEqual({ code: 'CANCELLED' });
    await expect.poll(() => consent.isClosed(), { timeout: 10_000 }).toBe(true);
    await page.close();
  });

  it('gives the page CANCELLED when the user closes the window', async () => {
    const page = await portalPage();
    await startAuthenticate(page);
    const consent = await consentWindow();
    await consent.close();
    expect(await outcome(page)).toEqual({ code: 'CANCELLED' });
    await page.close();
  });
});
