// The two browsers the browser figures compare: Debian's Chromium with the extension and its host
// registered (testing/lib/browser.ts, as the end-to-end tests use it), and the same Chromium with
// the same flags but no extension.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type CDPSession, type Page } from 'puppeteer-core';
import { DEFAULT_CHROMIUM, launchBrowserWithExtension } from '../../testing/lib/browser.js';

export interface BenchBrowsers {
  withExtension: Browser;
  plain: Browser;
  /** A CDP session on the extension's service worker. */
  serviceWorker(): Promise<CDPSession>;
  close(): Promise<void>;
}

const PLAIN_ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-gpu',
  '--disable-quic',
];

export async function launchBenchBrowsers(): Promise<BenchBrowsers> {
  const launched = await launchBrowserWithExtension();
  await launched.serviceWorker();
  const plainProfile = mkdtempSync(path.join(tmpdir(), 'zorgid-bench-plain-'));
  const plain = await puppeteer
    .launch({
      executablePath: process.env.ZORGID_CHROMIUM ?? DEFAULT_CHROMIUM,
      headless: true,
      userDataDir: plainProfile,
      pipe: true,
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), ...PLAIN_ARGS],
    })
    .catch(async (error: unknown) => {
      await launched.browser.close();
      throw error;
    });
  return {
    withExtension: launched.browser,
    plain,
    async serviceWorker() {
      return (await launched.serviceWorker()).client;
    },
    async close() {
      await Promise.allSettled([launched.browser.close(), plain.close()]);
      rmSync(launched.userDataDir, { recursive: true, force: true });
      rmSync(plainProfile, { recursive: true, force: true });
    },
  };
}

const MIB = 1024 * 1024;

/**
 * tsx (esbuild, keepNames) wraps named functions in a `__name(fn, "name")` helper that exists only in
 * Node; functions handed to page.evaluate would fail with "__name is not defined" in the page.
 */
export async function definePageNameShim(page: Page): Promise<void> {
  await page.evaluate('globalThis.__name ??= (fn) => fn;');
}

/** Used JS heap of a page or worker after a full GC, in MiB. */
export async function heapMiB(session: CDPSession): Promise<number> {
  await session.send('HeapProfiler.enable');
  await session.send('HeapProfiler.collectGarbage');
  const usage = await session.send('Runtime.getHeapUsage');
  return usage.usedSize / MIB;
}
