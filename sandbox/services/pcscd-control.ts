// The rig's pcscd, stopped and started again on request by the process that owns it. Tests that
// need a workstation without pcscd, or without the reader's driver, ask the owner (npm test,
// scripts/with-sandbox.ts, `sandbox up`) through a Unix socket in .sandbox/ instead of killing a
// process they did not start: the owner keeps stopping exactly what it started, also the pcscd it
// started again, and a crash of the owner still takes pcscd with it (startPcscd's watchdog).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startPcscd, type PcscdHandle, type PcscdOptions } from './pcscd.js';
import { SANDBOX_STATE_DIR } from './repo-root.js';

export const PCSCD_CONTROL_SOCKET = path.join(SANDBOX_STATE_DIR, 'pcscd-control.sock');
const REQUEST_TIMEOUT_MS = 60_000;

/** 'virtual': vpcd's two readers, as the rig runs; 'no-driver': pcscd without any reader driver. */
export type RigPcscdMode = 'virtual' | 'no-driver';
export type RigPcscdRequest = { action: 'stop' } | { action: 'start'; mode?: RigPcscdMode };
export interface RigPcscdState {
  running: boolean;
  mode?: RigPcscdMode;
  pid?: number;
}

export interface RigPcscd {
  /** Stops the control socket and whichever pcscd runs now. */
  close(): Promise<void>;
}

/** Serves the control socket for `first`, the pcscd the rig started with `options`. */
export async function serveRigPcscdControl(first: PcscdHandle, options: PcscdOptions): Promise<RigPcscd> {
  let current: PcscdHandle | undefined = first;
  let mode: RigPcscdMode = 'virtual';
  let emptyConfDir: string | undefined;
  // One change at a time, in order of arrival.
  let queue: Promise<unknown> = Promise.resolve();
  const state = (): RigPcscdState => ({
    running: current !== undefined,
    ...(current ? { mode, pid: current.pid } : {}),
  });
  const stop = async (): Promise<void> => {
    await current?.stop();
    current = undefined;
  };
  const handle = async (request: RigPcscdRequest): Promise<RigPcscdState> => {
    if (request.action === 'stop') {
      await stop();
      return state();
    }
    const wanted = request.mode ?? 'virtual';
    if (current && mode === wanted) return state();
    await stop();
    if (wanted === 'no-driver') {
      mkdirSync(SANDBOX_STATE_DIR, { recursive: true });
      emptyConfDir ??= mkdtempSync(path.join(SANDBOX_STATE_DIR, 'reader-conf-empty-'));
    }
    current = await startPcscd({
      ...options,
      reuseRunning: false,
      ...(wanted === 'no-driver' ? { readerConfDir: emptyConfDir } : {}),
    });
    mode = wanted;
    return state();
  };

  mkdirSync(SANDBOX_STATE_DIR, { recursive: true });
  rmSync(PCSCD_CONTROL_SOCKET, { force: true });
  const server = net.createServer((socket) => {
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('error', () => undefined);
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const newline = buffer.indexOf('\n');
      if (newline < 0) return;
      const line = buffer.slice(0, newline);
      buffer = '';
      const answer = (queue = queue.then(async () => {
        try {
          const request = JSON.parse(line) as RigPcscdRequest;
          if (request.action !== 'stop' && request.action !== 'start') throw new Error('unknown action');
          return { ok: true, ...(await handle(request)) };
        } catch (error) {
          return { ok: false, error: error instanceof Error ? error.message : String(error) };
        }
      }));
      void answer.then((reply) => socket.end(`${JSON.stringify(reply)}\n`));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(PCSCD_CONTROL_SOCKET, () => resolve());
  });
  server.unref();
  return {
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(PCSCD_CONTROL_SOCKET, { force: true });
      await queue.catch(() => undefined);
      await stop();
      if (emptyConfDir) rmSync(emptyConfDir, { recursive: true, force: true });
    },
  };
}

/** Asks the rig's owner to stop or start its pcscd; resolves once it is done. */
export function controlRigPcscd(request: RigPcscdRequest): Promise<RigPcscdState> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(PCSCD_CONTROL_SOCKET);
    let reply = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`pcscd-besturing antwoordt niet / pcscd control did not answer '${request.action}'`));
    }, REQUEST_TIMEOUT_MS);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', (chunk: string) => (reply += chunk));
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(
        new Error(
          `Geen pcscd-besturing (draait dit onder npm test of scripts/with-sandbox.ts?) / no pcscd control: ${error.message}`,
        ),
      );
    });
    socket.on('end', () => {
      clearTimeout(timer);
      const answer = JSON.parse(reply) as ({ ok: true } & RigPcscdState) | { ok: false; error: string };
      if (answer.ok)
        resolve({ running: answer.running, ...(answer.mode ? { mode: answer.mode, pid: answer.pid } : {}) });
      else reject(new Error(answer.error));
    });
  });
}
