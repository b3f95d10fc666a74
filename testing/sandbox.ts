// The sandbox for a tester's own script: takes the machine-wide lock (pcscd and the virtual readers
// exist once per machine), starts pcscd, the card daemon and both portal instances, and stops
// exactly those again. Under `scripts/with-sandbox.ts` or `npm test` the services already run:
// then do not call this, use the running ones.
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { SANDBOX_STATE_DIR } from './lib/paths.js';
import { acquireLock, releaseLock } from './lib/sandbox-lock.js';
import {
  DEFAULT_PORTAL_DATA_DIR,
  startSandboxServices,
  type SandboxServices,
} from './lib/sandbox-services.js';

export interface StartSandboxOptions {
  /** Card profile in reader 0 at start (default 'zorgverlener'); `null`: leave the reader empty. */
  cardProfile?: string | null;
  /**
   * Where the portals keep their SQLite files. 'fresh' (default): a new directory under
   * `.sandbox/portal-runs/`, so an organisation registered by an earlier run does not stand in the
   * way; 'shared': `.sandbox/portal` like `npm start`; any other value: that directory.
   */
  portalDataDir?: string;
}

export interface Sandbox {
  /** Environment for processes that use the services (ZORGID_CARD_SOCKET, ZORGID_PKCS11_MODULE). */
  env: Record<string, string>;
  urls: Record<string, string>;
  portalDataDir: string;
  /**
   * Stops what this call started (by PID, in reverse order), removes the portal run folder it made
   * (`portalDataDir: 'fresh'`) and releases the lock.
   */
  stop(): Promise<void>;
  /** `await using sandbox = await startSandbox()` stops it at the end of the block. */
  [Symbol.asyncDispose](): Promise<void>;
}

export const PORTAL_RUNS_DIR = path.join(SANDBOX_STATE_DIR, 'portal-runs');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Run folders are named `run-<pid>-…` after the process that made them: a process that died
 * before its stop() (a crash, SIGKILL) leaves its folder, and the next fresh start removes it.
 */
function removeOrphanedRuns(): void {
  for (const entry of readdirSync(PORTAL_RUNS_DIR)) {
    const pid = Number(/^run-(\d+)-/.exec(entry)?.[1]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !alive(pid)) {
      rmSync(path.join(PORTAL_RUNS_DIR, entry), { recursive: true, force: true });
    }
  }
}

export function resolvePortalDataDir(choice: StartSandboxOptions['portalDataDir'] = 'fresh'): string {
  if (choice === 'shared') return DEFAULT_PORTAL_DATA_DIR;
  if (choice === 'fresh') {
    mkdirSync(PORTAL_RUNS_DIR, { recursive: true });
    removeOrphanedRuns();
    return mkdtempSync(path.join(PORTAL_RUNS_DIR, `run-${process.pid}-`));
  }
  return choice;
}

export async function startSandbox(options: StartSandboxOptions = {}): Promise<Sandbox> {
  await acquireLock();
  let services: SandboxServices;
  let portalDataDir: string;
  try {
    portalDataDir = resolvePortalDataDir(options.portalDataDir);
    services = await startSandboxServices({
      card: options.cardProfile !== null,
      cardProfile: options.cardProfile ?? 'zorgverlener',
      portal: true,
      portalDataDir,
    });
  } catch (error) {
    releaseLock();
    throw error;
  }
  for (const [key, value] of Object.entries(services.env)) process.env[key] ??= value;
  let stopped = false;
  const fresh = (options.portalDataDir ?? 'fresh') === 'fresh';
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    try {
      await services.stop();
    } finally {
      if (fresh) rmSync(portalDataDir, { recursive: true, force: true });
      releaseLock();
    }
  };
  return {
    env: services.env,
    urls: services.urls,
    portalDataDir,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
