// Where a one-shot host's time goes (spawn → readCard), each phase measured on its own with the
// same parts the host uses, beside pkcs11-tool -O. Run under the sandbox:
//   npx tsx scripts/with-sandbox.ts -- npx tsx scripts/bench/one-shot-profile.ts
// Prints medians in ms; docs/performance.md has the latest run and what it means.
import { execFileSync, fork, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as Pkcs11Js from 'pkcs11js';
import { OPENSC_PKCS11_MODULE, REPO_ROOT } from '../../testing/lib/paths.js';
import { HOST_EXECUTABLE } from '../build/sea.js';
import { BenchHost } from './host-client.js';

const RUNS = Number(process.env.PROFILE_RUNS ?? 10);
const module = process.env.ZORGID_PKCS11_MODULE ?? OPENSC_PKCS11_MODULE;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function time(action: () => unknown): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

/** The worker as the host starts it: the executable again, with the flag and an IPC channel. */
function workerReadyMs(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = fork(HOST_EXECUTABLE, [], {
      execPath: HOST_EXECUTABLE,
      env: { ...process.env, ZORGID_COMPANION_TOKEN_WORKER: '1' },
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      serialization: 'advanced',
    });
    child.once('message', () => {
      resolve(performance.now() - started);
      child.disconnect();
    });
    child.once('error', reject);
  });
}

/** Bare process start of the executable (prints its version and exits). */
function executableStartMs(): Promise<number> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(HOST_EXECUTABLE, ['--version'], { stdio: 'ignore' });
    child.once('exit', () => resolve(performance.now() - started));
  });
}

/** The PKCS#11 calls of a card read, in this process: load, C_Initialize, slots with a token, read certificates. */
function pkcs11Phases(): Record<string, number> {
  const pkcs11js = createRequire(import.meta.url)('pkcs11js') as typeof Pkcs11Js;
  const lib = new pkcs11js.PKCS11();
  const t0 = performance.now();
  lib.load(module);
  const t1 = performance.now();
  lib.C_Initialize();
  const t2 = performance.now();
  const slots = lib.C_GetSlotList(true);
  for (const slot of slots) lib.C_GetTokenInfo(slot);
  const t3 = performance.now();
  const session = lib.C_OpenSession(slots[0]!, pkcs11js.CKF_SERIAL_SESSION);
  lib.C_FindObjectsInit(session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE }]);
  const handles = lib.C_FindObjects(session, 10);
  lib.C_FindObjectsFinal(session);
  for (const handle of handles) lib.C_GetAttributeValue(session, handle, [{ type: pkcs11js.CKA_VALUE }]);
  lib.C_CloseSession(session);
  const t4 = performance.now();
  lib.C_Finalize();
  return { load: t1 - t0, initialize: t2 - t1, detect: t3 - t2, certificates: t4 - t3 };
}

async function oneShot(withStatus: boolean): Promise<{ hello: number; status: number; total: number }> {
  const host = new BenchHost(process.env, { executable: HOST_EXECUTABLE });
  try {
    await host.hello();
    const hello = host.firstFrameAt! - host.spawnedAt;
    // status waits for PC/SC to settle (readers, card present), which readCard waits for too.
    const status = withStatus ? await time(() => host.request('status')) : 0;
    await host.request('readCard');
    return { hello, status, total: performance.now() - host.spawnedAt };
  } finally {
    await host.close();
  }
}

const figures: Record<string, number[]> = {};
const add = (name: string, value: number) => (figures[name] ??= []).push(value);
const pkcs11Tool = () => execFileSync('pkcs11-tool', ['--module', module, '-O'], { stdio: 'ignore' });

await oneShot(false); // warm-up (disk cache)
pkcs11Tool();
for (let i = 0; i < RUNS; i++) {
  const shot = await oneShot(false);
  add('one-shot: spawn → hello', shot.hello);
  add('one-shot: spawn → readCard result', shot.total);
  add('one-shot: hello → readCard result', shot.total - shot.hello);
  const split = await oneShot(true);
  add('split: hello → status (PC/SC settled)', split.status);
  add('split: status → readCard (worker, PKCS#11, parse)', split.total - split.hello - split.status);
  add('executable start → exit (--version)', await executableStartMs());
  add('worker start → ready (executable again, IPC)', await workerReadyMs());
  for (const [phase, ms] of Object.entries(pkcs11Phases())) add(`pkcs11 ${phase}`, ms);
  add('pkcs11-tool -O (spawned)', await time(pkcs11Tool));
}
console.log(
  `one-shot profile, ${RUNS} runs, medians (ms); executable ${path.relative(REPO_ROOT, HOST_EXECUTABLE)}`,
);
for (const [name, values] of Object.entries(figures))
  console.log(`${name.padEnd(48)} ${median(values).toFixed(1)}`);
