// Shared plumbing for the card integration tests: run OpenSC tools without blocking the event loop.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { cardStats } from '../../../sandbox/card/client.js';
import { OPENSC_PKCS11_MODULE } from '../../../node-shared/opensc-module.js';
import type { CardInfo } from '../../../sandbox/card/control-protocol.js';
import type { ReaderIndex } from '../../../sandbox/card/virtual-card.js';

export const OPENSC_PKCS11 = OPENSC_PKCS11_MODULE;
export const READER_NAMES = { 0: 'Virtual PCD 00 00', 1: 'Virtual PCD 00 01' } as const;

export interface ToolResult {
  code: number;
  output: string;
  ms: number;
}

export async function tool(command: string, args: string[], timeoutMs = 30_000): Promise<ToolResult> {
  const started = performance.now();
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, {
      encoding: 'utf8',
      timeout: timeoutMs,
    });
    return { code: 0, output: stdout + stderr, ms: performance.now() - started };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : -1,
      output: `${failed.stdout ?? ''}${failed.stderr ?? ''}`,
      ms: performance.now() - started,
    };
  }
}

export function pkcs11Tool(...args: string[]): Promise<ToolResult> {
  return tool('pkcs11-tool', ['--module', OPENSC_PKCS11, ...args]);
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The reader shows the card once vpcd polled it and pcscd powered it up. */
export function waitUntilPresent(socketPath: string, reader: ReaderIndex): Promise<CardInfo> {
  return waitFor(`card in reader ${reader}`, async () => {
    const info = await cardStats(socketPath, reader);
    return info.stats.powerOns > 0 && info.stats.atrRequests > 0 ? info : undefined;
  });
}

/** `opensc-tool -l` rows: reader name → card present. */
export async function readerPresence(): Promise<Record<string, boolean>> {
  const { output } = await tool('opensc-tool', ['-l']);
  const presence: Record<string, boolean> = {};
  for (const line of output.split('\n')) {
    const match = /^\d+\s+(Yes|No)\s+(.*?)\s*$/.exec(line);
    if (match?.[2]) presence[match[2]] = match[1] === 'Yes';
  }
  return presence;
}
