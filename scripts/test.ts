// `npm test`: build, lint, typecheck, then the unit, integration and end-to-end tiers.
// Integration and end-to-end tests need pcscd and the virtual UZI-pas: this script starts
// them, and stops exactly those processes (by PID) at the end, whatever happened.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, SANDBOX_STATE_DIR } from '../testing/lib/paths.js';
import { acquireLock, releaseLock } from '../testing/lib/sandbox-lock.js';
import { countResults, failureDigest } from './lib/test-report.js';
import { startSandboxServices, type SandboxServices } from '../testing/lib/sandbox-services.js';

interface StepResult {
  name: string;
  ok: boolean;
  ms: number;
}

const REPORT_DIR = path.join(SANDBOX_STATE_DIR, 'test-reports');
const REPORTS = ['unit.json', 'rig.json', 'system.json'].map((report) => path.join(REPORT_DIR, report));

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', () => resolve(127));
  });
}

const npx = (tool: string, ...args: string[]) =>
  [path.join(REPO_ROOT, 'node_modules', '.bin', tool), args] as const;

function vitest(projects: string[], report: string, env: NodeJS.ProcessEnv = {}): Promise<number> {
  const [command, args] = npx(
    'vitest',
    'run',
    ...projects.flatMap((project) => ['--project', project]),
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${path.join(REPORT_DIR, report)}`,
  );
  return run(command, [...args], env);
}

async function main(): Promise<number> {
  rmSync(REPORT_DIR, { recursive: true, force: true });
  mkdirSync(REPORT_DIR, { recursive: true });
  const results: StepResult[] = [];
  const step = async (name: string, action: () => Promise<number>): Promise<boolean> => {
    const started = Date.now();
    console.error(`\n━━ ${name}`);
    const code = await action();
    results.push({ name, ok: code === 0, ms: Date.now() - started });
    return code === 0;
  };

  const built = await step('build', () => run('npm', ['run', 'build']));
  await step('lint', () => run('npm', ['run', 'lint']));
  await step('typecheck', () => run('npm', ['run', 'typecheck']));
  await step('unit tests', () => vitest(['unit'], 'unit.json'));

  if (built) {
    let services: SandboxServices | undefined;
    await step('integration and end-to-end tests (pcscd, virtual card, Chromium)', async () => {
      await acquireLock();
      // The rig tests start and stop pcscd themselves: before the shared services, never beside them.
      const rig = await vitest(['rig'], 'rig.json');
      try {
        services = await startSandboxServices({ card: true, cardProfile: 'zorgverlener' });
      } catch (error) {
        console.error(
          `Could not start the sandbox services: ${error instanceof Error ? error.message : String(error)}`,
        );
        return 1;
      }
      const system = await vitest(['integration', 'e2e', 'release'], 'system.json', services.env);
      return rig === 0 ? system : 1;
    });
    await services?.stop();
    releaseLock();
  } else {
    results.push({ name: 'integration and end-to-end tests (not run: build failed)', ok: false, ms: 0 });
  }

  const failures = failureDigest(REPORTS);
  if (failures.length > 0) console.error(['\n━━ failed tests', ...failures].join('\n'));
  console.error('\n━━ summary');
  for (const result of results) {
    console.error(`${result.ok ? 'ok  ' : 'FAIL'}  ${result.name} (${(result.ms / 1000).toFixed(1)} s)`);
  }
  const totals = countResults(REPORTS);
  const failedSteps = results.filter((result) => !result.ok).length;
  console.log(`${totals.passed} passed, ${totals.failed + (totals.failed === 0 ? failedSteps : 0)} failed`);
  return failedSteps === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
