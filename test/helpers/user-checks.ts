// What a user sees working, whichever way the extension was installed (development build, policy-installed
// CRX or XPI) and in whichever browser: the same user-visible chain, written once. Each test supplies how
// it finds the PIN window.
import { expect } from 'vitest';
import type { Browser, Page } from 'puppeteer-core';
import { sandboxPki } from '../../sandbox/card/pki-profiles.js';
import type { AuthToken } from '../../shared/protocol/token.js';
import { guideState } from '../../testing/guide.js';
import { createVerifier, MemoryChallengeStore } from '../../verifier/index.js';
import type { cardControl } from './card-control.js';
import { ORIGIN, SANDBOX_PIN, enterPin, openSandboxPage, outcomeOf, startInPage } from './browser-session.js';

export const RELEASE_HELPDESK = { name: 'ICT-servicedesk Testzorg', phone: '020 123 4567' };

/** Card status shows the UZI-pas and follows removal and insertion. */
export async function cardStatusFollowsCard(
  browser: Browser,
  card: ReturnType<typeof cardControl>,
): Promise<void> {
  const page = await browser.newPage();
  await page.goto(`${ORIGIN}/kaartstatus`);
  await page.waitForSelector('#message[data-state="card"]', { timeout: 60_000 });
  expect(await page.$eval('#message', (element) => element.textContent)).toContain('UZI-pas gevonden');
  await card.remove(0);
  await page.waitForSelector('#message[data-state="no-card"]', { timeout: 30_000 });
  await card.insert(0, 'zorgverlener');
  await page.waitForSelector('#message[data-state="card"]', { timeout: 30_000 });
  await page.close();
}

/** The guide appears on the sandbox portal (the content script reached it). */
export async function guideAppears(browser: Browser): Promise<void> {
  const page = await browser.newPage();
  await page.goto(`${ORIGIN}/`);
  await expect.poll(async () => (await guideState(page)).step, { timeout: 30_000 }).toBeTruthy();
  expect((await guideState(page)).present).toBe(true);
  await page.close();
}

/**
 * A login with the PIN in the extension's own window; the verifier (as a portal back end would run it)
 * accepts the token once. Returns the PIN window's URL, so the caller can say whose window it was.
 */
export async function loginVerified(browser: Browser, consentWindow: () => Promise<Page>): Promise<string> {
  const pki = await sandboxPki();
  const verifier = createVerifier({
    trustedCaPems: [pki.chainPem()],
    expectedOrigin: ORIGIN,
    challengeStore: new MemoryChallengeStore(),
    // OCSP at the responder the sandbox card names; the sandbox PKI's cards are test cards.
    revocation: {},
    allowTestCertificates: true,
  });
  const challenge = await verifier.issueChallenge();
  const page = await openSandboxPage(browser);
  await startInPage(page, 'login', 'authenticate', challenge);
  const consent = await consentWindow();
  const consentUrl = await consent.evaluate(() => location.href);
  await enterPin(consent, SANDBOX_PIN);
  const outcome = await outcomeOf(page, 'login');
  expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
  const value = (outcome as { value: AuthToken | { token: AuthToken } }).value;
  const token = 'token' in value ? value.token : value;
  const verdict = await verifier.verifyAuthToken(token, challenge);
  expect(verdict, JSON.stringify(verdict)).toMatchObject({ ok: true });
  expect((await verifier.verifyAuthToken(token, challenge)).ok, 'a token counts once').toBe(false);
  await page.close();
  return consentUrl;
}

/** The diagnostics page: each setting's source, and the checks of a working workstation. */
export async function diagnosticsShowPolicy(
  page: Page,
  expectedSources: Record<string, string>,
): Promise<void> {
  expect(await page.$eval('.helpdesk', (e) => e.textContent)).toContain(RELEASE_HELPDESK.name);
  const sources = await page.$$eval('[data-setting]', (rows) =>
    Object.fromEntries(
      rows.map((row) => [row.getAttribute('data-setting') ?? '', row.getAttribute('data-source') ?? '']),
    ),
  );
  expect(sources).toMatchObject(expectedSources);
  const statuses = await page.$$eval('[data-check]', (elements) =>
    Object.fromEntries(
      elements.map((e) => [e.getAttribute('data-check') ?? '', e.getAttribute('data-status') ?? '']),
    ),
  );
  for (const id of ['extension', 'host', 'pcsc', 'card'])
    expect(statuses[id], `${id}: ${JSON.stringify(statuses)}`).toBe('pass');
}
