// One user of pcscd and the virtual readers at a time on a machine: a lock directory with the
// owner's PID (stale locks of dead processes are taken over).
//
// The holder also writes a random token and puts it in its own environment
// (ZORGID_SANDBOX_LOCK_TOKEN), so the processes it starts inherit it. A process that presents the
// holder's token runs under that lock already: acquireLock() lets it through without waiting (it
// would otherwise wait for its own ancestor) and releaseLock() leaves the lock to the holder.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SANDBOX_STATE_DIR } from './paths.js';

/** Machine-wide, not per checkout: two checkouts share one pcscd and one pair of virtual readers. */
export const LOCK_DIR = path.join(tmpdir(), 'zorgid-companion-sandbox.lock');
/** The holder's token, inherited by every process it starts. */
export const LOCK_TOKEN_ENV = 'ZORGID_SANDBOX_LOCK_TOKEN';
const LOCK_WAIT_MS = 20 * 60_000;
const COMMAND_CHARS = 120;

/** Whether this process took the lock itself (and so releases it). */
let ownLock = false;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readLockFile(name: string): string | undefined {
  try {
    return readFileSync(path.join(LOCK_DIR, name), 'utf8').trim();
  } catch {
    return undefined;
  }
}

export interface LockHolder {
  pid: number;
  /** The holder's command line, shortened ('' where /proc cannot tell). */
  command: string;
}

/** Who holds the lock now (a live process), or undefined when it is free or stale. */
export function lockHolder(): LockHolder | undefined {
  const pid = Number(readLockFile('pid'));
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return undefined;
  let command = '';
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    // Node's loader flags (tsx's --require/--import) say nothing to a person: keep the script.
    const shown = argv
      .map((arg, index) => (index === 0 ? path.basename(arg) : arg))
      .filter(
        (arg, index, all) =>
          !/^--(require|import|loader)$/.test(arg) &&
          !/^--(require|import|loader)$/.test(all[index - 1] ?? ''),
      );
    let folder = '';
    try {
      folder = `${readlinkSync(`/proc/${pid}/cwd`)}: `;
    } catch {
      // another user's process: the command alone
    }
    command = `${folder}${shown.join(' ')}`;
  } catch {
    // no procfs: the PID is all we can say
  }
  if (command.length > COMMAND_CHARS) command = `${command.slice(0, COMMAND_CHARS - 1)}…`;
  return { pid, command };
}

/** One sentence, Dutch then English, naming who holds the lock and what to do. */
export function lockBusyMessage(holder: LockHolder | undefined): string {
  const pid = holder?.pid ?? '?';
  const who = holder?.command ? ` (${holder.command})` : '';
  return (
    `De sandbox is in gebruik door proces ${pid}${who}; wacht tot dat klaar is of stop het (Ctrl-C in zijn terminal, of kill ${pid}). / ` +
    `The sandbox is in use by process ${pid}${who}; wait until it is done or stop it (Ctrl-C in its terminal, or kill ${pid}).`
  );
}

/** True when this process runs under the lock of an ancestor that gave it its token. */
export function lockHeldByParent(): boolean {
  const token = process.env[LOCK_TOKEN_ENV];
  return !!token && !ownLock && readLockFile('token') === token && lockHolder() !== undefined;
}

/** Takes the lock if it is free (or stale); false when another process holds it. Never waits. */
export function tryAcquireLock(): boolean {
  if (ownLock || lockHeldByParent()) return true;
  mkdirSync(SANDBOX_STATE_DIR, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      mkdirSync(LOCK_DIR);
    } catch {
      const owner = Number(readLockFile('pid'));
      // A lock without a pid file is being created right now: busy.
      if (Number.isFinite(owner) && owner > 0 && !alive(owner)) {
        rmSync(LOCK_DIR, { recursive: true, force: true });
        continue;
      }
      return false;
    }
    const token = randomBytes(16).toString('hex');
    writeFileSync(path.join(LOCK_DIR, 'token'), token);
    writeFileSync(path.join(LOCK_DIR, 'pid'), String(process.pid));
    process.env[LOCK_TOKEN_ENV] = token;
    ownLock = true;
    return true;
  }
  return false;
}

export async function acquireLock(): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (let announced = false; ;) {
    if (tryAcquireLock()) return;
    if (!announced) console.error(`[sandbox] ${lockBusyMessage(lockHolder())}`);
    announced = true;
    if (Date.now() > deadline) {
      const holder = lockHolder();
      throw new Error(
        `The sandbox is still in use by process ${holder?.pid ?? '?'} after 20 minutes: stop it (kill ${holder?.pid ?? '?'}) and try again.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Releases the lock if this process took it; a process under its parent's lock leaves it alone. */
export function releaseLock(): void {
  if (!ownLock) return;
  ownLock = false;
  if (process.env[LOCK_TOKEN_ENV] === readLockFile('token')) delete process.env[LOCK_TOKEN_ENV];
  rmSync(LOCK_DIR, { recursive: true, force: true });
}
