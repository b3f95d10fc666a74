// Detection cost per mutation batch, and how it grows with page size. The guide re-runs
// detectStep() once per (debounced) mutation batch, so one batch costs one detectStep() over the
// whole page. We time exactly that function — the extension's own source, bundled with esbuild and
// injected into the sandbox portal page (allowed origin, real portal markup) — after appending N
// elements, in Chromium without the extension (so the guide does not react to our appends).
// Timing the live guide instead would measure the 150 ms debounce, not the work.
import { build } from 'esbuild';
import type { Page } from 'puppeteer-core';
import { REPO_ROOT } from '../../testing/lib/paths.js';
import { definePageNameShim, type BenchBrowsers } from './browsers.js';
import type { BenchContext } from './context.js';
import { makeFigure, median, type Figure } from './stats.js';

export const PAGE_SIZES = [1_000, 5_000, 20_000] as const;
const RUNS = 15;
const WARM_UP = 3;
/** Each sample repeats detectStep until it has covered this many elements (walk: 10× as many). */
const MIN_ELEMENTS_PER_SAMPLE = 5_000;

const ENTRY = `
import { detectStep } from './extension/portal/detect-step.js';
import { DEFAULT_STEP_MAP } from './shared/steps/index.js';
window.__zorgidBenchDetect = () => detectStep(document, location, DEFAULT_STEP_MAP).elementCount;
`;

async function detectBundle(): Promise<string> {
  const result = await build({
    stdin: { contents: ENTRY, resolveDir: REPO_ROOT, sourcefile: 'bench-detect.ts', loader: 'ts' },
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2022',
    define: { __ZORGID_SANDBOX_DEFAULT__: 'true', __ZORGID_VERSION__: '"bench"' },
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

interface SizeSamples {
  elements: number;
  detect: number[];
  walk: number[];
}

declare global {
  interface Window {
    __zorgidBenchDetect?: () => number;
  }
}

/** Appends rows of ordinary portal-like markup until the body holds about `extra` more elements. */
async function measureSize(page: Page, extra: number): Promise<SizeSamples> {
  return page.evaluate(
    (count: number, runs: number, warmUp: number, minElementsPerSample: number) => {
      document.getElementById('bench-filler')?.remove();
      const filler = document.createElement('div');
      filler.id = 'bench-filler';
      const row = (i: number) =>
        `<div class="rij"><span>Regel ${i}</span><a href="#r${i}">Details ${i}</a>` +
        `<button type="button">Wijzig ${i}</button><p>Toelichting bij regel ${i}</p>` +
        `<input aria-label="Veld ${i}"></div>`;
      const perRow = 6;
      const rows: string[] = [];
      for (let i = 0; i < Math.ceil(count / perRow); i++) rows.push(row(i));
      filler.innerHTML = rows.join('');
      document.body.appendChild(filler);
      const detect = window.__zorgidBenchDetect!;
      // The least any detection must do: visit every element once and look at its role.
      const walk = () => {
        let roles = 0;
        const all = document.body.getElementsByTagName('*');
        for (let i = 0; i < all.length; i++) if (all[i]!.getAttribute('role')) roles++;
        return roles;
      };
      // performance.now() is coarsened to 0.1 ms in a page: repeat short actions, report per run.
      const time = (action: () => unknown, repeat: number) => {
        const started = performance.now();
        for (let r = 0; r < repeat; r++) action();
        return (performance.now() - started) / repeat;
      };
      const detectRepeat = Math.ceil(minElementsPerSample / count);
      const walkRepeat = Math.ceil((minElementsPerSample * 10) / count);
      for (let i = 0; i < warmUp; i++) {
        detect();
        walk();
      }
      const result = {
        elements: document.body.getElementsByTagName('*').length,
        detect: [] as number[],
        walk: [] as number[],
      };
      for (let i = 0; i < runs; i++) {
        result.detect.push(time(detect, detectRepeat));
        result.walk.push(time(walk, walkRepeat));
      }
      return result;
    },
    extra,
    RUNS,
    WARM_UP,
    MIN_ELEMENTS_PER_SAMPLE,
  );
}

export async function detectionFigures(context: BenchContext, browsers: BenchBrowsers): Promise<Figure[]> {
  const bundle = await detectBundle();
  const page = await browsers.plain.newPage();
  const samples: SizeSamples[] = [];
  try {
    // The portal's CSP (rightly) forbids inline and eval'd code; the bench injects through CDP.
    await page.setBypassCSP(true);
    await page.goto(`${context.origin}/portal`, { waitUntil: 'load' });
    await definePageNameShim(page);
    await page.evaluate(bundle);
    for (const size of PAGE_SIZES) samples.push(await measureSize(page, size));
  } finally {
    await page.close();
  }
  const perThousand = samples.map((s) => (median(s.detect) / s.elements) * 1000);
  const growth = samples
    .map((s, i) => `${s.elements} el. → ${perThousand[i]!.toFixed(2)} ms/1000`)
    .join(', ');
  return samples.map((s, i) =>
    makeFigure({
      id: `detection-${PAGE_SIZES[i]}`,
      title: `Detection per mutation batch, ${PAGE_SIZES[i]} el.`,
      unit: 'ms',
      values: s.detect,
      baseline: { what: 'querySelectorAll(*) + getAttribute(role)', values: s.walk },
      withP95: true,
      notes:
        `detectStep() over the /portal page with ${s.elements} elements in <body> (portal markup + generated rows of ` +
        `div/span/a/button/p/input), ${RUNS} samples after ${WARM_UP} warm-up; a sample repeats the call until it ` +
        `covered ${MIN_ELEMENTS_PER_SAMPLE} elements (page timers are coarse). Growth (${growth}): ` +
        'constant cost per element means linear growth.',
    }),
  );
}
