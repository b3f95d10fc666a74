// Pushed card events survive a host restart (issue 18). The subscription lives in one host process;
// the worker once kept a "subscribed" flag of its own, so a host started again by the next request was
// never subscribed and card removal stopped reaching the page and the guide. Here the host is killed,
// the next page request starts a fresh one, and a card removal must still reach both.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { LaunchedBrowser } from '../../testing/lib/browser.js';
import { clickGuide, waitForGuide, waitForGuideCheck } from '../../testing/guide.js';
import {
  ORIGIN,
  callInPage,
  isAlive,
  launchDutch,
  openSandboxPage,
  waitForHostPid,
} from '../helpers/browser-session.js';
import { cardControl } from '../helpers/card-control.js';

const card = cardControl();
let launched: LaunchedBrowser;
let dir: string;

const cardMessage = (page: Page) => page.$eval('#message', (element) => element.getAttribute('data-state'));

beforeAll(async () => {
  await card.insert(0, 'zorgverlener');
  dir = mkdtempSync(path.join(tmpdir(), 'zorgid-events-restart-'));
  launched = await launchDutch({ userDataDir: path.join(dir, 'profile') });
});

afterAll(async () => {
  await launched?.browser.close();
  rmSync(dir, { recursive: true, force: true });
  await card.insert(0, 'zorgverlener');
});

describe('pushed card events after a host restart', () => {
  it('host killed, restarted by the next request: card removal still reaches the card status page and the guide', async () => {
    const status = await openSandboxPage(launched.browser);
    await status.waitForSelector('#message[data-state="card"]', { timeout: 30_000 });

    // The guide shows the card on the login step; the way there as a user walks it.
    const guide = await launched.browser.newPage();
    await guide.goto(`${ORIGIN}/aanvraag`);
    await waitForGuide(guide, { step: 'prepare' });
    await clickGuide(guide, 'button', 'Gedaan');
    await waitForGuide(guide, { step: 'application-form' });
    await guide.goto(`${ORIGIN}/portal/inloggen`);
    await waitForGuide(guide, { step: 'install-app' });
    await clickGuide(guide, 'button', 'Gedaan');
    await waitForGuide(guide, { step: 'uzi-login' });
    await waitForGuideCheck(guide, 'card-present', 'ok', 30_000);

    const first = await waitForHostPid(launched);
    process.kill(first, 'SIGKILL');
    await expect.poll(() => isAlive(first), { timeout: 5_000 }).toBe(false);
    // The next request starts a fresh host; nobody opens a new event listener.
    expect(await callInPage(status, 'status')).toMatchObject({ ok: true });
    const second = await waitForHostPid(launched);
    expect(second).not.toBe(first);

    await card.remove(0);
    await status.waitForSelector('#message[data-state="no-card"]', { timeout: 30_000 });
    expect(await cardMessage(status)).toBe('no-card');
    const check = await waitForGuideCheck(guide, 'card-present', 'warning', 30_000);
    expect(check.text).toContain('Geen');

    await card.insert(0, 'zorgverlener');
    await status.waitForSelector('#message[data-state="card"]', { timeout: 30_000 });
    await waitForGuideCheck(guide, 'card-present', 'ok', 30_000);
    await guide.close();
    await status.close();
  });
});
