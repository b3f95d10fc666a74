// `npm run bench`: measures what users feel, each figure beside a baseline measured in the same run,
// and writes bench/results.json, a printed table and the results section of docs/performance.md.
// Never fails on a figure: it reports each aim as met or not met. Holds the machine-wide sandbox
// lock while it runs (pcscd and the virtual readers exist once per machine).
import { spawn, spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { SANDBOX_ORIGINS } from '../shared/origins.js';
import { DEFAULT_CHROMIUM } from '../testing/lib/browser.js';
import { OPENSC_PKCS11_MODULE, REPO_ROOT } from '../testing/lib/paths.js';
import { acquireLock, releaseLock } from '../testing/lib/sandbox-lock.js';
import { startSandboxServices, type SandboxServices } from '../testing/lib/sandbox-services.js';
import { apduFigures } from './bench/apdus.js';
import { authenticateFigures } from './bench/authenticate.js';
import { launchBenchBrowsers, type BenchBrowsers } from './bench/browsers.js';
import { contentBundleFigures } from './bench/content-bundle.js';
import type { BenchContext } from './bench/context.js';
import { detectionFigures } from './bench/detection.js';
import { staleBuildReason } from './bench/freshness.js';
import { hostMemoryFigures } from './bench/host-memory.js';
import { hostStartFigures } from './bench/host-start.js';
import { readCardFigures } from './bench/read-card.js';
import { firefoxRelayFigures, relayFigures } from './bench/relay.js';
import { portalRenderFigures } from './bench/portal-render.js';
import { verifierFigures } from './bench/verifier.js';
import { RESULTS_FILE, updatePerformanceDoc, writeResults } from './bench/report.js';
import { formatTable, type Figure } from './bench/stats.js';

const log = (message: string) => console.error(`[bench] ${message}`);

function build(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (code) => resolve(code ?? 1));
    child.on('error', () => resolve(127));
  });
}

function chromiumVersion(): string {
  const result = spawnSync(process.env.ZORGID_CHROMIUM ?? DEFAULT_CHROMIUM, ['--version'], {
    encoding: 'utf8',
  });
  return result.stdout?.trim() || 'unknown';
}

interface Step {
  name: string;
  run: () => Promise<Figure[]> | Figure[];
}

async function runSteps(steps: Step[], figures: Figure[], skipped: string[]): Promise<void> {
  for (const step of steps) {
    const started = performance.now();
    log(`${step.name}…`);
    try {
      figures.push(...(await step.run()));
      log(`${step.name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      log(`${step.name} could not be measured: ${reason}`);
      skipped.push(`${step.name}: ${reason}`);
    }
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  const forceBuild = process.argv.includes('--build');
  await acquireLock();
  let services: SandboxServices | undefined;
  let browsers: BenchBrowsers | undefined;
  const figures: Figure[] = [];
  const skipped: string[] = [];
  try {
    // Inside the lock: the build empties dist/extension, which another user's browser may be running.
    const stale = forceBuild ? 'asked with --build' : staleBuildReason();
    if (stale) {
      log(`building (${stale})`);
      if ((await build()) !== 0) throw new Error('npm run build failed');
    } else log('dist/ is newer than the sources: no build needed');

    services = await startSandboxServices({ card: true, cardProfile: 'zorgverlener' });
    Object.assign(process.env, services.env);
    const context: BenchContext = {
      env: { ...process.env },
      cardSocket: services.env.ZORGID_CARD_SOCKET!,
      pkcs11Module: services.env.ZORGID_PKCS11_MODULE ?? OPENSC_PKCS11_MODULE,
      origin: SANDBOX_ORIGINS.acceptatie,
      log,
    };

    await runSteps(
      [
        { name: 'host start', run: () => hostStartFigures(context) },
        { name: 'readCard', run: () => readCardFigures(context) },
        { name: 'authenticate', run: () => authenticateFigures(context) },
        { name: 'APDUs per operation', run: () => apduFigures(context) },
        { name: 'host memory', run: () => hostMemoryFigures(context) },
        { name: 'content script size', run: () => contentBundleFigures() },
        { name: 'verifier', run: () => verifierFigures() },
      ],
      figures,
      skipped,
    );
    try {
      browsers = await launchBenchBrowsers();
      const open = browsers;
      await runSteps(
        [
          { name: 'relay round trip', run: () => relayFigures(context, open) },
          { name: 'relay round trip (Firefox ESR)', run: () => firefoxRelayFigures(context) },
          { name: 'portal render', run: () => portalRenderFigures(context, open) },
          { name: 'detection cost', run: () => detectionFigures(context, open) },
        ],
        figures,
        skipped,
      );
    } catch (error) {
      skipped.push(`browser figures: Chromium did not start (${String(error)})`);
    }
  } finally {
    await browsers?.close();
    await services?.stop();
    releaseLock();
  }

  const results = {
    generatedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version, chromium: chromiumVersion() },
    durationSeconds: Math.round((Date.now() - started) / 1000),
    figures,
  };
  writeResults(results);
  const documented = updatePerformanceDoc(results, skipped);
  console.log(formatTable(figures));
  if (skipped.length > 0) console.log(`\nNot measured:\n${skipped.map((s) => `  - ${s}`).join('\n')}`);
  console.log(
    `\n${figures.length} figures in ${results.durationSeconds} s → ${RESULTS_FILE}` +
      (documented ? ' and docs/performance.md' : ''),
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
