// One user of pcscd and the virtual readers at a time on a machine: a lock directory with the
// owner's PID (stale locks of dead processes are taken over).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SANDBOX_STATE_DIR } from './paths.js';

/** Machine-wide, not per checkout: two checkouts share one pcscd and one pair of virtual readers. */
export const LOCK_DIR = path.join(tmpdir(), 'zorgid-companion-sandbox.lock');
const LOCK_WAIT_MS = 20 * 60_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function acquireLock(): Promise<void> {
  mkdirSync(SANDBOX_STATE_DIR, { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (let announced = false; ;) {
    try {
      mkdirSync(LOCK_DIR);
      writeFileSync(path.join(LOCK_DIR, 'pid'), String(process.pid));
      return;
    } catch {
      let owner = NaN;
      try {
        owner = Number(readFileSync(path.join(LOCK_DIR, 'pid'), 'utf8'));
      } catch {
        // being created right now
      }
      if (Number.isFinite(owner) && !alive(owner)) {
        rmSync(LOCK_DIR, { recursive: true, force: true });
        continue;
      }
      if (!announced) {
        console.error(
          `[sandbox] De sandbox is in gebruik door proces ${owner}; stop dat (Ctrl-C in zijn terminal) of wacht. / ` +
            `The sandbox is in use by process ${owner}; stop it (Ctrl-C in its terminal) or wait…`,
        );
      }
      announced = true;
      if (Date.now() > deadline) {
        throw new Error(
          `The sandbox is still in use by process ${owner} after 20 minutes: stop it (kill ${owner}) and try again.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

export function releaseLock(): void {
  rmSync(LOCK_DIR, { recursive: true, force: true });
}
