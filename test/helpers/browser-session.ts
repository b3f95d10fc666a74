// Driving the real extension in Chromium from the end-to-end tests: sandbox pages with the page
// API, requests started in a page and read later, the PIN window, the host processes Chromium
// started, and the guide's progress in chrome.storage.local.
import { execFileSync } from 'node:child_process';
import { createHash, verify, X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TargetType, type Browser, type Page, type Target } from 'puppeteer-core';
import {
  launchBrowserWithExtension,
  type LaunchedBrowser,
  type LaunchOptions,
} from '../../testing/lib/browser.js';
import { SANDBOX_ORIGINS } from '../../shared/origins.js';
import type { AuthToken } from '../../shared/protocol/token.js';

export const ORIGIN = SANDBOX_ORIGINS.acceptatie;
export const SANDBOX_PIN = '123456';
export const CONSENT_URL_PART = 'pages/consent';
const TIMEOUT_MS = 30_000;

export type Outcome =
  | { ok: true; value: unknown }
  | { ok: false; code: string; message: string; details?: Record<string, unknown> };

type PageApi = Record<string, (...args: unknown[]) => Promise<unknown>>;
interface PageGlobals {
  ZorgIdCompanion: PageApi;
  __started?: Record<string, Promise<Outcome>>;
}

/**
 * Chromium with the extension, speaking Dutch like the portal's users: headless Chromium ignores
 * --lang, so the profile's accept-languages preference is set before the first start (as the
 * testers' kit does). An existing profile keeps its preferences.
 */
export async function launchDutch(options: LaunchOptions = {}): Promise<LaunchedBrowser> {
  const userDataDir = options.userDataDir ?? mkdtempSync(path.join(tmpdir(), 'zorgid-e2e-profile-'));
  const preferences = path.join(userDataDir, 'Default', 'Preferences');
  mkdirSync(path.dirname(preferences), { recursive: true });
  try {
    writeFileSync(preferences, JSON.stringify({ intl: { accept_languages: 'nl-NL,nl' } }), { flag: 'wx' });
  } catch {
    // The profile already has preferences (a restart): keep them.
  }
  const launched = await launchBrowserWithExtension({ ...options, userDataDir });
  await launched.serviceWorker();
  return launched;
}

/** A sandbox page with the extension's bridge running (the content script marks <html>). */
export async function openSandboxPage(
  browser: Browser,
  options: { path?: string; cardReadable?: boolean } = {},
): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${ORIGIN}${options.path ?? '/kaartstatus'}`);
  await waitForBridge(page);
  if (options.cardReadable !== false) await waitForCardReadable(page);
  return page;
}

export async function waitForBridge(page: Page, timeoutMs = TIMEOUT_MS): Promise<void> {
  try {
    await page.waitForFunction(
      () => document.documentElement.dataset.zorgidCompanion !== undefined && 'ZorgIdCompanion' in window,
      // Interval polling: the default (requestAnimationFrame) never fires in a tab in the background.
      { timeout: timeoutMs, polling: 100 },
    );
  } catch (error) {
    const seen = await page
      .evaluate(() => ({
        marker: document.documentElement.dataset.zorgidCompanion ?? null,
        pageApi: 'ZorgIdCompanion' in window,
        guide: document.querySelector('[data-zorgid-guide]') !== null,
        readyState: document.readyState,
      }))
      .catch(() => 'page gone');
    throw new Error(`no extension bridge on ${page.url()}: ${JSON.stringify(seen)} (${String(error)})`);
  }
}

/** After a (re-)insert or a host restart the card needs a moment before it answers through PKCS#11. */
export async function waitForCardReadable(page: Page, timeoutMs = TIMEOUT_MS): Promise<void> {
  await page.waitForFunction(
    () =>
      (window as unknown as PageGlobals).ZorgIdCompanion.readCard!().then(
        () => true,
        () => false,
      ),
    { timeout: timeoutMs, polling: 1_000 },
  );
}

/** Calls one page API method and waits for its outcome (never throws for a coded error). */
export function callInPage(page: Page, method: string, ...args: unknown[]): Promise<Outcome> {
  return page.evaluate(
    async (name, params) => {
      try {
        const api = (window as unknown as PageGlobals).ZorgIdCompanion;
        return { ok: true as const, value: await api[name]!(...params) };
      } catch (error) {
        const e = error as { code?: string; message?: string; details?: Record<string, unknown> };
        return {
          ok: false as const,
          code: e.code ?? 'NO_CODE',
          message: e.message ?? String(error),
          ...(e.details ? { details: e.details } : {}),
        };
      }
    },
    method,
    args,
  );
}

/** Starts a call without waiting; `outcomeOf(page, key)` reads it later. */
export async function startInPage(
  page: Page,
  key: string,
  method: string,
  ...args: unknown[]
): Promise<void> {
  await page.evaluate(
    (k, name, params) => {
      const w = window as unknown as PageGlobals;
      w.__started ??= {};
      w.__started[k] = w.ZorgIdCompanion[name]!(...params).then(
        (value) => ({ ok: true as const, value }),
        (error: { code?: string; message?: string }) => ({
          ok: false as const,
          code: error.code ?? 'NO_CODE',
          message: error.message ?? 'no message',
        }),
      );
    },
    key,
    method,
    args,
  );
}

export function outcomeOf(page: Page, key: string): Promise<Outcome> {
  return page.evaluate((k) => (window as unknown as PageGlobals).__started![k]!, key);
}

export function consentTargets(browser: Browser): Target[] {
  return browser.targets().filter((t) => t.type() === TargetType.PAGE && t.url().includes(CONSENT_URL_PART));
}

/** Waits for a PIN window not seen before, asking for the PIN. */
export async function nextConsentWindow(
  browser: Browser,
  seen: Set<Target>,
  timeoutMs = TIMEOUT_MS,
): Promise<Page> {
  const target = await browser.waitForTarget(
    (t) => t.type() === TargetType.PAGE && t.url().includes(CONSENT_URL_PART) && !seen.has(t),
    { timeout: timeoutMs },
  );
  seen.add(target);
  const window = await target.page();
  if (!window) throw new Error('the consent window is not a page');
  await window.bringToFront();
  try {
    await window.waitForSelector('form[data-state="ask"] #pin', { timeout: timeoutMs });
  } catch (error) {
    const shown = await window
      .evaluate(() => {
        const screen = document.querySelector('[data-state]');
        return `${screen?.getAttribute('data-state')}/${screen?.getAttribute('data-code')}: ${document.body.innerText.slice(0, 300)}`;
      })
      .catch(() => 'window gone');
    throw new Error(`the PIN window did not ask (${target.url()}): ${shown} (${String(error)})`);
  }
  return window;
}

/** Types the PIN into the asking form and presses Doorgaan. */
export async function enterPin(window: Page, pin: string): Promise<void> {
  await window.waitForSelector('form[data-state="ask"]:not([data-answered]) #pin', { timeout: TIMEOUT_MS });
  await window.$eval('form[data-state="ask"]', (form) => form.setAttribute('data-answered', ''));
  await window.type('#pin', pin);
  await window.click('#approve');
}

export function verifyToken(token: AuthToken, origin: string, challenge: string): boolean {
  const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  const certificate = new X509Certificate(Buffer.from(token.certificate, 'base64'));
  return verify(
    'sha256',
    Buffer.concat([sha256(origin), sha256(challenge)]),
    certificate.publicKey,
    Buffer.from(token.signature, 'base64'),
  );
}

/** The native hosts this Chromium started (children of its browser process running host-entry.js). */
export function hostPids(launched: LaunchedBrowser): number[] {
  const parent = launched.browser.process()?.pid;
  if (parent === undefined) throw new Error('no Chromium process');
  try {
    return execFileSync('pgrep', ['-P', String(parent), '-f', 'host-entry.js'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

export async function waitForHostPid(launched: LaunchedBrowser, timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pids = hostPids(launched);
    if (pids.length === 1) return pids[0]!;
    if (Date.now() > deadline) throw new Error(`expected one host process, found ${pids.length}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The guide's keys in chrome.storage.local (shared/steps/progress.ts `progressKey`). */
export const PROGRESS_KEY_PREFIX = 'zorgid-guide-progress';

/** Everything the guide stored in chrome.storage.local (read from an extension page). */
export async function storedProgress(launched: LaunchedBrowser): Promise<Record<string, unknown>> {
  const all = await launched.storage('local');
  return Object.fromEntries(Object.entries(all).filter(([key]) => key.startsWith(PROGRESS_KEY_PREFIX)));
}

/** Children of a process (e.g. the host's PKCS#11 worker). */
export function childPids(parent: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(parent)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls until `check` holds (for hooks, where expect.poll is not available). */
export async function until<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met in ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
