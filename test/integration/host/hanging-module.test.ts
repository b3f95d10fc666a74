// "A hung middleware must not freeze the host", against a real PKCS#11 module that blocks forever
// (test/fixtures/pkcs11-hang) in C_Initialize, C_GetSlotList or C_Sign: the built host answers
// TIMEOUT, keeps answering, starts a fresh worker for the next call and leaves no worker behind.
// The host checks PC/SC before it touches the module, so this runs with the sandbox's pcscd and
// card (scripts/with-sandbox.ts); the module itself ignores the card.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WORKER_LOG } from '../../../native-host/src/token/pkcs11/worker-client.js';
import type { HostStatus } from '../../../shared/protocol/host.js';
import { REPO_ROOT, type Frame, type HostProcess } from '../../helpers/host-process.js';
import {
  ensureHangingModule,
  HANG_ENV,
  HANG_POINTS,
  HANGING_MODULE_SOURCE,
  writeRoleCertificates,
  type HangPoint,
} from '../../helpers/hanging-module.js';
import { errorOf, newChallenge, resultOf, startHost } from '../../helpers/host-session.js';

const ORIGIN = 'http://127.0.0.1:4410';
const PIN = '123456';
const TEST_TOKEN_DEADLINE_MS = 1_500;
/** How long a SIGKILLed worker may take to be reaped and vanish; not a claim about the host's speed. */
const VANISH_WITHIN_MS = 5_000;
const POLL_MS = 50;
/** Until the module says it blocks: worker start, module load and the calls before the hang point. */
const HANG_REACHED_WITHIN_MS = 30_000;
/** /proc/<pid>/stat state of a dead process not yet reaped. */
const ZOMBIE = 'Z';
/** What the module writes to stderr (inherited by worker and host) when it starts blocking. */
const HANG_LINE = /hang-pkcs11: hanging in ([a-z-]+) \(pid (\d+)\)/g;
/** The PKCS#11 v2.40 function list, whose order pkcs11js's bundled header also fixes. */
const PKCS11JS_FUNCTION_HEADER = path.join(
  REPO_ROOT,
  'node_modules',
  'pkcs11js',
  'includes',
  'pkcs11',
  'pkcs11f.h',
);

let modulePath = '';
let certificates = '';
let certificateDir = '';
let host: HostProcess | undefined;

beforeAll(async () => {
  modulePath = await ensureHangingModule();
  certificateDir = mkdtempSync(path.join(tmpdir(), 'zorgid-hang-'));
  certificates = await writeRoleCertificates(certificateDir);
});

afterEach(async () => {
  await host?.close();
  host = undefined;
});

afterAll(() => {
  if (certificateDir) rmSync(certificateDir, { recursive: true, force: true });
});

function startHangingHost(point: HangPoint): Promise<HostProcess> {
  return startHost({
    env: {
      ZORGID_PKCS11_MODULE: modulePath,
      ZORGID_TOKEN_DEADLINE_MS: String(TEST_TOKEN_DEADLINE_MS),
      ZORGID_LOG_LEVEL: 'debug',
      [HANG_ENV.point]: point,
      [HANG_ENV.certificates]: certificates,
    },
  });
}

/** readCard reaches C_Initialize and C_GetSlotList; only authenticate gets as far as C_Sign. */
function cardRequest(live: HostProcess, point: HangPoint): Promise<Frame> {
  return point === 'sign'
    ? live.request('authenticate', { origin: ORIGIN, challenge: newChallenge(), pin: PIN })
    : live.request('readCard');
}

/** PIDs of the processes the module hung in, in order, from the host's stderr. */
function hungPids(live: HostProcess, point: HangPoint): number[] {
  return [...live.stderr.matchAll(HANG_LINE)].filter((m) => m[1] === point).map((m) => Number(m[2]));
}

/** Worker PIDs from the host's debug log, for one of WORKER_LOG's messages. */
function loggedWorkerPids(live: HostProcess, message: string): number[] {
  return live.stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { message?: string; workerPid?: number })
    .filter((entry) => entry.message === message && typeof entry.workerPid === 'number')
    .map((entry) => entry.workerPid as number);
}

/** State and parent pid from /proc/<pid>/stat; undefined once the process is gone (reaped). */
function procStat(pid: number | string): { state: string; ppid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields follow the command name in parentheses, which may itself hold spaces.
    const [state = '', ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state, ppid: Number(ppid) };
  } catch {
    return undefined;
  }
}

/** Neither gone nor a zombie: a killed child its parent has not reaped yet runs nothing. */
function running(pid: number): boolean {
  const stat = procStat(pid);
  return stat !== undefined && stat.state !== ZOMBIE;
}

/** Running processes whose parent is pid. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      const stat = procStat(name);
      return stat?.ppid === pid && stat.state !== ZOMBIE;
    })
    .map(Number);
}

async function eventually(check: () => boolean, withinMs = VANISH_WITHIN_MS): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    if (check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Expects the pids to vanish; SIGKILLs any left, so a failing run leaves no hung process behind. */
async function expectGone(pids: readonly number[]): Promise<void> {
  const gone = await eventually(() => pids.every((pid) => !running(pid)));
  for (const pid of pids.filter(running)) process.kill(pid, 'SIGKILL');
  expect(gone).toBe(true);
}

async function waitForHang(live: HostProcess, point: HangPoint, count: number): Promise<number> {
  expect(await eventually(() => hungPids(live, point).length >= count, HANG_REACHED_WITHIN_MS)).toBe(true);
  return hungPids(live, point)[count - 1]!;
}

describe('the hanging module fixture', () => {
  it('declares the PKCS#11 v2.40 function list in the standard order', () => {
    const standard = [
      ...readFileSync(PKCS11JS_FUNCTION_HEADER, 'utf8').matchAll(/CK_PKCS11_FUNCTION_INFO\((C_\w+)\)/g),
    ].map((m) => m[1]);
    const source = readFileSync(HANGING_MODULE_SOURCE, 'utf8');
    const struct = source.slice(source.indexOf('CK_VERSION version;'), source.indexOf('} CK_FUNCTION_LIST;'));
    const fields = [...struct.matchAll(/CK_ANY_FUNCTION (C_\w+);/g)].map((m) => m[1]);
    expect(standard).toHaveLength(68);
    expect(fields).toEqual(standard);
  });
});

describe.each(HANG_POINTS)('a PKCS#11 module that hangs in %s', (point) => {
  it('answers TIMEOUT, keeps answering, uses a fresh worker next time and leaves none behind', async () => {
    host = await startHangingHost(point);
    const live = host;
    const hostPid = live.child.pid!;

    for (const attempt of [1, 2]) {
      const answer = await cardRequest(live, point);
      expect(errorOf(answer).code).toBe('TIMEOUT');
      // The module really was stuck there: the TIMEOUT is the deadline's, not some earlier failure.
      const hung = await waitForHang(live, point, attempt);
      expect(live.child.exitCode).toBeNull();
      expect(resultOf<HostStatus>(await live.request('status')).pkcs11).toEqual({
        module: modulePath,
        source: 'env',
      });
      await expectGone([hung]);
      expect(await eventually(() => childrenOf(hostPid).length === 0)).toBe(true);
    }

    const [first, second] = hungPids(live, point);
    expect(second).not.toBe(first);
    const started = loggedWorkerPids(live, WORKER_LOG.started);
    expect(started).toEqual([first, second]);
    expect(loggedWorkerPids(live, WORKER_LOG.killed)).toEqual([first, second]);

    expect(await live.close()).toBe(0);
    host = undefined;
    await expectGone(started);
    expect(live.stderr).not.toContain(PIN);
  });
});

describe('the host goes away while the module hangs', () => {
  it('on end of input: answers at the deadline, exits, and no worker lives on', async () => {
    host = await startHangingHost('sign');
    const live = host;
    const pending = cardRequest(live, 'sign').catch(() => undefined);
    const hung = await waitForHang(live, 'sign', 1);
    expect(running(hung)).toBe(true);

    expect(await live.close()).toBe(0);
    host = undefined;
    await pending;
    await expectGone([hung]);
  });

  it('on SIGTERM (the browser ending the host): the hung worker does not outlive it', async () => {
    host = await startHangingHost('sign');
    const live = host;
    const pending = cardRequest(live, 'sign').catch(() => undefined);
    const hung = await waitForHang(live, 'sign', 1);
    expect(running(hung)).toBe(true);

    live.child.kill('SIGTERM');
    await live.exited;
    host = undefined;
    await pending;
    await expectGone([hung]);
  });
});
