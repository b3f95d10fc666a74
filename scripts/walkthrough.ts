// The walkthrough: runs the reference scenario (testing/scenario.ts, the same steps as
// test/e2e/registration.test.ts) in headless Chromium with the extension, takes a screenshot per
// step (the administrator's tab, and the phone or second tab where one took part) and writes
// `<outDir>/index.html`: steps, what the guide showed, timings, screenshots.
//   npm start -- --walkthrough            (uses the sandbox `npm start` started)
//   npx tsx scripts/walkthrough.ts [dir]  (takes the sandbox lock, starts its own with a fresh portal)
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'puppeteer-core';
import { launchBrowser } from '../testing/browser.js';
import type { GuideSnapshot } from '../testing/guide.js';
import { startSandbox } from '../testing/sandbox.js';
import {
  REGISTRATION_SCENARIO,
  createScenario,
  disposeScenario,
  runScenario,
  type ScenarioContext,
  type ScenarioStep,
} from '../testing/scenario.js';
import { REPO_ROOT } from '../testing/lib/paths.js';
import { screenshotTab } from './lib/screenshot.js';

export interface WalkthroughStepResult {
  number: number;
  id: string;
  title: string;
  kind: ScenarioStep['kind'];
  ms: number;
  guide: GuideSnapshot;
  notes: string[];
  screenshots: string[];
}

export interface WalkthroughResult {
  ok: boolean;
  error?: string;
  totalMs: number;
  steps: WalkthroughStepResult[];
  report: string;
}

export interface WalkthroughOptions {
  /** The running portal's data directory (for starting the organisation over); default `.sandbox/portal`. */
  portalDataDir?: string;
  headless?: boolean;
}

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

async function shoot(page: Page, file: string): Promise<boolean> {
  if (page.isClosed()) return false;
  await screenshotTab(page, file);
  return true;
}

function reportHtml(result: Omit<WalkthroughResult, 'report'>, startedAt: Date): string {
  const rows = result.steps
    .map(
      (s) => `<section class="step ${s.kind}" id="${esc(s.id)}">
  <h2>${s.number}. ${esc(s.title)}${s.kind === 'unhappy' ? ' <span class="tag">mis en hersteld</span>' : ''}</h2>
  <dl>
    <dt>Gids / guide</dt><dd><code>data-step="${esc(s.guide.step ?? '')}"</code> <code>data-state="${esc(s.guide.state ?? '')}"</code> · ${esc(s.guide.title)}</dd>
    <dt>Aangekondigd / announced</dt><dd>${esc(s.guide.announced)}</dd>
    <dt>Meldingen / messages</dt><dd>${s.guide.messages.map((m) => `<div>${esc(m)}</div>`).join('') || '–'}</dd>
    <dt>Controles / checks</dt><dd>${s.guide.checks.map((c) => `<div class="check ${esc(c.status)}">${esc(c.id)}: ${esc(c.text)}</div>`).join('') || '–'}</dd>
    <dt>Gezien / seen</dt><dd>${s.notes.map((n) => `<div>${esc(n)}</div>`).join('') || '–'}</dd>
    <dt>Duur / time</dt><dd>${(s.ms / 1000).toFixed(1)} s</dd>
  </dl>
  <div class="shots">${s.screenshots.map((f) => `<a href="${esc(f)}"><img src="${esc(f)}" alt="Schermafdruk ${esc(s.title)}" loading="lazy"></a>`).join('')}</div>
</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>ZORG-ID Companion: walkthrough</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:1200px;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
h1{color:#01689b}.summary{padding:.5rem 1rem;border-left:6px solid ${result.ok ? '#39870c' : '#d52b1e'};background:#f3f3f3}
.step{border-top:1px solid #ccc;padding:1rem 0}.step.unhappy h2{color:#a34b00}.tag{font-size:.7em;background:#fff4dc;border:1px solid #e17000;border-radius:4px;padding:0 .4em}
dl{display:grid;grid-template-columns:12rem 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}
.check.warning{color:#a34b00}.check.ok{color:#2b6a09}.shots{display:flex;gap:1rem;flex-wrap:wrap}.shots img{max-width:560px;border:1px solid #999}
</style></head><body>
<h1>ZORG-ID Companion: walkthrough van de registratie</h1>
<p class="summary">${result.ok ? 'Geslaagd' : `Mislukt: ${esc(result.error ?? '')}`} · ${result.steps.length} van ${REGISTRATION_SCENARIO.length} stappen · ${(result.totalMs / 1000).toFixed(1)} s · ${esc(startedAt.toISOString())}</p>
<p>Het referentiescenario uit <code>testing/scenario.ts</code> (dezelfde stappen als <code>test/e2e/registration.test.ts</code>) in de sandbox, met de extensie in headless Chromium.</p>
${rows}
</body></html>
`;
}

/** Runs the scenario against the sandbox that is running now (portal on 4410, card daemon). */
export async function runWalkthrough(
  outDir: string,
  options: WalkthroughOptions = {},
): Promise<WalkthroughResult> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const startedAt = new Date();
  const steps: WalkthroughStepResult[] = [];
  const kit = await launchBrowser({ headless: options.headless ?? true });
  let ctx: ScenarioContext | undefined;
  let error: string | undefined;
  try {
    ctx = await createScenario(
      kit.browser,
      options.portalDataDir ? { portal: { dataDir: options.portalDataDir } } : {},
    );
    const scenario = ctx;
    let notesSeen = 0;
    let moments: string[] = [];
    scenario.moment = async (label, page) => {
      const file = `${String(steps.length + 1).padStart(2, '0')}-${label.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`;
      if (await shoot(page, path.join(outDir, file))) moments.push(file);
    };
    await runScenario(scenario, async (step, guide, ms) => {
      const number = steps.length + 1;
      const screenshots: string[] = moments;
      moments = [];
      const pages = step.screens?.(scenario) ?? [scenario.page];
      for (const [i, page] of pages.entries()) {
        const file = `${String(number).padStart(2, '0')}-${step.id}${i === 0 ? '' : `-${i + 1}`}.png`;
        if (await shoot(page, path.join(outDir, file))) screenshots.push(file);
      }
      await scenario.page.bringToFront();
      steps.push({
        number,
        id: step.id,
        title: step.title,
        kind: step.kind,
        ms,
        guide,
        notes: scenario.notes.slice(notesSeen),
        screenshots,
      });
      notesSeen = scenario.notes.length;
      console.error(
        `[walkthrough] ${number}. ${step.title}: ${guide.step} (${guide.state}), ${(ms / 1000).toFixed(1)} s`,
      );
    });
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
    if (ctx) await shoot(ctx.page, path.join(outDir, 'failure.png')).catch(() => false);
  } finally {
    await disposeScenario(ctx).catch(() => undefined);
    await kit.close().catch(() => undefined);
  }
  const partial = {
    ok: error === undefined,
    ...(error ? { error } : {}),
    totalMs: Date.now() - startedAt.getTime(),
    steps,
  };
  const report = path.join(outDir, 'index.html');
  writeFileSync(report, reportHtml(partial, startedAt));
  return { ...partial, report };
}

async function main(): Promise<number> {
  const outDir = path.resolve(process.argv[2] ?? path.join(REPO_ROOT, 'walkthrough'));
  const sandbox = await startSandbox({ portalDataDir: 'fresh' });
  try {
    const result = await runWalkthrough(outDir, { portalDataDir: sandbox.portalDataDir });
    console.error(`[walkthrough] ${result.ok ? 'geslaagd / passed' : `mislukt / failed: ${result.error}`}`);
    console.error(`[walkthrough] rapport / report: ${result.report}`);
    return result.ok ? 0 : 1;
  } finally {
    await sandbox.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
