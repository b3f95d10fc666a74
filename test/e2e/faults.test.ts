// Faults in the browser chain, each ending in a clear error or a recovery without anyone
// restarting anything by hand, while the guide's progress (chrome.storage.local) stays intact:
// the host killed mid-request and while the PIN window is open, the service worker stopped
// mid-flow, the card pulled during authenticate after the PIN, a missing PKCS#11 module, and the
// browser restarted in the middle of the registration.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Target } from 'puppeteer-core';
import type { LaunchedBrowser } from '../../testing/lib/browser.js';
import { removeCardAbruptly } from '../../sandbox/card/client.js';
import { errorMessage } from '../../shared/errors.js';
import type { HostStatus } from '../../shared/protocol/host.js';
import type { AuthToken } from '../../shared/protocol/token.js';
import { clickGuide, waitForGuide } from '../../testing/guide.js';
import {
  ORIGIN,
  SANDBOX_PIN,
  callInPage,
  childPids,
  enterPin,
  isAlive,
  launchDutch,
  nextConsentWindow,
  openSandboxPage,
  outcomeOf,
  startInPage,
  storedProgress,
  verifyToken,
  waitForCardReadable,
  waitForHostPid,
  until,
  type Outcome,
} from '../helpers/browser-session.js';
import { cardSocket } from '../helpers/card-control.js';
import { newChallenge, restoreSandboxCards, waitUntilPresent } from '../helpers/host-session.js';
import { insertCard } from '../../sandbox/card/client.js';

/** PIV GENERAL AUTHENTICATE: the virtual card vanishes right after receiving it. */
const INS_GENERAL_AUTHENTICATE = 0x87;
/** Short PKCS#11 deadline so a hung middleware answers TIMEOUT quickly (the worker waits 60 s). */
const TOKEN_DEADLINE_MS = 5_000;
const READER_0 = 'Virtual PCD 00 00';

let launched: LaunchedBrowser;
let dir: string;
let guidePage: Page;
let progressBefore: Record<string, unknown>;
const seenConsent = new Set<Target>();

function expectStatus(outcome: Outcome): HostStatus {
  expect(outcome).toMatchObject({ ok: true });
  const status = (outcome as { value: HostStatus }).value;
  expect(status.pcsc.available).toBe(true);
  expect(status.readers.some((r) => r.name === READER_0)).toBe(true);
  return status;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  await restoreSandboxCards();
  dir = mkdtempSync(path.join(tmpdir(), 'zorgid-faults-'));
  launched = await launchDutch({
    userDataDir: path.join(dir, 'profile-main'),
    hostEnv: {
      ZORGID_LOG_LEVEL: 'debug',
      ZORGID_HOST_LOG_FILE: path.join(dir, 'host.log'),
      ZORGID_TOKEN_DEADLINE_MS: String(TOKEN_DEADLINE_MS),
    },
  });
  await launched.serviceWorker();
  // Some guide progress to keep intact through every fault: one item of the preparation list ticked.
  guidePage = await launched.browser.newPage();
  await guidePage.goto(`${ORIGIN}/aanvraag`);
  await waitForGuide(guidePage, { step: 'prepare' });
  await clickGuide(guidePage, 'checkbox', 'Heeft een UZI-pas');
  progressBefore = await until(
    () => storedProgress(launched),
    (stored) => /"checklist":\{"[^"]+":true/.test(JSON.stringify(stored)),
  );
});

afterAll(async () => {
  await launched?.browser.close();
  rmSync(dir, { recursive: true, force: true });
  await restoreSandboxCards();
});

describe('faults in the browser chain', () => {
  it('host killed while a readCard is in flight: HOST_DISCONNECTED, then the next status starts a new host', async () => {
    const page = await openSandboxPage(launched.browser);
    const host = await waitForHostPid(launched);
    const workers = childPids(host);
    // Stopped, the host cannot answer: the readCard is certainly in flight when it dies.
    process.kill(host, 'SIGSTOP');
    await startInPage(page, 'read', 'readCard');
    await sleep(500);
    process.kill(host, 'SIGKILL');
    const started = Date.now();
    const outcome = await outcomeOf(page, 'read');
    console.error(
      `[faults] host killed mid-readCard: ${JSON.stringify(outcome)} after ${Date.now() - started} ms`,
    );
    expect(outcome).toMatchObject({ ok: false, code: 'HOST_DISCONNECTED' });
    expect((outcome as { message: string }).message).toBe(errorMessage('HOST_DISCONNECTED', 'nl'));

    expectStatus(await callInPage(page, 'status'));
    const next = await waitForHostPid(launched);
    expect(next).not.toBe(host);
    expect((await callInPage(page, 'readCard')).ok).toBe(true);
    // The killed host's PKCS#11 worker does not linger as an orphan.
    await expect.poll(() => workers.filter(isAlive), { timeout: 5_000 }).toEqual([]);
    await page.close();
  });

  it('host killed while the PIN window is open: the approval reaches a fresh host and the token verifies', async () => {
    const page = await openSandboxPage(launched.browser);
    const challenge = newChallenge();
    await startInPage(page, 'login', 'authenticate', challenge);
    const window = await nextConsentWindow(launched.browser, seenConsent);
    const host = await waitForHostPid(launched);
    process.kill(host, 'SIGKILL');
    await expect.poll(() => isAlive(host), { timeout: 5_000 }).toBe(false);
    await enterPin(window, SANDBOX_PIN);
    const outcome = await outcomeOf(page, 'login');
    console.error(
      `[faults] host killed with the PIN window open: ${outcome.ok ? 'token' : JSON.stringify(outcome)}`,
    );
    expect(outcome).toMatchObject({ ok: true });
    expect(verifyToken((outcome as { value: AuthToken }).value, ORIGIN, challenge)).toBe(true);
    expect(await waitForHostPid(launched)).not.toBe(host);
    expectStatus(await callInPage(page, 'status'));
    await page.close();
  });

  it('service worker stopped mid-flow: the page gets an error, the PIN window expires, the next request works', async () => {
    const page = await openSandboxPage(launched.browser);
    await startInPage(page, 'login', 'authenticate', newChallenge());
    const window = await nextConsentWindow(launched.browser, seenConsent);
    const worker = await launched.serviceWorker();
    await worker.close();
    const outcome = await outcomeOf(page, 'login');
    console.error(`[faults] service worker stopped mid-authenticate: ${JSON.stringify(outcome)}`);
    expect(outcome.ok).toBe(false);
    expect((outcome as { code: string }).code).toBe('HOST_DISCONNECTED');

    // The PIN typed into the old window now reaches a fresh worker, which refuses it as expired.
    await enterPin(window, SANDBOX_PIN);
    await window.waitForSelector('section[data-state="expired"]', { timeout: 15_000 });
    await window.close();

    expectStatus(await callInPage(page, 'status'));
    await waitForCardReadable(page);
    // A fresh login through the restarted worker works.
    const challenge = newChallenge();
    await startInPage(page, 'again', 'authenticate', challenge);
    await enterPin(await nextConsentWindow(launched.browser, seenConsent), SANDBOX_PIN);
    const again = await outcomeOf(page, 'again');
    expect(again).toMatchObject({ ok: true });
    expect(verifyToken((again as { value: AuthToken }).value, ORIGIN, challenge)).toBe(true);
    expect(await storedProgress(launched)).toEqual(progressBefore);
    // The guide on the open page still talks to the (new) worker and shows the same step.
    await guidePage.reload();
    await waitForGuide(guidePage, { step: 'prepare' });
    await page.close();
  });

  it('card pulled during authenticate after the PIN: CARD_REMOVED or TIMEOUT in Dutch, then a login works again', async () => {
    const page = await openSandboxPage(launched.browser);
    const removed = removeCardAbruptly(cardSocket(), 0, INS_GENERAL_AUTHENTICATE);
    await startInPage(page, 'login', 'authenticate', newChallenge());
    const window = await nextConsentWindow(launched.browser, seenConsent);
    const started = Date.now();
    await enterPin(window, SANDBOX_PIN);
    const outcome = await outcomeOf(page, 'login');
    const elapsedMs = Date.now() - started;
    await removed;
    console.error(`[faults] card pulled mid-signature: ${JSON.stringify(outcome)} after ${elapsedMs} ms`);
    expect(outcome.ok).toBe(false);
    const code = (outcome as { code: 'CARD_REMOVED' | 'TIMEOUT' }).code;
    expect(['CARD_REMOVED', 'TIMEOUT']).toContain(code);
    expect((outcome as { message: string }).message).toBe(errorMessage(code, 'nl'));
    expect(elapsedMs).toBeLessThan(TOKEN_DEADLINE_MS + 10_000);
    // The PIN window says what happened instead of vanishing.
    const final = await window.waitForSelector('section[data-state="finished"]', { timeout: 10_000 });
    expect(await final!.evaluate((e) => e.getAttribute('data-code'))).toBe(code);
    await window.close();

    await insertCard(cardSocket(), { reader: 0, profile: 'zorgverlener' });
    await waitUntilPresent(0);
    await waitForCardReadable(page);
    const challenge = newChallenge();
    await startInPage(page, 'again', 'authenticate', challenge);
    await enterPin(await nextConsentWindow(launched.browser, seenConsent), SANDBOX_PIN);
    const again = await outcomeOf(page, 'again');
    expect(again).toMatchObject({ ok: true });
    expect(verifyToken((again as { value: AuthToken }).value, ORIGIN, challenge)).toBe(true);
    await page.close();
  });

  it('keeps the guide progress unchanged through all of the above', async () => {
    expect(await storedProgress(launched)).toEqual(progressBefore);
    await guidePage.reload();
    const seen = await waitForGuide(guidePage, { step: 'prepare' });
    expect(seen.checks.length + seen.messages.length).toBeGreaterThan(0);
  });

  it('PKCS#11 module missing: readCard gives PKCS11_MODULE_NOT_FOUND in Dutch, status still answers', async () => {
    const other = await launchDutch({
      userDataDir: path.join(dir, 'profile-no-module'),
      hostEnv: { ZORGID_PKCS11_MODULE: '/nonexistent.so' },
    });
    try {
      await other.serviceWorker();
      const page = await openSandboxPage(other.browser, { cardReadable: false });
      const read = await callInPage(page, 'readCard');
      expect(read).toMatchObject({
        ok: false,
        code: 'PKCS11_MODULE_NOT_FOUND',
        message: errorMessage('PKCS11_MODULE_NOT_FOUND', 'nl'),
      });
      const status = expectStatus(await callInPage(page, 'status'));
      expect(status.pkcs11).toEqual({ error: 'PKCS11_MODULE_NOT_FOUND' });
      expect(status.readers.find((r) => r.name === READER_0)).toMatchObject({ cardPresent: true });
    } finally {
      await other.browser.close();
    }
  });

  it('browser restarted mid-registration: the guide resumes on the same step', async () => {
    const userDataDir = path.join(dir, 'profile');
    const first = await launchDutch({ userDataDir });
    let stepBefore: string | undefined;
    let progress: Record<string, unknown>;
    try {
      await first.serviceWorker();
      const page = await first.browser.newPage();
      await page.goto(`${ORIGIN}/aanvraag`);
      await waitForGuide(page, { step: 'prepare' });
      await clickGuide(page, 'checkbox', 'Ik ben leverancier en test');
      await clickGuide(page, 'checkbox', 'Heeft een UZI-pas');
      await clickGuide(page, 'checkbox', 'Heeft een geldig identiteitsbewijs of een geldige UZI-pas');
      await clickGuide(page, 'button', 'Gedaan');
      stepBefore = (await waitForGuide(page, { step: 'application-form' })).step;
      await expect
        .poll(async () => JSON.stringify(await storedProgress(first)), { timeout: 10_000 })
        .toContain('"prepare":{');
      progress = await storedProgress(first);
    } finally {
      await first.browser.close();
    }
    const second = await launchDutch({ userDataDir });
    try {
      await second.serviceWorker();
      const page = await second.browser.newPage();
      await page.goto(`${ORIGIN}/aanvraag`);
      const seen = await waitForGuide(page, { step: stepBefore });
      console.error(`[faults] guide after restart: ${seen.step} (${seen.state})`);
      expect(seen.step).toBe('application-form');
      const after = (await storedProgress(second)) as Record<
        string,
        { steps?: unknown; checklist?: unknown }
      >;
      for (const [key, value] of Object.entries(progress) as [
        string,
        { steps?: unknown; checklist?: unknown },
      ][]) {
        expect(after[key]?.steps, key).toEqual(value.steps);
        expect(after[key]?.checklist, key).toEqual(value.checklist);
      }
    } finally {
      await second.browser.close();
    }
  });
});
