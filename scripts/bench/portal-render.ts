// The content script's cost on a real page: the sandbox portal (/portal) loaded in a fresh tab,
// with the extension (content script + guide) and without (same Chromium, same flags). CDP
// Performance.getMetrics gives script and layout time for the tab; a MutationObserver installed
// before any page script notes when the guide's element appears.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser } from 'puppeteer-core';
import { heapMiB, type BenchBrowsers } from './browsers.js';
import type { BenchContext } from './context.js';
import { makeFigure, type Figure } from './stats.js';

const RUNS = 8;
/** After the guide appears: its debounced detection (150 ms) and first render have run. */
const SETTLE_MS = 600;
const GUIDE_SELECTOR = '[data-zorgid-guide]';

interface RenderSample {
  scriptMs: number;
  layoutMs: number;
  loadMs: number;
  guideMs: number | undefined;
  heapMiB: number;
}

declare global {
  interface Window {
    __benchGuideAt?: number;
  }
}

async function loadPortal(browser: Browser, url: string, expectGuide: boolean): Promise<RenderSample> {
  const page = await browser.newPage();
  try {
    await page.evaluateOnNewDocument((selector: string) => {
      const observer = new MutationObserver(() => {
        if (document.querySelector(selector)) {
          window.__benchGuideAt = performance.now();
          observer.disconnect();
        }
      });
      observer.observe(document, { childList: true, subtree: true });
    }, GUIDE_SELECTOR);
    const cdp = await page.createCDPSession();
    await cdp.send('Performance.enable');
    const metric = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
      return { script: get('ScriptDuration'), layout: get('LayoutDuration') };
    };
    const before = await metric();
    await page.goto(url, { waitUntil: 'load' });
    if (expectGuide) await page.waitForSelector(GUIDE_SELECTOR, { timeout: 30_000 });
    await sleep(SETTLE_MS);
    const after = await metric();
    const timing = await page.evaluate(() => {
      const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return { load: navigation.loadEventEnd, guide: window.__benchGuideAt };
    });
    return {
      scriptMs: (after.script - before.script) * 1000,
      layoutMs: (after.layout - before.layout) * 1000,
      loadMs: timing.load,
      guideMs: timing.guide,
      heapMiB: await heapMiB(cdp),
    };
  } finally {
    await page.close();
  }
}

export async function portalRenderFigures(context: BenchContext, browsers: BenchBrowsers): Promise<Figure[]> {
  const url = `${context.origin}/portal`;
  const withExt: RenderSample[] = [];
  const without: RenderSample[] = [];
  await loadPortal(browsers.withExtension, url, true); // warm-up: HTTP cache, code cache
  await loadPortal(browsers.plain, url, false);
  for (let i = 0; i < RUNS; i++) {
    withExt.push(await loadPortal(browsers.withExtension, url, true));
    without.push(await loadPortal(browsers.plain, url, false));
  }
  const pick = (samples: RenderSample[], key: keyof RenderSample) => samples.map((s) => s[key] ?? NaN);
  const baselineWhat = 'same page, no extension';
  return [
    makeFigure({
      id: 'portal-script-duration',
      title: '/portal script time, with extension',
      unit: 'ms',
      values: pick(withExt, 'scriptMs'),
      baseline: { what: baselineWhat, values: pick(without, 'scriptMs') },
      notes:
        `CDP Performance.getMetrics ScriptDuration of a fresh tab, from before navigation to ${SETTLE_MS} ms after ` +
        "the guide appeared (or after load without extension). Includes the content script, the guide's first " +
        "detection and Preact render, and the page's own scripts.",
    }),
    makeFigure({
      id: 'portal-layout-duration',
      title: '/portal layout time, with extension',
      unit: 'ms',
      values: pick(withExt, 'layoutMs'),
      baseline: { what: baselineWhat, values: pick(without, 'layoutMs') },
      notes: 'CDP LayoutDuration over the same window; the guide adds a shadow-DOM panel and highlight.',
    }),
    makeFigure({
      id: 'guide-first-render',
      title: 'Guide visible on /portal',
      unit: 'ms',
      values: pick(withExt, 'guideMs'),
      baseline: { what: 'load event, no extension', values: pick(without, 'loadMs') },
      notes:
        'performance.now() (since navigation start) when [data-zorgid-guide] enters the DOM, seen by a MutationObserver ' +
        'installed before page scripts. The content script runs at document_idle, asks the service worker whether ' +
        "this origin gets the guide, then renders; baseline is the page's own load event without the extension. " +
        `With extension the load event came at ${Math.round(pick(withExt, 'loadMs').sort((a, b) => a - b)[RUNS >> 1]!)} ms.`,
    }),
    makeFigure({
      id: 'content-script-heap',
      title: '/portal JS heap, with extension',
      unit: 'MiB',
      values: pick(withExt, 'heapMiB'),
      baseline: { what: baselineWhat, values: pick(without, 'heapMiB') },
      notes:
        'CDP Runtime.getHeapUsage (usedSize) of the tab after a forced GC. The content script runs in an isolated ' +
        'world of the same V8 isolate, so the difference is the content script + guide heap.',
    }),
  ];
}
