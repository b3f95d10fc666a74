// The built host against the sandbox's real pcscd, virtual UZI-pas and OpenSC: start it with the
// sandbox environment, read results and events, and put the cards back the way the sandbox left them.
import { cardStats, insertCard, listCards, removeCard } from '../../sandbox/card/client.js';
import type { AtrName } from '../../sandbox/card/atr.js';
import type { ReaderIndex } from '../../sandbox/card/virtual-card.js';
import { cardSocket } from './card-control.js';
import { HostProcess, type Frame } from './host-process.js';

/** vpcd's readers as PC/SC names them, by the card daemon's reader index. */
export const READER_NAMES = { 0: 'Virtual PCD 00 00', 1: 'Virtual PCD 00 01' } as const;
/** The profile `with-sandbox` puts in reader 0, and what every test must leave there. */
export const SANDBOX_PROFILE = 'zorgverlener';
/** A fresh virtual card's PIN and PUK retry counters. */
export const FULL_TRIES = 3;
const PRESENCE_TIMEOUT_MS = 15_000;
const EVENT_TIMEOUT_MS = 15_000;

export interface WireErrorFrame {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** The environment the sandbox runner gives the tests, passed on to the host as a browser would not. */
export function sandboxHostEnv(): Record<string, string> {
  const module = process.env.ZORGID_PKCS11_MODULE;
  if (!module)
    throw new Error('ZORGID_PKCS11_MODULE is not set: run through scripts/with-sandbox.ts or `npm test`');
  return { ZORGID_CARD_SOCKET: cardSocket(), ZORGID_PKCS11_MODULE: module };
}

/** A host that greeted; with `subscribe` it also pushes reader and card events. */
export async function startHost(
  options: { env?: Record<string, string>; subscribe?: boolean } = {},
): Promise<HostProcess> {
  const host = new HostProcess({ ...sandboxHostEnv(), ...options.env });
  await host.next((frame) => frame.type === 'hello');
  if (options.subscribe) {
    resultOf(await host.request('subscribe'));
    // `status` waits for the first enumeration: its reader and card events are then queued and
    // dropped here, so they cannot pass for the events of a later insert or removal.
    resultOf(await host.request('status'));
    dropEvents(host);
  }
  return host;
}

export function resultOf<T = Record<string, unknown>>(frame: Frame): T {
  if (!('result' in frame)) throw new Error(`expected a result, got ${JSON.stringify(frame)}`);
  return frame.result as T;
}

export function errorOf(frame: Frame): WireErrorFrame {
  if (!('error' in frame)) throw new Error(`expected an error, got ${JSON.stringify(frame).slice(0, 300)}`);
  return frame.error as WireErrorFrame;
}

export const isEvent =
  (event: string, reader?: string) =>
  (frame: Frame): boolean =>
    frame.type === 'event' && frame.event === event && (reader === undefined || frame.reader === reader);

/** Forget events already queued, so the next wait sees only what the step under test caused. */
export function dropEvents(host: HostProcess): void {
  host.discard((frame) => frame.type === 'event');
}

export function nextEvent(
  host: HostProcess,
  event: string,
  reader?: string,
  timeoutMs = EVENT_TIMEOUT_MS,
): Promise<Frame> {
  return host.next(isEvent(event, reader), timeoutMs);
}

/**
 * Puts `profile` (or nothing) in a reader and waits until the subscribed host has seen the change,
 * so the next request meets the new card and not a stale reader state.
 */
export async function swapCard(
  host: HostProcess,
  reader: ReaderIndex,
  profile: string | null,
  options: { atr?: AtrName } = {},
): Promise<void> {
  const socket = cardSocket();
  const name = READER_NAMES[reader];
  dropEvents(host);
  if ((await listCards(socket)).some((card) => card.reader === reader)) {
    await removeCard(socket, reader);
    await nextEvent(host, 'card-removed', name);
  }
  if (profile === null) return;
  await insertCard(socket, { reader, profile, ...(options.atr ? { atr: options.atr } : {}) });
  await nextEvent(host, 'card-inserted', name);
}

/** pcscd has powered the card and read its ATR: PC/SC clients see it now. */
export async function waitUntilPresent(reader: ReaderIndex): Promise<void> {
  const deadline = Date.now() + PRESENCE_TIMEOUT_MS;
  for (;;) {
    const { stats } = await cardStats(cardSocket(), reader);
    if (stats.powerOns > 0 && stats.atrRequests > 0) return;
    if (Date.now() > deadline) throw new Error(`card in reader ${reader} not seen by pcscd in time`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The state every host test must leave: the sandbox profile in reader 0 with full PIN and PUK
 * counters, reader 1 empty. A re-insert makes a fresh card (the daemon builds a new applet), which
 * resets the counters and the PIN.
 */
export async function restoreSandboxCards(): Promise<void> {
  const socket = cardSocket();
  const cards = await listCards(socket);
  if (cards.some((card) => card.reader === 1)) await removeCard(socket, 1);
  const card0 = cards.find((card) => card.reader === 0);
  const pristine =
    card0?.profile === SANDBOX_PROFILE &&
    card0.state !== 'removing' &&
    card0.pin.pinTriesLeft === FULL_TRIES &&
    card0.pin.pukTriesLeft === FULL_TRIES;
  if (pristine) return;
  if (card0) await removeCard(socket, 0);
  await insertCard(socket, { reader: 0, profile: SANDBOX_PROFILE });
  await waitUntilPresent(0);
}

export function pinTriesLeft(reader: ReaderIndex = 0): Promise<number> {
  return cardStats(cardSocket(), reader).then((info) => info.pin.pinTriesLeft);
}

/** A challenge as a relying party makes one: 32 random bytes, base64url (within the 16..256 limit). */
export function newChallenge(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
}
