// `zorgid-companion sandbox up [--detach] [--wait] | down`: the sandbox without a browser, for testers.
// `up` runs in the foreground until Ctrl-C; with --detach it starts a background process that
// writes its PID file, and `down` stops exactly that process (which stops what it started).
// `up` takes the machine-wide sandbox lock (the one `npm test` and scripts/with-sandbox.ts take):
// when another run holds it, it says who and stops, or with --wait waits for it.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SANDBOX_STATE_DIR } from '../../testing/lib/paths.js';
import {
  acquireLock,
  lockBusyMessage,
  lockHeldByParent,
  lockHolder,
  releaseLock,
  tryAcquireLock,
} from '../../testing/lib/sandbox-lock.js';
import { startSandboxServices, type SandboxServices } from '../../testing/lib/sandbox-services.js';
import { PcscdAlreadyRunningError } from '../../sandbox/services/pcscd.js';
import type { CliOutput } from '../../cli/inspect-cert.js';

const PID_FILE = path.join(SANDBOX_STATE_DIR, 'sandbox.pid');
/** Where the detached sandbox writes what it would have printed. */
export const SANDBOX_LOG = path.join(SANDBOX_STATE_DIR, 'sandbox.log');
/** The addresses the running sandbox serves, written before its PID file (for `up --detach`). */
const URLS_FILE = path.join(SANDBOX_STATE_DIR, 'sandbox-urls.json');
const DETACH_START_TIMEOUT_MS = 60_000;
const LOG_TAIL_CHARS = 2_000;

/** Linux process state of a zombie: exited, only waiting to be reaped by whoever adopted it. */
const ZOMBIE_STATE = 'Z';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state …"; comm may contain spaces, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== ZOMBIE_STATE;
  } catch {
    return true; // no procfs (macOS): the signal test is all we have
  }
}

function runningPid(): number | undefined {
  if (!existsSync(PID_FILE)) return undefined;
  const pid = Number(readFileSync(PID_FILE, 'utf8').trim());
  if (alive(pid)) return pid;
  rmSync(PID_FILE, { force: true });
  return undefined;
}

/** The addresses as `npm start` prints them. */
function printUrls(urls: Record<string, string>, print: (text: string) => void): void {
  print('Sandbox draait / is running:');
  for (const [name, url] of Object.entries(urls)) print(`  ${name.padEnd(20)} ${url}`);
  print(`  ${'kaart / card'.padEnd(20)} npx zorgid-companion card insert|remove|list [--profile NAME]`);
}

/** One sentence for what stopped the start; never a stack trace. */
function startFailure(error: unknown): string {
  if (error instanceof PcscdAlreadyRunningError) {
    const pid = error.pid === undefined ? '' : ` (pid ${error.pid})`;
    return (
      `Er draait al een andere pcscd${pid}: stop die eerst (een andere sandbox: \`zorgid-companion sandbox down\`, ` +
      `de systeemdienst: \`systemctl stop pcscd.socket pcscd\`) en start de sandbox opnieuw. / ` +
      `Another pcscd is already running${pid}: stop it first (another sandbox: \`zorgid-companion sandbox down\`, ` +
      `the system service: \`systemctl stop pcscd.socket pcscd\`) and start the sandbox again.`
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  return `De sandbox startte niet: ${reason} / The sandbox did not start: ${reason}`;
}

/**
 * Starts `sandbox up` again as a detached process (the same entry script this process runs, with
 * the same Node flags) and waits until it writes its PID file, or reports why it died.
 */
async function detach(out: CliOutput, wait: boolean): Promise<number> {
  const entry = process.argv[1];
  if (!entry) {
    out.stderr('Kan het startscript niet vinden. / Cannot find the entry script.');
    return 1;
  }
  mkdirSync(SANDBOX_STATE_DIR, { recursive: true });
  const log = openSync(SANDBOX_LOG, 'w');
  rmSync(URLS_FILE, { force: true });
  const child = spawn(
    process.execPath,
    [...process.execArgv, entry, 'sandbox', 'up', ...(wait ? ['--wait'] : [])],
    {
      detached: true,
      stdio: ['ignore', log, log],
    },
  );
  closeSync(log);
  let exitCode: number | null = null;
  child.once('exit', (code) => (exitCode = code ?? 1));
  child.unref();
  // Waiting for the lock has no deadline of its own (acquireLock has one): only the start has.
  for (let waited = 0; waited < DETACH_START_TIMEOUT_MS; waited += lockWaiting(child.pid) ? 0 : 100) {
    if (runningPid() === child.pid) {
      out.stdout(
        `Sandbox gestart (pid ${child.pid}), log ${SANDBOX_LOG}. Stoppen: zorgid-companion sandbox down / ` +
          'Sandbox started; stop it with `zorgid-companion sandbox down`.',
      );
      const urls = existsSync(URLS_FILE)
        ? (JSON.parse(readFileSync(URLS_FILE, 'utf8')) as Record<string, string>)
        : {};
      printUrls(urls, (text) => out.stdout(text));
      return 0;
    }
    if (exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const tail = existsSync(SANDBOX_LOG) ? readFileSync(SANDBOX_LOG, 'utf8').slice(-LOG_TAIL_CHARS) : '';
  out.stderr(
    `De sandbox startte niet${exitCode === null ? ` binnen ${DETACH_START_TIMEOUT_MS / 1000} s` : ''}. / ` +
      `The sandbox did not start. Log ${SANDBOX_LOG}:\n${tail}`,
  );
  if (exitCode === null && child.pid) process.kill(child.pid, 'SIGTERM');
  return 1;
}

/** True while the detached child is still waiting for another run's lock (not yet its own). */
function lockWaiting(childPid: number | undefined): boolean {
  const holder = lockHolder();
  return holder !== undefined && holder.pid !== childPid && !lockHeldByParent();
}

export async function sandboxCommand(args: string[], out: CliOutput): Promise<number> {
  const [action, ...rest] = args;
  if (action === 'up') {
    const existing = runningPid();
    if (existing) {
      out.stderr(`De sandbox draait al (pid ${existing}). / The sandbox is already running.`);
      return 1;
    }
    const wait = rest.includes('--wait');
    // Busy is said at once, not after a silent wait; --wait waits (and says who it waits for).
    if (!wait && lockHolder() !== undefined && !lockHeldByParent()) {
      out.stderr(lockBusyMessage(lockHolder()));
      return 1;
    }
    if (rest.includes('--detach')) return detach(out, wait);
    if (wait) await acquireLock();
    else if (!tryAcquireLock()) {
      out.stderr(lockBusyMessage(lockHolder()));
      return 1;
    }
    let services: SandboxServices;
    try {
      services = await startSandboxServices({ card: true, cardProfile: 'zorgverlener', portal: true });
    } catch (error) {
      releaseLock();
      out.stderr(startFailure(error));
      return 1;
    }
    mkdirSync(SANDBOX_STATE_DIR, { recursive: true });
    writeFileSync(URLS_FILE, JSON.stringify(services.urls));
    writeFileSync(PID_FILE, String(process.pid));
    printUrls(services.urls, (text) => out.stdout(text));
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await services.stop();
    rmSync(PID_FILE, { force: true });
    rmSync(URLS_FILE, { force: true });
    releaseLock();
    return 0;
  }
  if (action === 'down') {
    const pid = runningPid();
    if (!pid) {
      out.stdout('Er draait geen sandbox. / No sandbox is running.');
      return 0;
    }
    process.kill(pid, 'SIGTERM');
    // Done when the process itself is gone, not just its PID file: it stops pcscd and the daemon first.
    for (let waited = 0; waited < 15_000; waited += 100) {
      if (!alive(pid)) {
        out.stdout('Sandbox gestopt. / Sandbox stopped.');
        return 0;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    out.stderr(`Sandbox (pid ${pid}) stopte niet. / did not stop.`);
    return 1;
  }
  out.stderr('zorgid-companion sandbox up [--detach] [--wait] | down');
  return 2;
}
