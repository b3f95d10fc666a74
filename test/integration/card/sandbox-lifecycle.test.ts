// Issue 19: the sandbox's lifecycle as a tester meets it. `sandbox up` takes the machine-wide lock
// and says who holds it; it refuses a foreign pcscd in one sentence; the kit's startSandbox()
// cleans up its portal run folder; and after a crash (SIGKILL) of the process that started the
// kit, no pcscd, card daemon or portal of it keeps running.
// Rig tier: it starts its own pcscd, under the lock of test/helpers/run-rig.ts (or npm test). The
// processes started here inherit that lock's token (ZORGID_SANDBOX_LOCK_TOKEN), so they run under
// it instead of waiting for it; the busy case is a process started WITHOUT the token.
//   npm run build && npx tsx test/helpers/run-rig.ts -- npx vitest run --project rig test/integration/card/sandbox-lifecycle.test.ts
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_TOKEN_ENV, lockHolder } from '../../../testing/lib/sandbox-lock.js';
import { CARD_SOCKET } from '../../../testing/lib/sandbox-services.js';
import { findRunningPcscd, startPcscd, type PcscdHandle } from '../../../sandbox/services/pcscd.js';
import { SANDBOX_ORIGINS } from '../../../shared/origins.js';
import { PORTAL_RUNS_DIR, startSandbox } from '../../../testing/sandbox.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = path.join(REPO_ROOT, 'bin', 'zorgid-companion.js');
const BUILT_MAIN = path.join(REPO_ROOT, 'dist', 'node', 'scripts', 'cli', 'main.js');
const PORTAL_PORTS = Object.values(SANDBOX_ORIGINS).map((origin) => Number(new URL(origin).port));
const STACK_LINE = /\n\s+at /;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Alive and not a zombie waiting to be reaped by whoever adopted it. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Polls until `done()` holds; a bound on tries, not a speed check. */
async function eventually(what: string, done: () => Promise<boolean> | boolean, tries = 300): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`still not: ${what}`);
}

let foreign: PcscdHandle | undefined;
const leftovers: number[] = [];

beforeAll(async () => {
  expect(existsSync(BUILT_MAIN), 'run `npm run build` first').toBe(true);
  expect((await findRunningPcscd()).running, 'run under test/helpers/run-rig.ts (no pcscd)').toBe(false);
  expect(process.env[LOCK_TOKEN_ENV], 'run under the sandbox lock (run-rig / npm test)').toBeTruthy();
  for (const port of PORTAL_PORTS) expect(await portOpen(port), `port ${port} already in use`).toBe(false);
});

afterAll(async () => {
  rmSync(path.join(REPO_ROOT, '.sandbox', 'test-kit-crash'), { recursive: true, force: true });
  await foreign?.stop();
  // Only when a test failed half-way: what it started, by PID.
  for (const pid of leftovers) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

describe('sandbox up', () => {
  it('says in one sentence what to do while another pcscd runs, and exits non-zero', async () => {
    foreign = await startPcscd({});
    const holder = lockHolder();
    try {
      const up = await cli(['sandbox', 'up']);
      expect(up.code).not.toBe(0);
      expect(up.stderr).not.toMatch(STACK_LINE);
      expect(up.stderr).not.toContain('PcscdAlreadyRunningError');
      const lines = up.stderr.trim().split('\n');
      expect(lines.at(-1)).toMatch(
        /^Er draait al een andere pcscd \(pid \d+\): stop die eerst .* \/ Another pcscd/,
      );
      expect(lines.at(-1)).toContain(`pid ${foreign.pid}`);
      // It left the foreign pcscd and the lock it ran under alone.
      expect(alive(foreign.pid)).toBe(true);
      expect(lockHolder()).toEqual(holder);
    } finally {
      await foreign.stop();
      foreign = undefined;
    }
  }, 60_000);

  it('a second process without the lock is told who holds it, and stops', async () => {
    const holder = lockHolder();
    expect(holder).toBeDefined();
    const env = { ...process.env };
    delete env[LOCK_TOKEN_ENV];
    const up = await cli(['sandbox', 'up'], env);
    expect(up.code).not.toBe(0);
    expect(up.stderr).toContain(`De sandbox is in gebruik door proces ${holder!.pid}`);
    expect(up.stderr).toContain(`The sandbox is in use by process ${holder!.pid}`);
    // Who: the holder's command line, so the tester knows which run to wait for.
    expect(up.stderr).toContain(holder!.command.split(' ')[0]);
    expect(up.stderr).not.toMatch(STACK_LINE);
    expect((await findRunningPcscd()).running).toBe(false);
    // The detached form says so too, before it starts anything in the background.
    const detached = await cli(['sandbox', 'up', '--detach'], env);
    expect(detached.code).not.toBe(0);
    expect(detached.stderr).toContain(`De sandbox is in gebruik door proces ${holder!.pid}`);
    expect((await findRunningPcscd()).running).toBe(false);
  }, 60_000);
});

describe("the kit's startSandbox()", () => {
  it('stop() ends pcscd, the card daemon and the portals and removes its portal run folder', async () => {
    const sandbox = await startSandbox();
    const pcscd = (await findRunningPcscd()).pid;
    expect(pcscd).toBeDefined();
    leftovers.push(pcscd!);
    expect(path.dirname(sandbox.portalDataDir)).toBe(PORTAL_RUNS_DIR);
    expect(existsSync(sandbox.portalDataDir)).toBe(true);
    expect(await portOpen(PORTAL_PORTS[0]!)).toBe(true);
    await sandbox.stop();
    expect(existsSync(sandbox.portalDataDir)).toBe(false);
    expect(alive(pcscd!)).toBe(false);
    for (const port of PORTAL_PORTS) expect(await portOpen(port), `port ${port}`).toBe(false);
    expect(existsSync(CARD_SOCKET) && (await portOpenUnix(CARD_SOCKET))).toBe(false);
  }, 90_000);

  it('after a crash (SIGKILL) of its process nothing it started keeps running; the next start removes its run folder', async () => {
    const dir = path.join(REPO_ROOT, '.sandbox', 'test-kit-crash');
    mkdirSync(dir, { recursive: true });
    const script = path.join(dir, 'kit-crash.ts');
    writeFileSync(
      script,
      [
        `import { startSandbox } from ${JSON.stringify(path.join(REPO_ROOT, 'testing', 'sandbox.ts'))};`,
        `import { findRunningPcscd } from ${JSON.stringify(path.join(REPO_ROOT, 'sandbox', 'services', 'pcscd.ts'))};`,
        'const sandbox = await startSandbox();',
        'const pcscd = (await findRunningPcscd()).pid;',
        'console.log(JSON.stringify({ pcscd, portalDataDir: sandbox.portalDataDir }));',
        'setInterval(() => undefined, 1000);',
      ].join('\n'),
    );
    // node itself (not the npx/tsx wrapper) is the process that crashes.
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    leftovers.push(child.pid!);
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    await eventually('the kit started', () => stdout.includes('\n') || child.exitCode !== null, 1_200);
    const started = JSON.parse(stdout) as { pcscd: number; portalDataDir: string };
    const children = descendants(child.pid!);
    leftovers.push(...children);
    expect(children).toContain(started.pcscd);
    const daemon = children.find((pid) =>
      /card\/daemon\.[jt]s/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8')),
    );
    expect(daemon, 'card daemon among the children').toBeDefined();
    expect(await portOpen(PORTAL_PORTS[0]!)).toBe(true);

    child.kill('SIGKILL');
    await eventually('pcscd gone', () => !alive(started.pcscd));
    await eventually('card daemon gone', () => !alive(daemon!));
    await eventually('pcscd socket closed', async () => !(await findRunningPcscd()).running);
    for (const port of PORTAL_PORTS)
      await eventually(`port ${port} closed`, async () => !(await portOpen(port)));
    await eventually('watchdogs gone', () => children.every((pid) => !alive(pid)));

    // SIGKILL leaves the run folder; the next fresh start takes it away.
    expect(existsSync(started.portalDataDir)).toBe(true);
    const next = await startSandbox();
    try {
      expect(existsSync(started.portalDataDir)).toBe(false);
    } finally {
      await next.stop();
    }
  }, 180_000);
});

function portOpenUnix(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.createConnection(socketPath);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Every process below `root`, from /proc (ppid is the 4th field of /proc/<pid>/stat). */
function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const [pid, ppid] of parentOf) {
      if (ppid === parent) {
        found.push(pid);
        queue.push(pid);
      }
    }
  }
  return found;
}
