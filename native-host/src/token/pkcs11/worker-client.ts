import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CompanionError, isErrorCode, type WireError } from '../../../../shared/errors.js';
import { log } from '../../util/log.js';
import { TOKEN_DEADLINES, type TokenDeadlines } from './deadlines.js';
import type { PinStatus } from './pin-status.js';
import type {
  SignRequest,
  TokenCertificate,
  TokenDescription,
  WorkerCommand,
  WorkerCommands,
  WorkerRequestMessage,
  WorkerResponseMessage,
} from './worker-protocol.js';

/** What CardSession needs from the token layer; TokenWorkerClient is the real one. */
export interface TokenApi {
  listTokens(): Promise<TokenDescription[]>;
  readCertificates(slotId: string): Promise<TokenCertificate[]>;
  pinStatus(slotId: string): Promise<PinStatus>;
  /** Wipes request.pin (fill(0)) when done, success or not. */
  sign(request: SignRequest, options?: { pinpad?: boolean }): Promise<Uint8Array>;
  /** The card left the reader: abort a call in progress with CARD_REMOVED. */
  cardRemoved(): void;
  close(): Promise<void>;
}

export interface TokenWorkerClientOptions {
  modulePath: string;
  deadlines?: Partial<TokenDeadlines>;
  /** Extra environment for the worker (tests set ZORGID_TOKEN_WORKER_DEBUG here). */
  workerEnv?: Readonly<Record<string, string>>;
}

interface Pending {
  id: number;
  worker: Worker;
  resolve: (value: unknown) => void;
  reject: (error: CompanionError) => void;
  timer: NodeJS.Timeout;
}

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  /** Why we killed it, so the pending call fails with the right code. */
  killedFor?: CompanionError;
}

interface WorkerEntry {
  path: string;
  execArgv: string[];
  env?: Readonly<Record<string, string>>;
}

let bundledEntry: WorkerEntry | undefined;

/**
 * The bundled host (one script, or the single executable) has no worker.js beside it: it starts
 * itself again, and its entry runs the worker when `env` says so.
 */
export function setTokenWorkerEntry(entry: WorkerEntry): void {
  bundledEntry = entry;
}

/**
 * The worker next to this file: worker.js once compiled to dist/node, worker.ts under tsx
 * (tests, dev), which then needs tsx's loader in the child too.
 */
function workerEntry(): WorkerEntry {
  if (bundledEntry) return bundledEntry;
  const source = import.meta.url.endsWith('.ts');
  const path = fileURLToPath(new URL(source ? './worker.ts' : './worker.js', import.meta.url));
  if (!source) return { path, execArgv: [] };
  const tsxLoader = createRequire(import.meta.url).resolve('tsx');
  return { path, execArgv: ['--import', pathToFileURL(tsxLoader).href] };
}

const WORKER_STDIO: ['ignore', 'pipe', 'inherit', 'ipc'] = ['ignore', 'pipe', 'inherit', 'ipc'];

/** Debug log lines with the worker's pid: tests check that no killed worker lives on. */
export const WORKER_LOG = Object.freeze({
  started: 'token worker started',
  killed: 'token worker killed',
});

/**
 * Runs PKCS#11 calls in a child process with a deadline per call. On deadline the child is
 * SIGKILLed and the call fails with TIMEOUT; the next call starts a fresh child. Calls run one
 * at a time, in order.
 */
export class TokenWorkerClient implements TokenApi {
  private readonly modulePath: string;
  private readonly deadlines: TokenDeadlines;
  private readonly workerEnv: Readonly<Record<string, string>>;
  private worker: Worker | undefined;
  private pending: Pending | undefined;
  private nextId = 1;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(options: TokenWorkerClientOptions) {
    this.modulePath = options.modulePath;
    this.deadlines = { ...TOKEN_DEADLINES, ...options.deadlines };
    this.workerEnv = options.workerEnv ?? {};
  }

  /** PID of the current worker, if one runs (diagnostics, tests). */
  get workerPid(): number | undefined {
    return this.worker?.child.pid;
  }

  listTokens(): Promise<TokenDescription[]> {
    return this.request('listTokens', {}, this.deadlines.listTokensMs);
  }

  readCertificates(slotId: string): Promise<TokenCertificate[]> {
    return this.request('readCertificates', { slotId }, this.deadlines.readCertificatesMs);
  }

  pinStatus(slotId: string): Promise<PinStatus> {
    return this.request('pinStatus', { slotId }, this.deadlines.pinStatusMs);
  }

  async sign(request: SignRequest, options: { pinpad?: boolean } = {}): Promise<Uint8Array> {
    try {
      const deadline = options.pinpad ? this.deadlines.pinpadSignMs : this.deadlines.signMs;
      return (await this.request('sign', request, deadline)).signature;
    } finally {
      request.pin?.fill(0);
    }
  }

  ping(): Promise<{ pid: number }> {
    return this.request('ping', {}, this.deadlines.pingMs);
  }

  /** Test only: blocks the worker for ms (the worker refuses unless started with the debug env flag). */
  debugSleep(ms: number, deadlineMs = this.deadlines.debugSleepMs): Promise<{ slept: number }> {
    return this.request('debugSleep', { ms }, deadlineMs);
  }

  cardRemoved(): void {
    if (this.pending) this.kill(this.pending.worker, new CompanionError('CARD_REMOVED'));
  }

  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => worker.child.once('exit', () => resolve()));
    worker.child.disconnect();
    const timer = setTimeout(() => worker.child.kill('SIGKILL'), this.deadlines.pingMs);
    await exited;
    clearTimeout(timer);
  }

  /** One call at a time: a deadline measures the call, not the wait behind another one. */
  request<C extends WorkerCommand>(
    command: C,
    params: WorkerCommands[C]['request'],
    deadlineMs: number,
  ): Promise<WorkerCommands[C]['response']> {
    const run = this.tail.then(
      () => this.send(command, params, deadlineMs),
      () => this.send(command, params, deadlineMs),
    );
    this.tail = run.catch(() => undefined);
    return run as Promise<WorkerCommands[C]['response']>;
  }

  private async send(command: WorkerCommand, params: unknown, deadlineMs: number): Promise<unknown> {
    const worker = this.ensureWorker();
    await worker.ready;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.kill(worker, new CompanionError('TIMEOUT', undefined, { command, deadlineMs }));
      }, deadlineMs);
      this.pending = { id, worker, resolve, reject, timer };
      const message: WorkerRequestMessage = {
        id,
        modulePath: this.modulePath,
        command,
        params: params as WorkerRequestMessage['params'],
      };
      worker.child.send(message, (error) => {
        if (error)
          this.kill(worker, new CompanionError('INTERNAL', undefined, { command, cause: error.message }));
      });
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const entry = workerEntry();
    const child = fork(entry.path, [], {
      execArgv: entry.execArgv,
      env: { ...process.env, ...entry.env, ...this.workerEnv },
      // stdout is the native messaging channel of the host: a module that prints must not reach it.
      stdio: WORKER_STDIO,
      serialization: 'advanced',
    });
    child.stdout?.pipe(process.stderr);
    log.debug(WORKER_LOG.started, { workerPid: child.pid });
    let markReady: () => void = () => undefined;
    let failStart: (error: CompanionError) => void = () => undefined;
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failStart = reject;
    });
    const worker: Worker = { child, ready };
    const startTimer = setTimeout(
      () => this.kill(worker, new CompanionError('TIMEOUT', undefined, { stage: 'worker start' })),
      this.deadlines.workerStartMs,
    );
    child.on('message', (message: WorkerResponseMessage) => {
      if ('ready' in message) {
        clearTimeout(startTimer);
        markReady();
        return;
      }
      this.settle(message);
    });
    child.on('error', (error) => {
      if (!worker.killedFor)
        worker.killedFor = new CompanionError('INTERNAL', undefined, { cause: error.message });
    });
    child.on('exit', (exitCode, signal) => {
      clearTimeout(startTimer);
      if (this.worker === worker) this.worker = undefined;
      const reason =
        worker.killedFor ??
        new CompanionError('INTERNAL', undefined, { reason: 'token worker exited', exitCode, signal });
      failStart(reason);
      this.failPending(reason, worker);
    });
    this.worker = worker;
    return worker;
  }

  private settle(message: { id: number; result: unknown } | { id: number; error: WireError }): void {
    const pending = this.pending;
    if (!pending || pending.id !== message.id) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    if ('error' in message) {
      const wire = message.error;
      pending.reject(
        isErrorCode(wire.code)
          ? CompanionError.fromWire(wire)
          : new CompanionError('INTERNAL', undefined, { wire }),
      );
    } else {
      pending.resolve(message.result);
    }
  }

  private failPending(error: CompanionError, worker: Worker): void {
    const pending = this.pending;
    // A late 'exit' of a killed worker must not fail the next worker's call.
    if (!pending || pending.worker !== worker) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    pending.reject(error);
  }

  /** SIGKILL: a module stuck in native code ignores everything else. The next call forks anew. */
  private kill(worker: Worker, reason: CompanionError): void {
    worker.killedFor ??= reason;
    log.debug(WORKER_LOG.killed, { workerPid: worker.child.pid, code: reason.code });
    if (this.worker === worker) this.worker = undefined;
    // Fail now rather than at 'exit': the caller should not wait for the OS to reap the child.
    this.failPending(reason, worker);
    worker.child.kill('SIGKILL');
  }
}
