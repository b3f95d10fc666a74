// Shared by the card figures: OpenSC's pkcs11-tool (the baseline), and re-inserting the virtual
// card while a running host watches (so a read is really a first read, not a cached one).
import { spawn } from 'node:child_process';
import { insertCard, removeCard } from '../../sandbox/card/client.js';
import type { BenchContext } from './context.js';
import type { BenchHost, Frame } from './host-client.js';

export const CARD_READER = 0;
export const CARD_READER_NAME = 'Virtual PCD 00 00';
export const CARD_PROFILE = 'zorgverlener';
export const TEST_PIN = '123456';
/** OpenSC's PIV driver numbers the key references: 9A → 01, 9C → 02, 9D → 03. */
const PIV_AUTH_KEY_ID_FALLBACK = '01';

export interface ToolRun {
  ms: number;
  stdout: string;
}

/** Runs a tool to its exit and returns the wall time from spawn to exit. */
export function runTool(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve({ ms, stdout });
      else reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.slice(-500)}`));
    });
  });
}

export const pkcs11Tool = (context: BenchContext, args: string[]) =>
  runTool('pkcs11-tool', ['--module', context.pkcs11Module, ...args], context.env);

/** The CKA_ID of the PIV authentication (9A) certificate, from `pkcs11-tool -O`. */
export function authKeyIdFrom(listing: string): string {
  for (const block of listing.split(/\n(?=\S)/)) {
    if (!/^Certificate Object/.test(block) || !/PIV Authentication/i.test(block)) continue;
    const id = /\bID:\s*([0-9a-f]+)/i.exec(block);
    if (id) return id[1]!;
  }
  return PIV_AUTH_KEY_ID_FALLBACK;
}

const isEvent = (name: string) => (f: Frame) =>
  f.type === 'event' && f.event === name && String(f.reader).startsWith(CARD_READER_NAME);

/** Removes and re-inserts the card and waits until the (subscribed) host has seen both. */
export async function reinsertCard(context: BenchContext, host: BenchHost): Promise<void> {
  await removeCard(context.cardSocket, CARD_READER);
  await host.next(isEvent('card-removed'), 20_000);
  // Anything queued up to here (the host's initial card-inserted included) is older than the removal.
  host.discardEvents();
  await insertCard(context.cardSocket, { reader: CARD_READER, profile: CARD_PROFILE });
  await host.next(isEvent('card-inserted'), 20_000);
}

interface StatusReader {
  name: string;
  cardPresent: boolean;
}

/** Waits until a host (PC/SC) sees the card in the bench's reader: pcscd polls vpcd, it takes a moment. */
export async function waitForCardPresent(host: BenchHost, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await host.request<{ readers: StatusReader[] }>('status');
    if (status.readers.some((r) => r.name.startsWith(CARD_READER_NAME) && r.cardPresent)) return;
    if (Date.now() > deadline) throw new Error(`no card in ${CARD_READER_NAME} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A running host that has said hello and receives card events. */
export async function startSubscribedHost(context: BenchContext, Host: typeof BenchHost): Promise<BenchHost> {
  const host = new Host(context.env);
  await host.hello();
  await host.request('subscribe');
  await waitForCardPresent(host);
  return host;
}
