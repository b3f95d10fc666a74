// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { detectStep, type StepDetection } from '../../../extension/portal/detect-step.js';
import { watchPage } from '../../../extension/portal/observer.js';
import { DEFAULT_STEP_MAP } from '../../../shared/steps/step-map.js';

const URL_ORGANISATION = 'http://127.0.0.1:4410/portal/organisatie';

function bigPage(elements: number): string {
  // Nested filler (divs, spans, links, buttons), then the real controls at the end.
  const filler: string[] = [];
  for (let i = 0; i < elements; i += 4) {
    filler.push(`<div><span>Regel ${i}</span><a href="/x${i}">Link ${i}</a><button>Knop ${i}</button></div>`);
  }
  return `<main>${filler.join('')}<dl><dt>Organisatienaam</dt><dd>De Linde</dd><dt>URA-nummer</dt><dd>90000382</dd></dl></main>`;
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('page watcher', () => {
  it('debounces a burst of mutations into one detection and ignores the guide host', async () => {
    document.body.innerHTML = '<main></main>';
    const guideHost = document.createElement('zorgid-companion-guide');
    document.documentElement.appendChild(guideHost);
    let runs = 0;
    const watcher = watchPage({ document, host: () => guideHost, onChange: () => runs++, debounceMs: 20 });
    for (let i = 0; i < 50; i++) document.querySelector('main')!.appendChild(document.createElement('p'));
    // Polled, not a fixed sleep: on a loaded machine the 20 ms timer fires late (it failed once so).
    await vi.waitFor(() => expect(runs).toBe(1), { timeout: 5_000, interval: 10 });
    await wait(60);
    expect(runs, 'one burst, one detection').toBe(1);
    guideHost.setAttribute('data-state', 'active');
    guideHost.appendChild(document.createElement('div'));
    await wait(60);
    expect(runs).toBe(1);
    expect(watcher.stats.ignoredRecords).toBeGreaterThan(0);
    watcher.stop();
    guideHost.remove();
  });

  it('fires within the maximum wait even when the page never stops changing', async () => {
    document.body.innerHTML = '<main></main>';
    let runs = 0;
    const watcher = watchPage({
      document,
      host: () => null,
      onChange: () => runs++,
      debounceMs: 30,
      maxWaitMs: 60,
    });
    const main = document.querySelector('main')!;
    for (let i = 0; i < 12; i++) {
      main.appendChild(document.createElement('p'));
      await wait(10);
    }
    expect(runs).toBeGreaterThanOrEqual(1);
    watcher.stop();
  });

  for (const size of [1_000, 5_000, 20_000]) {
    it(`re-detects correctly on a ${size}-element page (cost reported, not asserted)`, async () => {
      (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(URL_ORGANISATION);
      document.head.innerHTML = '<meta name="zorgid-sandbox" content="acceptatie">';
      document.body.innerHTML = bigPage(size);
      const costs: number[] = [];
      let last: StepDetection | undefined;
      const watcher = watchPage({
        document,
        host: () => null,
        debounceMs: 0,
        onChange: () => {
          const t0 = performance.now();
          last = detectStep(document, { href: URL_ORGANISATION }, DEFAULT_STEP_MAP);
          costs.push(performance.now() - t0);
        },
      });
      const button = document.createElement('button');
      button.textContent = 'volgende';
      document.querySelector('main')!.appendChild(button);
      await vi.waitFor(() => expect(last?.target).toBe(button), { timeout: 5_000, interval: 10 });
      watcher.stop();
      expect(last?.stepId).toBe('validate-organisation');
      expect(last?.pageId).toBe('organisation-check');
      expect(last?.target).toBe(button);
      expect(last?.elementCount).toBeGreaterThanOrEqual(size);
      console.error(
        `[guide perf] ${last?.elementCount} elements: detection per mutation batch ${costs.map((c) => c.toFixed(1)).join(', ')} ms`,
      );
    });
  }
});
