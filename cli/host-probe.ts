// Starts the built native host as the browser would (stdio, native messaging framing) and asks it
// what the diagnostics need: hello, status, and with a UZI-pas present readCard and pinStatus.
// Talking to the real host checks the host itself too, not only pcscd.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CompanionError, isErrorCode, type WireError } from '../shared/errors.js';
import { encodeFrame, FrameReader } from '../native-host/src/messaging/framing.js';
import {
  HOST_MAX_OUTBOUND_BYTES,
  type HostCommand,
  type HostRequestArguments,
  type HostResponseResult,
} from '../shared/protocol/host.js';
import type { HostProbe, Outcome } from '../shared/diagnostics/types.js';
import { isPlainObject } from '../shared/validate.js';
import type { HostStart } from './self.js';

export const PROBE_TIMEOUTS = Object.freeze({
  helloTimeoutMs: 10_000,
  statusTimeoutMs: 20_000,
  cardTimeoutMs: 45_000,
  exitTimeoutMs: 5_000,
});

/** Only the end of the host's stderr goes into an error: enough to see why it stopped. */
const STDERR_TAIL_CHARS = 600;

export interface HostProbeResult {
  host: HostProbe;
  card?: Outcome<HostResponseResult<'readCard'>>;
  pin?: Outcome<HostResponseResult<'pinStatus'>>;
  revocation?: HostResponseResult<'revocation'>;
}

type Frame = Record<string, unknown>;

function toWire(error: unknown): WireError {
  if (error instanceof CompanionError) return error.toWire();
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

/** `host`: a node script (tests) or how this CLI starts its own host; `launcher`: the registered one. */
export async function probeHost(
  host: string | HostStart,
  env: NodeJS.ProcessEnv,
  options: { launcher?: string; launcherArgs?: readonly string[] } = {},
): Promise<HostProbeResult> {
  const start: HostStart =
    typeof host === 'string' ? { command: process.execPath, args: [host], executable: false } : host;
  const entry = start.executable ? start.command : (start.args[0] ?? '');
  if (!options.launcher && !existsSync(entry)) {
    return {
      host: {
        error: new CompanionError(
          'HOST_NOT_INSTALLED',
          `Host entry missing: ${entry} (npm run build)`,
        ).toWire(),
      },
    };
  }
  // With a launcher: started exactly as the browser starts it (its shebang, its node, its exports).
  const child = options.launcher
    ? spawn(options.launcher, options.launcherArgs ?? [], { env, stdio: ['pipe', 'pipe', 'pipe'] })
    : spawn(start.command, start.args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let greeted = false;
  const reader = new FrameReader(HOST_MAX_OUTBOUND_BYTES);
  const frames: Frame[] = [];
  let waiters: (() => void)[] = [];
  let stderr = '';
  let exited = false;
  const wake = () => {
    const list = waiters;
    waiters = [];
    for (const waiter of list) waiter();
  };
  child.stdout.on('data', (chunk: Buffer) => {
    for (const event of reader.push(chunk)) {
      if (event.kind === 'message' && isPlainObject(event.value)) frames.push(event.value);
    }
    wake();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
  });
  const exit = new Promise<void>((resolve) => {
    child.on('exit', () => {
      exited = true;
      wake();
      resolve();
    });
    child.on('error', (error) => {
      stderr += String(error);
      exited = true;
      wake();
      resolve();
    });
  });

  async function next(predicate: (frame: Frame) => boolean, timeoutMs: number): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = frames.findIndex(predicate);
      if (index >= 0) return frames.splice(index, 1)[0]!;
      if (exited)
        // Before its hello, as the browser says it: "Native host has exited."
        throw new CompanionError(
          greeted ? 'HOST_DISCONNECTED' : 'HOST_EXITED',
          `The card helper exited${greeted ? '' : ' before greeting'}: ${stderr.trim() || 'no output'}`,
        );
      const left = deadline - Date.now();
      if (left <= 0) throw new CompanionError('TIMEOUT', 'The card helper did not answer in time');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  let nextId = 1;
  async function request<C extends HostCommand>(
    command: C,
    args: HostRequestArguments<C>,
    timeoutMs: number,
  ): Promise<HostResponseResult<C>> {
    const id = `doctor-${nextId++}`;
    child.stdin.write(encodeFrame({ id, command, arguments: args }));
    const frame = await next((candidate) => candidate.id === id, timeoutMs);
    if (isPlainObject(frame.error)) {
      const error = frame.error;
      throw new CompanionError(
        isErrorCode(error.code) ? error.code : 'INTERNAL',
        typeof error.message === 'string' ? error.message : undefined,
        isPlainObject(error.details) ? error.details : undefined,
      );
    }
    return frame.result as HostResponseResult<C>;
  }

  async function outcome<T>(run: () => Promise<T>): Promise<Outcome<T>> {
    try {
      return { result: await run() };
    } catch (error) {
      return { error: toWire(error) };
    }
  }

  const result: HostProbeResult = { host: {} };
  try {
    const hello = await next((frame) => frame.type === 'hello', PROBE_TIMEOUTS.helloTimeoutMs);
    greeted = true;
    result.host.hello = {
      version: typeof hello.version === 'string' ? hello.version : '?',
      protocol: typeof hello.protocol === 'number' ? hello.protocol : -1,
    };
    result.host.status = await request('status', {}, PROBE_TIMEOUTS.statusTimeoutMs);
    const reader = result.host.status.readers.find((candidate) => candidate.cardPresent);
    if (reader?.cardKind === 'uzi-pas') {
      result.card = await outcome(() =>
        request('readCard', { reader: reader.name }, PROBE_TIMEOUTS.cardTimeoutMs),
      );
      if ('result' in result.card) {
        result.pin = await outcome(() =>
          request('pinStatus', { reader: reader.name }, PROBE_TIMEOUTS.cardTimeoutMs),
        );
        const checked = await outcome(() =>
          request('revocation', { reader: reader.name }, PROBE_TIMEOUTS.statusTimeoutMs),
        );
        result.revocation =
          'result' in checked ? checked.result : { status: 'unknown', reason: checked.error.message };
      }
    }
  } catch (error) {
    result.host.error = toWire(error);
  } finally {
    if (!exited) child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), PROBE_TIMEOUTS.exitTimeoutMs);
    await exit;
    clearTimeout(timer);
  }
  return result;
}
