// Load through the whole chain: five tabs fire twenty page API calls each at once, and three tabs
// ask to log in at the same moment. Every call must get its own, correct answer; the host's file
// log (ZORGID_HOST_LOG_FILE, one line at the start and one at the end of each request) shows that
// the service worker's CardQueue never let two card operations overlap; and only one PIN window
// is ever open at a time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Target } from 'puppeteer-core';
import { launchBrowserWithExtension, type LaunchedBrowser } from '../../testing/lib/browser.js';
import type { HostStatus, ReadCardResult } from '../../shared/protocol/host.js';
import type { AuthToken } from '../../shared/protocol/token.js';
import {
  ORIGIN,
  SANDBOX_PIN,
  callInPage,
  consentTargets,
  enterPin,
  nextConsentWindow,
  openSandboxPage,
  outcomeOf,
  startInPage,
  verifyToken,
} from '../helpers/browser-session.js';
import { CARD_COMMANDS, concurrency, readHostLog } from '../helpers/host-log.js';
import { newChallenge, restoreSandboxCards } from '../helpers/host-session.js';

const TABS = 5;
const REQUESTS_PER_TAB = 20;
const LOGIN_TABS = 3;
const READER_0 = 'Virtual PCD 00 00';

let launched: LaunchedBrowser;
let logDir: string;
let logFile: string;

interface Answer {
  command: 'status' | 'readCard';
  ok: boolean;
  code?: string;
  message?: string;
  value?: unknown;
  ms: number;
}

beforeAll(async () => {
  await restoreSandboxCards();
  logDir = mkdtempSync(path.join(tmpdir(), 'zorgid-load-log-'));
  logFile = path.join(logDir, 'host.log');
  launched = await launchBrowserWithExtension({
    userDataDir: path.join(logDir, 'profile'),
    hostEnv: { ZORGID_LOG_LEVEL: 'debug', ZORGID_HOST_LOG_FILE: logFile },
  });
  await launched.serviceWorker();
});

afterAll(async () => {
  await launched?.browser.close();
  rmSync(logDir, { recursive: true, force: true });
  await restoreSandboxCards();
});

/** Fires the tab's requests at once (Promise.all inside the page) and times each in the page. */
function burst(page: Page, commands: Answer['command'][]): Promise<Answer[]> {
  return page.evaluate(async (list) => {
    const api = (window as unknown as { ZorgIdCompanion: Record<string, () => Promise<unknown>> })
      .ZorgIdCompanion;
    return Promise.all(
      list.map(async (command) => {
        const started = performance.now();
        try {
          const value = await api[command]!();
          return { command, ok: true, value, ms: performance.now() - started };
        } catch (error) {
          const e = error as { code?: string; message?: string };
          return { command, ok: false, code: e.code, message: e.message, ms: performance.now() - started };
        }
      }),
    );
  }, commands);
}

function isStatus(value: unknown): boolean {
  const status = value as HostStatus;
  return (
    typeof status?.version === 'string' &&
    status.protocol === 1 &&
    status.pcsc?.available === true &&
    Array.isArray(status.readers) &&
    status.readers.some((r) => r.name === READER_0 && r.cardPresent && r.cardKind === 'uzi-pas') &&
    !('tokenSerial' in status)
  );
}

describe('load: five tabs, twenty concurrent requests each', () => {
  it('answers every request with its own correct answer and never overlaps card operations', async () => {
    const pages = await Promise.all(Array.from({ length: TABS }, () => openSandboxPage(launched.browser)));
    const reference = await callInPage(pages[0]!, 'readCard');
    expect(reference.ok).toBe(true);
    const expected = reference.ok ? (reference.value as ReadCardResult) : undefined;
    expect(expected?.tokenSerial).toMatch(/\S/);

    const commands = Array.from({ length: REQUESTS_PER_TAB }, (_, i) =>
      i % 2 === 0 ? 'status' : 'readCard',
    );
    const started = Date.now();
    const answers = (
      await Promise.all(pages.map((page) => burst(page, commands as Answer['command'][])))
    ).flat();
    const wallMs = Date.now() - started;

    expect(answers).toHaveLength(TABS * REQUESTS_PER_TAB);
    const counts: Record<string, number> = {};
    const wrong: string[] = [];
    for (const answer of answers) {
      const key = `${answer.command}:${answer.ok ? 'ok' : answer.code}`;
      counts[key] = (counts[key] ?? 0) + 1;
      if (answer.ok && answer.command === 'status' && !isStatus(answer.value)) wrong.push(key);
      if (answer.ok && answer.command === 'readCard') {
        const card = answer.value as ReadCardResult;
        if (
          card.tokenSerial !== expected?.tokenSerial ||
          card.identity?.ura !== expected.identity.ura ||
          card.certificates?.length !== expected.certificates.length
        )
          wrong.push(key);
      }
      // Concurrent readCard calls share one host call, so even 50 at once never meet the queue limit.
      if (!answer.ok) wrong.push(key);
      if (!answer.ok && !answer.message) wrong.push(`${key} without a message`);
    }
    const slowest = Math.max(...answers.map((a) => a.ms));
    console.error(
      `[load] ${answers.length} answers in ${wallMs} ms (slowest ${slowest.toFixed(0)} ms): ${JSON.stringify(counts)}`,
    );
    expect(wrong).toEqual([]);
    expect(counts['status:ok']).toBe((TABS * REQUESTS_PER_TAB) / 2);
    expect(counts['readCard:ok']).toBe((TABS * REQUESTS_PER_TAB) / 2);

    const { entries } = readHostLog(logFile);
    const card = concurrency(entries, CARD_COMMANDS);
    const all = concurrency(entries, [...CARD_COMMANDS, 'status']);
    console.error(
      `[load] host log: ${entries.length} lines; card operations completed ${card.completed}, at most ` +
        `${card.maxInFlight} in flight; with status at most ${all.maxInFlight} in flight`,
    );
    // Concurrent readCard calls were coalesced: fewer host calls than answers, but at least one.
    expect(card.completed).toBeGreaterThanOrEqual(1);
    expect(card.completed).toBeLessThanOrEqual((counts['readCard:ok'] ?? 0) + 1);
    expect(card.unfinished).toEqual([]);
    expect(card.maxInFlight).toBe(1);
    // The measure can see overlap: status is not queued, so it does overlap in the same log.
    expect(all.maxInFlight).toBeGreaterThan(1);
    await Promise.all(pages.map((page) => page.close()));
  });

  it('three tabs logging in at once get one PIN window at a time; all three tokens verify', async () => {
    const pages = await Promise.all(
      Array.from({ length: LOGIN_TABS }, () => openSandboxPage(launched.browser)),
    );
    const challenges = pages.map(() => newChallenge());
    let maxOpen = 0;
    const poll = setInterval(() => {
      maxOpen = Math.max(maxOpen, consentTargets(launched.browser).length);
    }, 20);
    try {
      await Promise.all(pages.map((page, i) => startInPage(page, 'login', 'authenticate', challenges[i])));
      const seen = new Set<Target>();
      for (let i = 0; i < LOGIN_TABS; i++) {
        const window = await nextConsentWindow(launched.browser, seen);
        maxOpen = Math.max(maxOpen, consentTargets(launched.browser).length);
        // Give a wrongly opened second window the time to show up before answering this one.
        await new Promise((resolve) => setTimeout(resolve, 300));
        maxOpen = Math.max(maxOpen, consentTargets(launched.browser).length);
        await enterPin(window, SANDBOX_PIN);
        await expect.poll(() => window.isClosed(), { timeout: 15_000 }).toBe(true);
      }
      const outcomes = await Promise.all(pages.map((page) => outcomeOf(page, 'login')));
      for (const [i, outcome] of outcomes.entries()) {
        expect(outcome, `tab ${i}`).toMatchObject({ ok: true });
        const token = (outcome as { value: AuthToken }).value;
        expect(token.challenge).toBe(challenges[i]);
        expect(verifyToken(token, ORIGIN, challenges[i]!)).toBe(true);
      }
    } finally {
      clearInterval(poll);
    }
    console.error(`[load] ${LOGIN_TABS} simultaneous logins: at most ${maxOpen} PIN window(s) open`);
    expect(maxOpen).toBe(1);
    const { entries } = readHostLog(logFile);
    expect(concurrency(entries, CARD_COMMANDS).maxInFlight).toBe(1);
    expect(entries.filter((e) => e.command === 'authenticate' && e.message === 'request done')).toHaveLength(
      LOGIN_TABS,
    );
    await Promise.all(pages.map((page) => page.close()));
  });
});
