// Child processes die with their parent: a tiny watchdog process per service holds the read end of
// a pipe whose write end only the parent has. When the parent ends in any way (also SIGKILL or a
// crash, where no exit handler runs), the kernel closes that end, the watchdog reads end-of-file and
// stops the service (SIGTERM, then SIGKILL). Linux's prctl(PR_SET_PDEATHSIG) would do it without a
// process, but Node cannot call it without a native addon; and pcscd cannot be told to watch stdin.
import { spawn } from 'node:child_process';

/** How long a service gets to end after SIGTERM before SIGKILL (pcscd removes its socket on TERM). */
const TERM_GRACE_MS = 3_000;
/** How often the watchdog looks whether its service ended by itself (then it has nothing to do). */
const POLL_MS = 500;

// Plain JavaScript for `node -e`: the same in the sources (tsx) and in the build.
const WATCHDOG_SOURCE = `
const target = Number(process.argv[1]);
const alive = () => { try { process.kill(target, 0); return true; } catch { return false; } };
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  try { process.kill(target, 'SIGTERM'); } catch { process.exit(0); }
  const deadline = Date.now() + ${TERM_GRACE_MS};
  setInterval(() => {
    if (!alive()) process.exit(0);
    if (Date.now() > deadline) { try { process.kill(target, 'SIGKILL'); } catch {} process.exit(0); }
  }, 50);
};
// Ctrl-C reaches the whole process group: the parent stops its services itself then.
process.on('SIGINT', () => {});
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
setInterval(() => { if (!stopping && !alive()) process.exit(0); }, ${POLL_MS});
`;

export interface Watchdog {
  readonly pid: number | undefined;
  /** The service was stopped the ordinary way: end the watchdog without touching the service. */
  release(): void;
}

/** Stops process `pid` as soon as this process ends, however it ends. */
export function stopWithParent(pid: number): Watchdog {
  const watchdog = spawn(process.execPath, ['-e', WATCHDOG_SOURCE, String(pid)], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  // Neither the watchdog nor its pipe may keep this process alive.
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  watchdog.stdin?.on('error', () => undefined);
  watchdog.on('error', () => undefined);
  return {
    pid: watchdog.pid,
    release: () => {
      if (watchdog.exitCode === null && watchdog.signalCode === null) watchdog.kill('SIGKILL');
    },
  };
}
