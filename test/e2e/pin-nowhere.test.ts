// The PIN ends up nowhere: after logins and a signature with a wrong and the right PIN typed into
// our window, neither PIN is in the host's log file, the extension's storage (local, session,
// sync), the page's DOM and storage and cookies, the support report (text and JSON), the console
// output of every page and of the service worker, or any file of the browser profile on disk
// (searched as ASCII and as UTF-16LE, nothing excluded).
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TargetType, type Page, type Target } from 'puppeteer-core';
import type { LaunchedBrowser } from '../../testing/lib/browser.js';
import { extensionId } from '../../testing/lib/extension-id.js';
import { EXTENSION_DIST, PAGE_API_DIST } from '../../testing/lib/paths.js';
import type { SignResult } from '../../shared/protocol/host.js';
import type { AuthToken } from '../../shared/protocol/token.js';
import {
  ORIGIN,
  SANDBOX_PIN,
  enterPin,
  launchDutch,
  nextConsentWindow,
  openSandboxPage,
  outcomeOf,
  startInPage,
  verifyToken,
} from '../helpers/browser-session.js';
import { readHostLog } from '../helpers/host-log.js';
import { newChallenge, restoreSandboxCards } from '../helpers/host-session.js';

const WRONG_PIN = '654321';
const PINS = [SANDBOX_PIN, WRONG_PIN];
/** Digits a page stores on purpose: the profile search must find them, or it proves nothing. */
const CANARY = '918273';

let launched: LaunchedBrowser;
let dir: string;
let logFile: string;
let userDataDir: string;
const consoleLines: string[] = [];
/** What each place held, by name, gathered while the browser runs. */
const places = new Map<string, string>();

function watchConsole(target: Target): void {
  const name = target.url();
  if (target.type() === TargetType.PAGE) {
    target.page().then(
      (page) => {
        page?.on('console', (message) => consoleLines.push(`${name}: ${message.text()}`));
        page?.on('pageerror', (error) => consoleLines.push(`${name}: ${String(error)}`));
      },
      // A tab closed before we could attach (e.g. the kit's storage reader) printed nothing we can get.
      () => undefined,
    );
  } else if (target.type() === TargetType.SERVICE_WORKER) {
    target.worker().then(
      (worker) => worker?.on('console', (message) => consoleLines.push(`sw: ${message.text()}`)),
      () => undefined, // a worker that stopped before we attached
    );
  }
}

function pinsIn(text: string): string[] {
  return PINS.filter((pin) => text.includes(pin));
}

/** Bytes either side of a hit that must match our own shipped code for it to count as our text. */
const SHIPPED_CONTEXT_BYTES = 24;

/** The text of everything we ship to the browser (extension and page API), to tell our own strings apart. */
function shippedCorpus(): string {
  const parts: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(js|html|json|css)$/.test(entry.name)) parts.push(readFileSync(full, 'latin1'));
    }
  };
  walk(EXTENSION_DIST);
  walk(PAGE_API_DIST);
  return parts.join('\n');
}

const ASCII_DIGIT = Object.freeze({ first: 0x30, last: 0x39 });
const isDigitByte = (byte: number | undefined) =>
  byte !== undefined && byte >= ASCII_DIGIT.first && byte <= ASCII_DIGIT.last;

/**
 * Every regular file under `root` holding a PIN as ASCII or UTF-16LE with no digit right before
 * or after it. Digit runs such as "0123456789" (base64 and QR alphabets in V8's code caches) hold
 * "123456" without holding a PIN; those are counted apart, in `digitRuns`.
 */
function filesContaining(
  root: string,
  shipped: string,
  pins: readonly string[] = PINS,
): { hits: string[]; digitRuns: number; shippedText: number } {
  const needles = pins.flatMap((pin) => [
    { pin, encoding: 'ascii', bytes: Buffer.from(pin, 'latin1'), unit: 1 },
    { pin, encoding: 'utf16le', bytes: Buffer.from(pin, 'utf16le'), unit: 2 },
  ]);
  const hits: string[] = [];
  let digitRuns = 0;
  let shippedText = 0;
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const bytes = readFileSync(full);
        for (const needle of needles) {
          for (let at = bytes.indexOf(needle.bytes); at >= 0; at = bytes.indexOf(needle.bytes, at + 1)) {
            const end = at + needle.bytes.length;
            // For UTF-16LE the digit is the low byte of the neighbouring code unit.
            if (isDigitByte(bytes[at - needle.unit]) || isDigitByte(bytes[end])) {
              digitRuns += 1;
              continue;
            }
            // The guide's own advice ("dus niet 123456 …") sits in V8's code cache of our content script.
            const near = bytes.subarray(Math.max(0, at - SHIPPED_CONTEXT_BYTES), end + SHIPPED_CONTEXT_BYTES);
            if (
              needle.unit === 1 &&
              near.length > needle.bytes.length + SHIPPED_CONTEXT_BYTES &&
              shipped.includes(near.toString('latin1'))
            ) {
              shippedText += 1;
              continue;
            }
            const context = bytes.subarray(Math.max(0, at - 40), end + 40).toString('latin1');
            hits.push(
              `${path.relative(root, full)} (${needle.encoding} ${needle.pin}): ${JSON.stringify(context)}`,
            );
          }
        }
      }
    }
  };
  walk(root);
  return { hits, digitRuns, shippedText };
}

function countFiles(root: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        files += 1;
        bytes += statSync(full).size;
      }
    }
  };
  walk(root);
  return { files, bytes };
}

async function pageState(page: Page): Promise<string> {
  const inPage = await page.evaluate(() =>
    JSON.stringify({
      html: document.documentElement.outerHTML,
      inputs: [...document.querySelectorAll('input, textarea')].map((e) => (e as HTMLInputElement).value),
      local: { ...localStorage },
      session: { ...sessionStorage },
      cookie: document.cookie,
    }),
  );
  const cookies = await page.browserContext().cookies();
  return `${inPage}\n${JSON.stringify(cookies)}`;
}

beforeAll(async () => {
  await restoreSandboxCards();
  dir = mkdtempSync(path.join(tmpdir(), 'zorgid-pin-nowhere-'));
  logFile = path.join(dir, 'host.log');
  userDataDir = path.join(dir, 'profile');
  launched = await launchDutch({
    userDataDir,
    hostEnv: { ZORGID_LOG_LEVEL: 'debug', ZORGID_HOST_LOG_FILE: logFile },
  });
  for (const target of launched.browser.targets()) watchConsole(target);
  launched.browser.on('targetcreated', watchConsole);
});

afterAll(async () => {
  await launched?.browser.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
  await restoreSandboxCards();
});

describe('the PIN is nowhere', () => {
  it('runs logins and a signature with a wrong and the right PIN', async () => {
    const page = await openSandboxPage(launched.browser);
    const seen = new Set<Target>();

    const challenge = newChallenge();
    await startInPage(page, 'login', 'authenticate', challenge);
    const window = await nextConsentWindow(launched.browser, seen);
    await enterPin(window, WRONG_PIN);
    await window.waitForFunction(() => document.querySelector('#problem')?.textContent?.includes('onjuist'), {
      timeout: 30_000,
      polling: 100,
    });
    // The window after a wrong PIN: the field is empty and the DOM holds no PIN.
    places.set('consent window after a wrong PIN', await pageState(window));
    await enterPin(window, SANDBOX_PIN);
    const login = await outcomeOf(page, 'login');
    expect(login).toMatchObject({ ok: true });
    expect(verifyToken((login as { value: AuthToken }).value, ORIGIN, challenge)).toBe(true);

    const hash = createHash('sha256').update('pin-nowhere').digest('base64');
    await startInPage(page, 'sign', 'sign', hash, 'SHA-256');
    await enterPin(await nextConsentWindow(launched.browser, seen), SANDBOX_PIN);
    const signed = await outcomeOf(page, 'sign');
    expect(signed).toMatchObject({ ok: true });
    expect((signed as { value: SignResult }).value.signature).toMatch(/\S/);

    await page.evaluate(
      (canary) => localStorage.setItem('zorgid-test-canary', `kanarie ${canary} (test)`),
      CANARY,
    );
    places.set('portal page DOM, storage, cookies', await pageState(page));
    const portal = await launched.browser.newPage();
    await portal.goto(`${ORIGIN}/portal`);
    await portal.waitForSelector('[data-zorgid-guide]', { timeout: 30_000 });
    places.set('/portal DOM, storage, cookies', await pageState(portal));
    await portal.close();
  });

  it('is not in the extension storage (local, session, sync)', async () => {
    for (const area of ['local', 'session', 'sync'] as const) {
      const stored = JSON.stringify(await launched.storage(area));
      places.set(`chrome.storage.${area}`, stored);
      expect(pinsIn(stored), area).toEqual([]);
    }
    // The event log recorded the flows (so an empty log cannot pass for a clean one).
    expect(places.get('chrome.storage.session')).toContain('card operation done');
  });

  it('is not in the support report (text and JSON) or the diagnostics answer', async () => {
    const page = await launched.browser.newPage();
    await page.goto(`chrome-extension://${extensionId()}/extension/pages/diagnostics/index.html`);
    await page.waitForSelector('[data-overall]', { timeout: 60_000 });
    await page.locator('button::-p-text(Supportrapport), button::-p-text(Support report)').click();
    await page.waitForSelector('[data-reference]');
    const text = await page.$eval('textarea', (e) => e.value);
    await page.evaluate(() => {
      const original = URL.createObjectURL.bind(URL);
      URL.createObjectURL = (blob: Blob | MediaSource) => {
        (window as unknown as { __report?: Promise<string> }).__report = (blob as Blob).text();
        return original(blob);
      };
    });
    await page.locator('button::-p-text(JSON downloaden), button::-p-text(Download JSON)').click();
    await page.waitForFunction(() => '__report' in window, { polling: 100 });
    const json = await page.evaluate(() => (window as unknown as { __report: Promise<string> }).__report);
    const reply = await page.evaluate(async () =>
      JSON.stringify(await chrome.runtime.sendMessage({ type: 'diagnostics-run' })),
    );
    expect(text).toMatch(/supportrapport/);
    expect(JSON.parse(json)).toBeTypeOf('object');
    places.set('support report text', text);
    places.set('support report JSON', json);
    places.set('diagnostics answer', reply);
    for (const name of ['support report text', 'support report JSON', 'diagnostics answer']) {
      expect(pinsIn(places.get(name)!), name).toEqual([]);
    }
    await page.close();
  });

  it('is not in the page DOM, storage or cookies, nor in the consent window', () => {
    for (const [name, content] of places) expect(pinsIn(content), name).toEqual([]);
    expect(places.size).toBeGreaterThanOrEqual(9);
  });

  it('is not in the host log file', () => {
    const { entries, raw } = readHostLog(logFile);
    // The log saw the PIN's requests (debug level): an empty file cannot pass.
    expect(entries.filter((e) => e.command === 'authenticate').length).toBeGreaterThanOrEqual(2);
    expect(entries.some((e) => e.command === 'authenticate' && e.code === 'PIN_INCORRECT')).toBe(true);
    expect(pinsIn(raw)).toEqual([]);
  });

  it('is not in the console output of pages, consent windows or the service worker', () => {
    console.error(`[pin-nowhere] ${consoleLines.length} console lines captured`);
    expect(consoleLines.filter((line) => pinsIn(line).length > 0)).toEqual([]);
  });

  it('is not in any file of the browser profile (ASCII or UTF-16LE) after the browser closed', async () => {
    await launched.browser.close();
    const { files, bytes } = countFiles(userDataDir);
    const shipped = shippedCorpus();
    const { hits, digitRuns, shippedText } = filesContaining(userDataDir, shipped);
    const canary = filesContaining(userDataDir, shipped, [CANARY]).hits;
    console.error(
      `[pin-nowhere] profile: ${files} files, ${(bytes / 1e6).toFixed(1)} MB searched; ` +
        `PIN hits: ${hits.length}; inside longer digit runs (not a PIN): ${digitRuns}; ` +
        `our own shipped text ("dus niet 123456"): ${shippedText}`,
    );
    for (const hit of hits) console.error(`[pin-nowhere]   ${hit}`);
    expect(files).toBeGreaterThan(20);
    expect(canary.length, 'the canary a page stored is found on disk').toBeGreaterThan(0);
    expect(hits).toEqual([]);
  });
});
