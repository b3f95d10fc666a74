// The page ↔ content script boundary (window.postMessage). Every message carries our prefix
// in `type`; the content script accepts only messages from its own window and origin, and
// the page API accepts answers only from its own window and origin.
import type { WireError } from '../errors.js';
import type { HostEvent } from './host.js';
import type { AuthToken, SignHashAlgorithm } from './token.js';
import type { HostStatus, PinStatusResult, ReadCardResult, SignResult } from './host.js';

export const PAGE_MESSAGE_PREFIX = 'zorgid-companion:';
export const PAGE_MAX_MESSAGE_BYTES = 16 * 1024;

export interface PageCommandMap {
  status: { request: Record<string, never>; response: HostStatus };
  readCard: { request: Record<string, never>; response: ReadCardResult };
  authenticate: { request: { challenge: string }; response: AuthToken };
  sign: { request: { hash: string; hashAlgorithm: SignHashAlgorithm }; response: SignResult };
  pinStatus: { request: Record<string, never>; response: PinStatusResult };
}

export type PageCommand = keyof PageCommandMap;
export const PAGE_COMMANDS: readonly PageCommand[] = [
  'status',
  'readCard',
  'authenticate',
  'sign',
  'pinStatus',
];

/** Page → content script. */
export type PageToExtension =
  | { type: 'zorgid-companion:ping'; id: string }
  | { type: 'zorgid-companion:request'; id: string; command: PageCommand; arguments?: unknown };

/** Content script → page. */
export type ExtensionToPage =
  | { type: 'zorgid-companion:pong'; id: string; version: string; protocol: number }
  | { type: 'zorgid-companion:ack'; id: string }
  | { type: 'zorgid-companion:ready'; version: string }
  | { type: 'zorgid-companion:response'; id: string; result: unknown }
  | { type: 'zorgid-companion:response'; id: string; error: WireError }
  | { type: 'zorgid-companion:event'; event: HostEvent };

export const PAGE_PROTOCOL_VERSION = 1;

/** Timeouts the page API uses; documented in docs/page-api.md. */
export const PAGE_TIMEOUTS = Object.freeze({
  /** No pong within this time: the extension is not installed (or not allowed on this origin). */
  pingMs: 2_000,
  /** Pings are repeated at this interval until pingMs, for a content script that starts late. */
  pingRetryMs: 100,
  /** No ack within this time: the extension is not listening on this page. */
  ackMs: 1_000,
  /** Operations without user interaction. */
  statusMs: 15_000,
  /** Operations that wait for consent and a PIN from the user. */
  userOperationMs: 180_000,
});
