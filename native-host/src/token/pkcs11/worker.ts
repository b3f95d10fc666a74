// The PKCS#11 worker: a child process that owns the module, so a module that blocks forever
// (OpenSC in C_Sign when the card vanishes mid-transmit) freezes only this process, which the
// host kills at the deadline. Started by TokenWorkerClient; talks only over the IPC channel.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker as Thread } from 'node:worker_threads';
import type * as Pkcs11Js from 'pkcs11js';
import { CompanionError } from '../../../../shared/errors.js';
import { RETURN_VALUES } from './constants.js';
import { mapPkcs11Error, pkcs11ReturnValueName } from './error-map.js';
import { Pkcs11Token } from './pkcs11-token.js';
import {
  WORKER_DEBUG_ENV_VAR,
  type WorkerCommand,
  type WorkerCommands,
  type WorkerRequestMessage,
  type WorkerResponseMessage,
} from './worker-protocol.js';

const pkcs11js = createRequire(import.meta.url)('pkcs11js') as typeof Pkcs11Js;

interface LoadedModule {
  path: string;
  module: Pkcs11Js.PKCS11;
  token: Pkcs11Token;
}

let loaded: LoadedModule | undefined;

function loadModule(path: string): Pkcs11Token {
  if (loaded?.path === path) return loaded.token;
  if (loaded) {
    try {
      loaded.module.C_Finalize();
    } catch {
      // The old module is being replaced; its state no longer matters.
    }
    loaded = undefined;
  }
  const module = new pkcs11js.PKCS11();
  try {
    module.load(path);
  } catch (error) {
    // A file that is there but is not a loadable PKCS#11 library is another fault than a wrong path.
    throw new CompanionError(
      existsSync(path) ? 'PKCS11_MODULE_LOAD_FAILED' : 'PKCS11_MODULE_NOT_FOUND',
      undefined,
      {
        path,
        reason: error instanceof Error ? error.message : String(error),
      },
    );
  }
  try {
    module.C_Initialize();
  } catch (error) {
    if (pkcs11ReturnValueName(error) !== RETURN_VALUES.cryptokiAlreadyInitialized) {
      const mapped = mapPkcs11Error(error, { operation: 'C_Initialize', path });
      throw new CompanionError('PKCS11_MODULE_LOAD_FAILED', undefined, {
        path,
        reason: `C_Initialize: ${pkcs11ReturnValueName(error) ?? mapped.message}`,
      });
    }
  }
  loaded = { path, module, token: new Pkcs11Token(module) };
  return loaded.token;
}

type Handlers = {
  [C in WorkerCommand]: (params: WorkerCommands[C]['request'], modulePath: string) => unknown;
};

const handlers: Handlers = {
  ping: () => ({ pid: process.pid }),
  listTokens: (_params, modulePath) => loadModule(modulePath).listTokens(),
  readCertificates: ({ slotId }, modulePath) => loadModule(modulePath).readCertificates(slotId),
  pinStatus: ({ slotId }, modulePath) => loadModule(modulePath).pinStatus(slotId),
  sign: (request, modulePath) => {
    try {
      return { signature: loadModule(modulePath).sign(request) };
    } finally {
      request.pin?.fill(0);
    }
  },
  debugSleep: ({ ms }) => {
    if (process.env[WORKER_DEBUG_ENV_VAR] !== '1') {
      throw new CompanionError('UNKNOWN_COMMAND', undefined, { command: 'debugSleep' });
    }
    // Blocks like a hung module would: no event loop, no IPC, only SIGKILL ends it.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    return { slept: ms };
  },
};

function send(message: WorkerResponseMessage): void {
  process.send?.(message);
}

function handle(message: WorkerRequestMessage): void {
  const handler = handlers[message.command] as ((params: unknown, modulePath: string) => unknown) | undefined;
  try {
    if (!handler)
      throw new CompanionError('UNKNOWN_COMMAND', undefined, { command: String(message.command) });
    send({ id: message.id, result: handler(message.params, message.modulePath) });
  } catch (error) {
    send({ id: message.id, error: mapPkcs11Error(error, { command: message.command }).toWire() });
  }
}

/** How often the watchdog thread looks whether the host still runs. */
const HOST_WATCH_INTERVAL_MS = 500;

/*
 * When the host dies without closing us (the browser's SIGTERM, a crash, SIGKILL) while the main
 * thread is stuck in the module, 'disconnect' never runs and this worker would hang on for good.
 * A thread of our own is not stuck: it kills the whole process once the host is gone. Unix
 * reparents an orphan (ppid changes); Windows keeps ppid, so it also asks whether that pid exists.
 */
const HOST_WATCHDOG_SOURCE = `
const { workerData } = require('node:worker_threads');
const hostGone = () => {
  if (process.ppid !== workerData.hostPid) return true;
  try { process.kill(workerData.hostPid, 0); return false; } catch (error) { return error.code === 'ESRCH'; }
};
setInterval(() => { if (hostGone()) process.kill(process.pid, 'SIGKILL'); }, workerData.intervalMs);
`;

function watchHost(): void {
  const thread = new Thread(HOST_WATCHDOG_SOURCE, {
    eval: true,
    workerData: { hostPid: process.ppid, intervalMs: HOST_WATCH_INTERVAL_MS },
  });
  // Never the reason this process stays up: a healthy worker still exits on 'disconnect'.
  thread.unref();
}

process.on('message', (message: WorkerRequestMessage) => handle(message));
// The host went away: nothing left to serve.
process.on('disconnect', () => process.exit(0));
send({ ready: true, pid: process.pid });
// After 'ready': the thread's start (~30 ms) need not delay the first card call.
watchHost();
