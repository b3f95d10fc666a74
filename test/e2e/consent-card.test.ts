// Issue 19: the PIN window follows the card while it is open. Pulled, it says "Geen kaart" at
// once and takes no PIN (it used to say so only after the PIN was typed); put back, it asks
// again and the login goes through. A failure screen's message is one composed sentence
// sequence ("Het is niet gelukt. …"), not run together.
import type { Page, Target } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  insertCard,
  launchBrowser,
  removeCard,
  restoreCards,
  swapProfile,
  type KitBrowser,
} from '../../testing/index.js';
import type { AuthToken } from '../../shared/protocol/token.js';
import { errorMessage } from '../../shared/errors.js';
import {
  enterPin,
  nextConsentWindow,
  openSandboxPage,
  ORIGIN,
  outcomeOf,
  SANDBOX_PIN,
  startInPage,
  verifyToken,
} from '../helpers/browser-session.js';

const CHALLENGE = 'Q2FyZFB1bGxlZFdoaWxlQXNraW5nUGlu';
let launched: KitBrowser;
const seen = new Set<Target>();

beforeAll(async () => {
  await restoreCards();
  const extensionDir = process.env.ZORGID_E2E_EXTENSION_DIR;
  launched = await launchBrowser(extensionDir ? { extensionDir } : {});
});

afterAll(async () => {
  await launched?.close();
  await restoreCards();
});

const screen = (window: Page) =>
  window.evaluate(() => ({
    problem: (document.querySelector('#problem')?.textContent ?? '').trim(),
    approveDisabled: document.querySelector<HTMLButtonElement>('#approve')?.disabled ?? null,
  }));

async function until<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  let last = await read();
  while (!check(last)) {
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await read();
  }
  return last;
}

describe('the PIN window follows the card', () => {
  it('says "Geen kaart" at once when the card is pulled, and asks again when it is back', async () => {
    const page = await openSandboxPage(launched.browser);
    await startInPage(page, 'login', 'authenticate', CHALLENGE);
    const window = await nextConsentWindow(launched.browser, seen);
    expect(await screen(window)).toEqual({ problem: '', approveDisabled: false });

    await removeCard(0);
    const pulled = await until(
      () => screen(window),
      (s) => s.approveDisabled === true,
      'no reaction to the pull',
    );
    expect(pulled.problem).toContain(errorMessage('NO_CARD', 'nl'));

    await insertCard(0, 'zorgverlener');
    await until(
      () => screen(window),
      (s) => s.approveDisabled === false && s.problem === '',
      'no reaction to the insert',
    );
    await enterPin(window, SANDBOX_PIN);
    const outcome = await outcomeOf(page, 'login');
    expect(outcome.ok).toBe(true);
    if (outcome.ok) expect(verifyToken(outcome.value as AuthToken, ORIGIN, CHALLENGE)).toBe(true);
    await page.close();
  });

  it('a failure screen names what failed and why as separate sentences, also in the window title', async () => {
    await swapProfile(0, 'verlopen');
    const page = await openSandboxPage(launched.browser);
    await startInPage(page, 'expired', 'authenticate', CHALLENGE);
    const window = await nextConsentWindow(launched.browser, seen);
    await enterPin(window, SANDBOX_PIN);
    await window.waitForSelector('section[data-state="finished"]', { timeout: 30_000 });
    const title = await window.title();
    expect(title).toMatch(/^Het is niet gelukt\. \S/);
    expect(title).not.toMatch(/[a-z][A-Z]/);
    const outcome = await outcomeOf(page, 'expired');
    expect(outcome.ok).toBe(false);
    await page.close();
    await swapProfile(0, 'zorgverlener');
  });
});
