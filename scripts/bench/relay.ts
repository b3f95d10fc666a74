// The relay round trip page → content script → service worker → host → back, for `status`
// (no card I/O): the price of every page API call. Baseline: a same-origin fetch from the same page.
import type { BenchBrowsers } from './browsers.js';
import { definePageNameShim, heapMiB } from './browsers.js';
import type { BenchContext } from './context.js';
import { makeFigure, type Figure } from './stats.js';
import type { Page } from 'puppeteer-core';
import { launchFirefox } from '../lib/firefox.js';
import { OPENSC_PKCS11_MODULE } from '../../testing/lib/paths.js';

const CALLS = 200;
const WARM_UP = 10;

interface RelaySamples {
  status: number[];
  fetch: number[];
}

/** The page API as the bench uses it (window.ZorgIdCompanion, from dist/page/zorgid-page.js). */
interface PageApi {
  available(): Promise<boolean>;
  status(): Promise<unknown>;
}

export async function relayFigures(context: BenchContext, browsers: BenchBrowsers): Promise<Figure[]> {
  const worker = await browsers.serviceWorker();
  const page = await browsers.withExtension.newPage();
  try {
    await page.goto(`${context.origin}/kaartstatus`, { waitUntil: 'load' });
    await definePageNameShim(page);
    await page.waitForFunction(
      async () =>
        (await (window as unknown as { ZorgIdCompanion?: PageApi }).ZorgIdCompanion?.available()) === true,
      { timeout: 30_000 },
    );
    // The first call starts the host and opens the native port: not part of the round trip.
    await page.evaluate(() => (window as unknown as { ZorgIdCompanion: PageApi }).ZorgIdCompanion.status());
    // Warm the worker's code paths first, so the heap baseline holds compiled code and caches:
    // what remains as growth after the timed calls is what the calls themselves leave behind.
    // Measured here: 0.89 MiB after 50 calls, 1.38 after 250, then 1.42 after 3 050: the first
    // few hundred calls fill V8's caches, after that the heap stays flat.
    await page.evaluate(async (count) => {
      const api = (window as unknown as { ZorgIdCompanion: PageApi }).ZorgIdCompanion;
      for (let index = 0; index < count; index += 1) await api.status();
    }, 250);
    const workerHeapBefore = await heapMiB(worker);
    const samples = await sampleRelay(page);
    const workerHeapAfter = await heapMiB(worker);
    const { status, fetch: fetched }: RelaySamples = samples;
    return [
      makeFigure({
        id: 'relay-status-round-trip',
        title: 'Relay round trip: status()',
        unit: 'ms',
        values: status,
        baseline: { what: 'same-origin fetch of a CSS file', values: fetched },
        withP95: true,
        notes:
          `${CALLS} sequential ZorgIdCompanion.status() calls on /kaartstatus in headless Chromium, timed in the page ` +
          '(performance.now); each crosses postMessage → content script → runtime message → service worker → native ' +
          'port → host → back. Interleaved with fetch(/static/kaartstatus.css, no-store) to the sandbox server.',
      }),
      makeFigure({
        id: 'service-worker-heap',
        title: `Service worker JS heap after ${CALLS + WARM_UP} calls`,
        unit: 'MiB',
        values: [workerHeapAfter],
        baseline: { what: 'same worker after 250 warm-up calls', values: [workerHeapBefore] },
        aim: { maxRatio: 1.1 },
        notes: 'CDP Runtime.getHeapUsage (usedSize) on the extension service worker after a forced GC.',
      }),
    ];
  } finally {
    await page.close();
    await worker.detach().catch(() => undefined);
  }
}

/** CALLS status() calls interleaved with a same-origin fetch, timed in the page. */
function sampleRelay(page: Page): Promise<RelaySamples> {
  return page.evaluate(
    async (calls, warmUp) => {
      const api = (window as unknown as { ZorgIdCompanion: PageApi }).ZorgIdCompanion;
      const result = { status: [] as number[], fetch: [] as number[] };
      const fetchCss = async () => {
        const response = await fetch('/static/kaartstatus.css', { cache: 'no-store' });
        await response.text();
      };
      for (let i = 0; i < warmUp; i++) {
        await api.status();
        await fetchCss();
      }
      // Interleaved, so a slow moment of the machine hits both.
      for (let i = 0; i < calls; i++) {
        let started = performance.now();
        await api.status();
        result.status.push(performance.now() - started);
        started = performance.now();
        await fetchCss();
        result.fetch.push(performance.now() - started);
      }
      return result;
    },
    CALLS,
    WARM_UP,
  );
}

/**
 * The same round trip in Firefox ESR (WebDriver BiDi; the extension as a temporary add-on, the host
 * registered with install-host --pkcs11-module). Firefox runs the background as an event page, not
 * a service worker; no heap figure (BiDi has no heap API).
 */
export async function firefoxRelayFigures(context: BenchContext): Promise<Figure[]> {
  const firefox = await launchFirefox({
    pkcs11Module: context.env.ZORGID_PKCS11_MODULE ?? OPENSC_PKCS11_MODULE,
  });
  try {
    const page = await firefox.browser.newPage();
    await page.goto(`${context.origin}/kaartstatus`, { waitUntil: 'load' });
    await definePageNameShim(page);
    await page.waitForFunction(
      async () =>
        (await (window as unknown as { ZorgIdCompanion?: PageApi }).ZorgIdCompanion?.available()) === true,
      { timeout: 30_000, polling: 100 },
    );
    await page.evaluate(() => (window as unknown as { ZorgIdCompanion: PageApi }).ZorgIdCompanion.status());
    const { status, fetch: fetched } = await sampleRelay(page);
    return [
      makeFigure({
        id: 'relay-status-round-trip-firefox',
        title: 'Relay round trip: status() in Firefox ESR',
        unit: 'ms',
        values: status,
        baseline: { what: 'same-origin fetch of a CSS file', values: fetched },
        withP95: true,
        notes:
          `${CALLS} sequential ZorgIdCompanion.status() calls on /kaartstatus in headless Firefox ESR (WebDriver BiDi), ` +
          'timed in the page; postMessage → content script → runtime message → background event page → native port → ' +
          'host → back. Interleaved with the same fetch baseline as the Chromium figure.',
      }),
    ];
  } finally {
    await firefox.close();
  }
}
