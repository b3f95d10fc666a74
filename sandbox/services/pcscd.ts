// Starts and stops pcscd for the sandbox: one foreground process we own by PID, with vpcd's
// two virtual readers and (when gcc is there) a TCP_NODELAY shim that removes vpcd's 44 ms stall.

import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { SANDBOX_STATE_DIR } from './repo-root.js';
import { stopWithParent } from './watchdog.js';

const execFileAsync = promisify(execFile);

export const PCSCD_BINARY = '/usr/sbin/pcscd';
export const PCSCD_RUN_DIR = '/run/pcscd';
export const PCSCD_SOCKET = path.join(PCSCD_RUN_DIR, 'pcscd.comm');
export const PCSCD_PIDFILE = path.join(PCSCD_RUN_DIR, 'pcscd.pid');
/** vpcd listens here; one TCP port per virtual reader ("Virtual PCD 00 00", "Virtual PCD 00 01"). */
export const VPCD_HOST = '127.0.0.1';
export const VPCD_PORTS = [35963, 35964] as const;

// From the repository, not next to this module: the build in dist/ carries no .c files.
// Beside this module, in the sources and in the build (scripts/build-assets.mjs copies it).
const SHIM_SOURCE = fileURLToPath(new URL('./nodelay-shim.c', import.meta.url));
export const SHIM_LIBRARY = path.join(SANDBOX_STATE_DIR, 'build', 'libnodelay.so');

const START_DEADLINE_MS = 10_000;
const STOP_DEADLINE_MS = 3_000;
const POLL_INTERVAL_MS = 25;
const STDERR_TAIL_LINES = 40;
/** /proc/net/tcp state code for LISTEN. */
const TCP_STATE_LISTEN = '0A';

export interface PcscdOptions {
  /** Start with --apdu --debug so the log shows every APDU. */
  apduTrace?: boolean;
  /** Append pcscd's output here; otherwise only the last lines are kept for error messages. */
  logFile?: string;
  /** If a pcscd already runs, hand back a handle to it (stop() then does nothing). */
  reuseRunning?: boolean;
  /** Set false to measure the stall; default true (when gcc is available). */
  nodelay?: boolean;
  /**
   * A reader.conf.d folder instead of /etc/reader.conf.d (pcscd --config). An empty folder is a
   * workstation without the reader's driver: pcscd runs, but no reader appears.
   */
  readerConfDir?: string;
}

export interface PcscdHandle {
  readonly pid: number;
  /** True when the TCP_NODELAY shim is loaded. */
  readonly nodelay: boolean;
  /** True when this handle wraps a pcscd that somebody else started. */
  readonly reused: boolean;
  stop(): Promise<void>;
}

export class PcscdAlreadyRunningError extends Error {
  constructor(readonly pid: number | undefined) {
    super(
      `pcscd draait al${pid ? ` (pid ${pid})` : ''}; stop die eerst of geef { reuseRunning: true }. / ` +
        `pcscd is already running${pid ? ` (pid ${pid})` : ''}; stop it first or pass { reuseRunning: true }.`,
    );
    this.name = 'PcscdAlreadyRunningError';
  }
}

export async function startPcscd(options: PcscdOptions = {}): Promise<PcscdHandle> {
  const running = await findRunningPcscd();
  if (running.running) {
    if (!options.reuseRunning || running.pid === undefined) throw new PcscdAlreadyRunningError(running.pid);
    return { pid: running.pid, nodelay: false, reused: true, stop: () => Promise.resolve() };
  }
  removeStaleRunFiles();
  mkdirSync(PCSCD_RUN_DIR, { recursive: true });

  const shim = options.nodelay === false ? undefined : await ensureNodelayShim();
  const args = ['--foreground'];
  if (options.apduTrace) args.push('--apdu', '--debug');
  if (options.readerConfDir) args.push('--config', options.readerConfDir);

  const env = { ...process.env };
  if (shim) env.LD_PRELOAD = [shim, env.LD_PRELOAD].filter(Boolean).join(' ');
  const child = spawn(PCSCD_BINARY, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = captureOutput(child, options.logFile);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`pcscd kon niet starten / pcscd could not start: ${output.tail()}`);

  try {
    await waitUntilReady(child, output, options.readerConfDir === undefined);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  // pcscd outlives a crashed parent otherwise (and blocks every later run until stopped by hand).
  const watchdog = stopWithParent(pid);
  let stopped: Promise<void> | undefined;
  return {
    pid,
    nodelay: shim !== undefined,
    reused: false,
    stop: () =>
      (stopped ??= stopChild(child).then(() => {
        watchdog.release();
        output.close();
      })),
  };
}

/** Running if the pidfile names a live process or the socket accepts a connection. */
export async function findRunningPcscd(): Promise<{ running: boolean; pid?: number }> {
  const pid = readPidfile();
  if (pid !== undefined && isAlive(pid)) return { running: true, pid };
  if (await socketAccepts(PCSCD_SOCKET)) return { running: true, ...(pid !== undefined ? { pid } : {}) };
  return { running: false };
}

/** Compiles the shim into .sandbox/build on first use. Returns undefined (and warns) without gcc. */
export async function ensureNodelayShim(): Promise<string | undefined> {
  if (existsSync(SHIM_LIBRARY) && statSync(SHIM_LIBRARY).mtimeMs >= statSync(SHIM_SOURCE).mtimeMs) {
    return SHIM_LIBRARY;
  }
  mkdirSync(path.dirname(SHIM_LIBRARY), { recursive: true });
  try {
    await execFileAsync('gcc', ['-shared', '-fPIC', '-O2', '-o', SHIM_LIBRARY, SHIM_SOURCE, '-ldl']);
    return SHIM_LIBRARY;
  } catch (error) {
    process.stderr.write(
      `waarschuwing: TCP_NODELAY-shim niet gebouwd (gcc?), pcscd start zonder: elke APDU ~44 ms trager. / ` +
        `warning: TCP_NODELAY shim not built (gcc?), starting pcscd without it: ~44 ms per APDU. ` +
        `${(error as Error).message}\n`,
    );
    return undefined;
  }
}

async function waitUntilReady(child: ChildProcess, output: OutputCapture, vpcd: boolean): Promise<void> {
  const deadline = Date.now() + START_DEADLINE_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `pcscd stopte tijdens het starten / pcscd exited during start (${child.exitCode ?? child.signalCode}): ${output.tail()}`,
      );
    }
    // Connecting to vpcd's port would count as inserting a card, so look at the listen table instead.
    if ((await socketAccepts(PCSCD_SOCKET)) && (!vpcd || (await tcpPortListening(VPCD_PORTS[0])))) return;
    await sleep(POLL_INTERVAL_MS);
  }
  throw new Error(
    `pcscd werd niet binnen ${START_DEADLINE_MS} ms gereed / pcscd not ready in time: ${output.tail()}`,
  );
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return cleanupAfter(child.pid);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const inTime = await Promise.race([exited.then(() => true), sleep(STOP_DEADLINE_MS).then(() => false)]);
  if (!inTime) {
    child.kill('SIGKILL');
    await exited;
  }
  cleanupAfter(child.pid);
}

/** After a SIGKILL pcscd leaves its pidfile and socket; remove them only if they were ours. */
function cleanupAfter(pid: number | undefined): void {
  if (pid !== undefined && readPidfile() === pid) removeStaleRunFiles();
}

function removeStaleRunFiles(): void {
  rmSync(PCSCD_PIDFILE, { force: true });
  rmSync(PCSCD_SOCKET, { force: true });
}

function readPidfile(): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(PCSCD_PIDFILE, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function socketAccepts(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.createConnection(socketPath);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function tcpPortListening(port: number): Promise<boolean> {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[1]?.endsWith(`:${hexPort}`) && fields[3] === TCP_STATE_LISTEN) return true;
    }
  }
  return false;
}

interface OutputCapture {
  tail(): string;
  close(): void;
}

function captureOutput(child: ChildProcess, logFile: string | undefined): OutputCapture {
  const lines: string[] = [];
  const log = logFile
    ? (mkdirSync(path.dirname(logFile), { recursive: true }), createWriteStream(logFile, { flags: 'a' }))
    : undefined;
  const onData = (chunk: Buffer): void => {
    log?.write(chunk);
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > STDERR_TAIL_LINES) lines.splice(0, lines.length - STDERR_TAIL_LINES);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return { tail: () => lines.join('\n'), close: () => log?.end() };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
