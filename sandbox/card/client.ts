// Typed client for the card daemon: what `zorgid-companion card insert --reader 0 --profile …` calls.

import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { SANDBOX_STATE_DIR } from '../services/repo-root.js';
import type { AtrName } from './atr.js';
import { cardSetToJson, type CardSet } from './card-set.js';
import type { CardInfo, ControlRequest, ControlResponse, ControlResults } from './control-protocol.js';
import type { ReaderIndex } from './virtual-card.js';

const REQUEST_TIMEOUT_MS = 15_000;
const DAEMON_START_TIMEOUT_MS = 15_000;
/** Running from sources (.ts) the daemon needs tsx; the build in dist/ runs on plain node. */
const RUNNING_FROM_SOURCE = import.meta.url.endsWith('.ts');
const DAEMON_SCRIPT = fileURLToPath(
  new URL(RUNNING_FROM_SOURCE ? './daemon.ts' : './daemon.js', import.meta.url),
);
/** Where the sandbox keeps the card daemon's control socket. */
export const DEFAULT_CARD_SOCKET = path.join(SANDBOX_STATE_DIR, 'card.sock');

export class CardDaemonUnavailableError extends Error {}

/** Sends one request on a fresh connection and returns the typed result. */
export async function sendControl<C extends ControlRequest['cmd']>(
  socketPath: string,
  request: Extract<ControlRequest, { cmd: C }>,
): Promise<ControlResults[C]> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(socketPath);
    let buffered = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`kaartdaemon antwoordt niet / card daemon did not answer '${request.cmd}'`));
    }, REQUEST_TIMEOUT_MS);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify({ ...request, id: 1 })}\n`));
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      const newline = buffered.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      socket.end();
      const response = JSON.parse(buffered.slice(0, newline)) as ControlResponse;
      if (response.ok) resolve(response.result as ControlResults[C]);
      else reject(new Error(response.error));
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        error.code === 'ENOENT' || error.code === 'ECONNREFUSED'
          ? new CardDaemonUnavailableError(
              `kaartdaemon draait niet (${socketPath}); start de sandbox / card daemon not running; start the sandbox`,
            )
          : error,
      );
    });
  });
}

export interface InsertOptions {
  reader: ReaderIndex;
  profile?: string;
  cardSet?: CardSet;
  atr?: AtrName;
}

export function insertCard(socketPath: string, options: InsertOptions): Promise<CardInfo> {
  return sendControl(socketPath, {
    cmd: 'insert',
    reader: options.reader,
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    ...(options.cardSet ? { cardSet: cardSetToJson(options.cardSet) } : {}),
    ...(options.atr ? { atr: options.atr } : {}),
  });
}

export function removeCard(socketPath: string, reader: ReaderIndex): Promise<ControlResults['remove']> {
  return sendControl(socketPath, { cmd: 'remove', reader });
}

/** Fault injection: can hang OpenSC 0.23 (see VirtualCard.removeAbruptly). */
export function removeCardAbruptly(
  socketPath: string,
  reader: ReaderIndex,
  onIns?: number,
): Promise<ControlResults['removeAbruptly']> {
  return sendControl(socketPath, {
    cmd: 'removeAbruptly',
    reader,
    ...(onIns !== undefined ? { onIns } : {}),
  });
}

export function listCards(socketPath: string): Promise<CardInfo[]> {
  return sendControl(socketPath, { cmd: 'list' });
}

export function cardStats(socketPath: string, reader: ReaderIndex): Promise<CardInfo> {
  return sendControl(socketPath, { cmd: 'stats', reader });
}

export function resetCardStats(socketPath: string, reader: ReaderIndex): Promise<CardInfo> {
  return sendControl(socketPath, { cmd: 'resetStats', reader });
}

export function setPinTries(
  socketPath: string,
  reader: ReaderIndex,
  tries: { pin?: number; puk?: number },
): Promise<CardInfo> {
  return sendControl(socketPath, { cmd: 'setPinTries', reader, ...tries });
}

export function cardTrace(socketPath: string, reader: ReaderIndex): Promise<ControlResults['trace']> {
  return sendControl(socketPath, { cmd: 'trace', reader });
}

export function shutdownCardDaemon(socketPath: string): Promise<ControlResults['shutdown']> {
  return sendControl(socketPath, { cmd: 'shutdown' });
}

export interface CardDaemonProcess {
  readonly pid: number;
  stop(): Promise<void>;
}

/** Starts daemon.ts in its own Node process (through tsx) and waits until it answers. */
export async function spawnCardDaemon(options: {
  socketPath: string;
  resolverModule?: string;
}): Promise<CardDaemonProcess> {
  const args = [
    ...(RUNNING_FROM_SOURCE ? ['--import', 'tsx'] : []),
    DAEMON_SCRIPT,
    '--socket',
    options.socketPath,
  ];
  if (options.resolverModule) args.push('--resolver', options.resolverModule);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + DAEMON_START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`kaartdaemon stopte / card daemon exited: ${stderr}`);
    try {
      await listCards(options.socketPath);
      break;
    } catch (error) {
      if (!(error instanceof CardDaemonUnavailableError) || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  const pid = child.pid ?? -1;
  return {
    pid,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const inTime = await Promise.race([
        exited.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000)),
      ]);
      if (!inTime) child.kill('SIGKILL');
      await exited;
    },
  };
}
