// The extension's own PIN window (extension/pages/consent), opened for authenticate and sign.
// The page never sees the PIN; a test types it here, as the user would.
import { TargetType, type Browser, type Page } from 'puppeteer-core';
import { joinSentences } from '../shared/i18n/compose.js';
import type { InPageGlobal } from './in-page.js';

const CONSENT_URL_PART = 'pages/consent';
const ASK_FORM = 'form[data-state="ask"]';
const DEFAULT_TIMEOUT_MS = 30_000;

export type ConsentOutcome =
  /** Accepted: the window closed itself and the page got its token or signature. */
  | { result: 'closed' }
  /**
   * Still asking, with a problem such as a wrong PIN ("De pincode is onjuist. Nog meer dan één
   * poging."): PKCS#11 tells only "final try" and "blocked", never how many tries are left before.
   */
  | { result: 'problem'; problem: string; window: Page }
  /** A final screen: PIN blocked, card error, or the request expired. */
  | { result: 'final'; state: string; code: string | undefined; text: string; window: Page };

export interface ConsentWindowInfo {
  window: Page;
  title: string;
  origin: string;
  holder: string;
  ura: string;
}

/** Waits for the PIN window to open and ask. */
export async function waitForConsent(
  browser: Browser,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<ConsentWindowInfo> {
  const target = await browser.waitForTarget(
    (t) => t.url().includes(CONSENT_URL_PART) && t.type() === TargetType.PAGE,
    { timeout: timeoutMs },
  );
  const window = await target.page();
  if (!window) throw new Error('Het pincodevenster is geen pagina / consent window is not a page');
  await window.waitForSelector(ASK_FORM, { timeout: timeoutMs });
  const read = (selector: string) =>
    window.$eval(selector, (e) => (e.textContent ?? '').trim()).catch(() => '');
  return {
    window,
    title: await read('h1'),
    origin: await read('#origin'),
    holder: await read('#holder'),
    ura: await read('#ura'),
  };
}

/** Types the PIN and clicks Doorgaan; resolves with what the window did next. */
export async function approveConsent(
  browser: Browser,
  pin: string,
  options: { confirmLastTry?: boolean; timeoutMs?: number } = {},
): Promise<ConsentOutcome> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { window } = await waitForConsent(browser, timeoutMs);
  // The PIN window may open behind the portal's tab; clicks behind never land.
  await window.bringToFront();
  const closed = new Promise<ConsentOutcome>((resolve) =>
    window.once('close', () => resolve({ result: 'closed' })),
  );
  // Mark the form we answer, so the next screen (a new form after "working") is told apart from it.
  await window.$eval(ASK_FORM, (form) => form.setAttribute('data-kit-answered', ''));
  if (options.confirmLastTry) {
    const box = await window.$('#confirm-last-try');
    if (box) await box.click();
  }
  await window.type('#pin', pin);
  await window.click('#approve');
  const next = window
    .waitForFunction(
      (ask) => {
        const g = globalThis as unknown as InPageGlobal;
        const form = g.document.querySelector(`${ask}:not([data-kit-answered])`);
        const final = g.document.querySelector(
          'section[data-state="finished"], section[data-state="expired"]',
        );
        return !!form || !!final;
      },
      { timeout: timeoutMs },
      ASK_FORM,
    )
    .then(async (): Promise<ConsentOutcome> => {
      const final = await window.$('section[data-state="finished"], section[data-state="expired"]');
      if (final) {
        const info = await final.evaluate((e) => ({
          state: e.getAttribute('data-state') ?? '',
          code: e.getAttribute('data-code') ?? undefined,
          // Heading and message are separate blocks: read them as separate sentences.
          blocks: Array.from(e.querySelectorAll('h1, p')).map((b) => b.textContent ?? ''),
        }));
        const { blocks, ...rest } = info;
        return { result: 'final', ...rest, text: joinSentences(...blocks), window };
      }
      const problem = await window.$eval('#problem', (e) => (e.textContent ?? '').trim());
      return { result: 'problem', problem, window };
    })
    // The window closing mid-wait rejects the wait: the close event tells the story then.
    .catch(() => closed);
  return Promise.race([closed, next]);
}

/** Clicks Annuleren: the page's call rejects with CANCELLED. */
export async function cancelConsent(browser: Browser, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
  const { window } = await waitForConsent(browser, timeoutMs);
  await window.bringToFront();
  const closed = new Promise<void>((resolve) => window.once('close', () => resolve()));
  await window.click('#cancel');
  await closed;
}
