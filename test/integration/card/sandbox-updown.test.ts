// `zorgid-companion sandbox up --detach` / `sandbox down` start and stop exactly their own processes.
// Rig tier: it starts its own pcscd, so it runs with the lock held and nothing else on pcscd:
//   npm run build && npx tsx test/helpers/run-rig.ts -- npx vitest run --project rig test/integration/card/sandbox-updown.test.ts
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRunningPcscd } from '../../../sandbox/services/pcscd.js';
import { SANDBOX_ORIGINS } from '../../../shared/origins.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = path.join(REPO_ROOT, 'bin', 'zorgid-companion.js');
const BUILT_MAIN = path.join(REPO_ROOT, 'dist', 'node', 'scripts', 'cli', 'main.js');
const PID_FILE = path.join(REPO_ROOT, '.sandbox', 'sandbox.pid');
const PORTAL_PORTS = Object.values(SANDBOX_ORIGINS).map((origin) => Number(new URL(origin).port));

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    // 'exit', not 'close': the detached sandbox may inherit nothing, but do not wait on stray pipes.
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

/** Every process below `root`, from /proc (ppid is the 4th field of /proc/<pid>/stat). */
function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parentOf.set(Number(entry), Number(fields[1]));
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

let sandboxPid: number | undefined;
let started: number[] = [];
let pcscdPid: number | undefined;

beforeAll(async () => {
  expect(existsSync(BUILT_MAIN), 'run `npm run build` first').toBe(true);
  expect((await findRunningPcscd()).running, 'run under test/helpers/run-rig.ts (no pcscd)').toBe(false);
  for (const port of PORTAL_PORTS) expect(await portOpen(port), `port ${port} already in use`).toBe(false);
});

afterAll(async () => {
  // Only when the test failed half-way: stop what this test started, by PID.
  if (sandboxPid !== undefined && alive(sandboxPid)) await cli('sandbox', 'down');
  for (const pid of [sandboxPid, ...started]) {
    if (pid !== undefined && alive(pid)) process.kill(pid, 'SIGKILL');
  }
});

describe('zorgid-companion sandbox up --detach / down', () => {
  it('up --detach returns with the sandbox running: portal on 4410, zorgverlener card in reader 0', async () => {
    const up = await cli('sandbox', 'up', '--detach');
    expect(up.code, up.stdout + up.stderr).toBe(0);
    sandboxPid = Number(readFileSync(PID_FILE, 'utf8'));
    expect(up.stdout).toContain(`pid ${sandboxPid}`);
    // The addresses, as `npm start` prints them.
    for (const page of ['portal', 'aanvraag', 'mailbox', 'telefoon']) {
      expect(up.stdout).toContain(`${SANDBOX_ORIGINS.acceptatie}/${page}`);
    }
    expect(alive(sandboxPid)).toBe(true);
    started = descendants(sandboxPid);
    pcscdPid = (await findRunningPcscd()).pid;
    expect(pcscdPid).toBeDefined();
    expect(started).toContain(pcscdPid);

    const portal = await fetch(`${SANDBOX_ORIGINS.acceptatie}/portal`);
    expect(portal.status).toBe(200);
    expect(await portal.text()).toContain('SANDBOX');
    const crl = await fetch(`${SANDBOX_ORIGINS.acceptatie}/pki/crl/zorgverlener.crl`);
    expect(crl.headers.get('content-type')).toBe('application/pkix-crl');

    const list = await cli('card', 'list', '--json');
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject([{ reader: 0, profile: 'zorgverlener' }]);
    // A second up refuses instead of starting a second set.
    const again = await cli('sandbox', 'up', '--detach');
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('De sandbox draait al');
  }, 90_000);

  it('down stops the sandbox and everything it started: no process left, ports closed', async () => {
    expect(sandboxPid).toBeDefined();
    const down = await cli('sandbox', 'down');
    expect(down.code, down.stdout + down.stderr).toBe(0);
    expect(down.stdout).toContain('Sandbox gestopt');
    expect(alive(sandboxPid!)).toBe(false);
    expect(started.filter(alive)).toEqual([]);
    expect(alive(pcscdPid!)).toBe(false);
    expect((await findRunningPcscd()).running).toBe(false);
    for (const port of PORTAL_PORTS) expect(await portOpen(port), `port ${port}`).toBe(false);
    expect(existsSync(PID_FILE)).toBe(false);
    const list = await cli('card', 'list', '--json');
    expect(list.code).not.toBe(0);
    expect(list.stderr).toContain('kaartdaemon draait niet');
  }, 60_000);
});
