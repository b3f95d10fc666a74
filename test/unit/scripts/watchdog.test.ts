// Issue 19: a service started by a process that then crashes (SIGKILL: no exit handler runs) must
// not keep running. Real processes: a Node parent starts `sleep` under stopWithParent(), is killed,
// and the watchdog stops `sleep`; a service that ends the ordinary way leaves no watchdog behind.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const WATCHDOG = fileURLToPath(new URL('../../../sandbox/services/watchdog.ts', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'zorgid-watchdog-'));
const started: number[] = [];

/** Alive and not a zombie waiting to be reaped. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function eventually(what: string, done: () => boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (done()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`still not: ${what}`);
}

/** A parent that starts `sleep` under a watchdog, then runs `then` ('wait' | 'stop-service'). */
function parent(then: 'wait' | 'stop-service') {
  const script = path.join(dir, `parent-${then}.ts`);
  writeFileSync(
    script,
    [
      "import { spawn } from 'node:child_process';",
      `import { stopWithParent } from ${JSON.stringify(WATCHDOG)};`,
      "const service = spawn('sleep', ['600'], { stdio: 'ignore' });",
      'const watchdog = stopWithParent(service.pid!);',
      'console.log(JSON.stringify({ service: service.pid, watchdog: watchdog.pid }));',
      then === 'stop-service'
        ? "service.once('exit', () => { watchdog.release(); }); service.kill('SIGTERM');"
        : '',
      'setInterval(() => undefined, 1000);',
    ].join('\n'),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  started.push(child.pid!);
  return new Promise<{ child: typeof child; service: number; watchdog: number }>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (!out.includes('\n')) return;
      const pids = JSON.parse(out) as { service: number; watchdog: number };
      started.push(pids.service, pids.watchdog);
      resolve({ child, ...pids });
    });
    child.once('exit', () => reject(new Error('parent ended before it started the service')));
  });
}

afterAll(() => {
  for (const pid of started) if (alive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('stopWithParent', () => {
  it('stops the service when its parent is killed with SIGKILL', async () => {
    const { child, service, watchdog } = await parent('wait');
    expect(alive(service)).toBe(true);
    expect(alive(watchdog)).toBe(true);
    child.kill('SIGKILL');
    await eventually('service stopped', () => !alive(service));
    await eventually('watchdog gone', () => !alive(watchdog));
  });

  it('goes away by itself when the service was stopped the ordinary way; the parent lives on', async () => {
    const { child, service, watchdog } = await parent('stop-service');
    await eventually('service stopped', () => !alive(service));
    await eventually('watchdog gone', () => !alive(watchdog));
    expect(alive(child.pid!)).toBe(true);
    child.kill('SIGKILL');
  });
});
