// The page ↔ content script boundary (window.postMessage). Every message carries our prefix
// in `type`; the content script accepts only messages from its own window and origin, and
// the page API accepts answers only from its own window and origin.
//
// One map, `PAGE_COMMAND_RULES`, yields the command list, the argument validators (where a request
// enters the extension), the page API's methods and their parameters, each call's timeout and how the
// worker runs it: a new page command is one entry here plus its host command.
import type { WireError } from '../errors.js';
import { isPlainObject, object, oneOf, string, type Validator } from '../validate.js';
import { CHALLENGE_LIMITS, SIGN_HASH_LIMITS } from './host-validators.js';
import type { HostEvent, HostEventName } from './host.js';
import type { AuthToken, SignHashAlgorithm } from './token.js';
import { SIGN_HASH_ALGORITHMS } from './token.js';
import type { HostStatus, PinStatusResult, ReadCardResult, SignResult } from './host.js';

export const PAGE_MAX_MESSAGE_BYTES = 16 * 1024;
export const PAGE_PROTOCOL_VERSION = 1;

/** Timeouts the page API uses; documented in docs/page-api.md. */
export const PAGE_TIMEOUTS = Object.freeze({
  /** No pong within this time: the extension is not installed (or not allowed on this origin). */
  pingMs: 2_000,
  /** Pings are repeated at this interval until pingMs, for a content script that starts late. */
  pingRetryMs: 100,
  /** No ack within this time: the extension is not listening on this page. */
  ackMs: 1_000,
  /** Operations without user interaction (the worker's status requests to the host use it too). */
  statusMs: 15_000,
  /** Operations that wait for consent and a PIN from the user. */
  userOperationMs: 180_000,
});

/**
 * Per command: the request the extension receives, the page API method's parameters (in order)
 * and what it answers.
 */
export interface PageCommandMap {
  status: { request: Record<string, never>; parameters: []; response: HostStatus };
  readCard: { request: Record<string, never>; parameters: []; response: ReadCardResult };
  authenticate: { request: { challenge: string }; parameters: [challenge: string]; response: AuthToken };
  sign: {
    request: { hash: string; hashAlgorithm: SignHashAlgorithm };
    parameters: [hashBase64: string, hashAlgorithm?: SignHashAlgorithm];
    response: SignResult;
  };
  pinStatus: { request: Record<string, never>; parameters: []; response: PinStatusResult };
}

export type PageCommand = keyof PageCommandMap;
export type PageRequestArguments<C extends PageCommand> = PageCommandMap[C]['request'];
export type PageResponseResult<C extends PageCommand> = PageCommandMap[C]['response'];

/**
 * How the worker runs a command: `status` reads the host without the card queue, `shared` waits for
 * the card queue and shares one host request among pages that ask at once, `consent` asks the user in
 * the extension's own PIN window first.
 */
export type PageCommandLane = 'status' | 'shared' | 'consent';

export interface PageCommandRule<C extends PageCommand> {
  arguments: Validator<PageRequestArguments<C>>;
  /** Names of the method's parameters, in order, as fields of the request. */
  parameters: readonly (keyof PageRequestArguments<C>)[];
  /** Values for parameters the page may leave out. */
  defaults?: Partial<PageRequestArguments<C>>;
  timeout: 'statusMs' | 'userOperationMs';
  lane: PageCommandLane;
}

const none = object({}) as Validator<Record<string, never>>;

export const PAGE_COMMAND_RULES: { readonly [C in PageCommand]: PageCommandRule<C> } = {
  status: { arguments: none, parameters: [], timeout: 'statusMs', lane: 'status' },
  readCard: { arguments: none, parameters: [], timeout: 'statusMs', lane: 'shared' },
  pinStatus: { arguments: none, parameters: [], timeout: 'statusMs', lane: 'shared' },
  authenticate: {
    arguments: object({ challenge: string(CHALLENGE_LIMITS) }),
    parameters: ['challenge'],
    timeout: 'userOperationMs',
    lane: 'consent',
  },
  sign: {
    arguments: object({ hash: string(SIGN_HASH_LIMITS), hashAlgorithm: oneOf(SIGN_HASH_ALGORITHMS) }),
    parameters: ['hash', 'hashAlgorithm'],
    defaults: { hashAlgorithm: 'SHA-256' },
    timeout: 'userOperationMs',
    lane: 'consent',
  },
};

export const PAGE_COMMANDS = Object.keys(PAGE_COMMAND_RULES) as PageCommand[];

export function isPageCommand(value: unknown): value is PageCommand {
  return typeof value === 'string' && Object.hasOwn(PAGE_COMMAND_RULES, value);
}

/** The request a page API method sends, from its positional parameters and the command's defaults. */
export function pageRequestArguments<C extends PageCommand>(
  command: C,
  values: readonly unknown[],
): PageRequestArguments<C> {
  const rule: PageCommandRule<C> = PAGE_COMMAND_RULES[command];
  const request: Record<string, unknown> = { ...rule.defaults };
  rule.parameters.forEach((name, index) => {
    if (values[index] !== undefined) request[name as string] = values[index];
  });
  return request as PageRequestArguments<C>;
}

/** Content script → page. */
export type ExtensionToPage =
  | { type: 'zorgid-companion:pong'; id: string; version: string; protocol: number }
  | { type: 'zorgid-companion:ack'; id: string }
  | { type: 'zorgid-companion:ready'; version: string }
  | { type: 'zorgid-companion:response'; id: string; result: unknown }
  | { type: 'zorgid-companion:response'; id: string; error: WireError }
  | { type: 'zorgid-companion:event'; event: HostEvent };

const HOST_EVENT_NAMES: readonly HostEventName[] = [
  'reader-added',
  'reader-removed',
  'card-inserted',
  'card-removed',
  'pcsc-state',
];

function wireError(value: unknown): WireError | undefined {
  if (!isPlainObject(value) || typeof value.code !== 'string' || typeof value.message !== 'string')
    return undefined;
  return {
    code: value.code as WireError['code'],
    message: value.message,
    ...(isPlainObject(value.details) ? { details: value.details } : {}),
  };
}

/**
 * What the page API accepts from the content script: a known message type with the fields it needs,
 * else `undefined` (the page's own scripts post on the same channel). `result` stays the host's answer.
 */
export function parseExtensionToPage(value: unknown): ExtensionToPage | undefined {
  if (!isPlainObject(value) || typeof value.type !== 'string') return undefined;
  const id = typeof value.id === 'string' ? value.id : undefined;
  switch (value.type) {
    case 'zorgid-companion:ready':
      return typeof value.version === 'string' ? { type: value.type, version: value.version } : undefined;
    case 'zorgid-companion:ack':
      return id === undefined ? undefined : { type: value.type, id };
    case 'zorgid-companion:pong':
      return id !== undefined && typeof value.version === 'string' && typeof value.protocol === 'number'
        ? { type: value.type, id, version: value.version, protocol: value.protocol }
        : undefined;
    case 'zorgid-companion:response': {
      if (id === undefined) return undefined;
      if (!Object.hasOwn(value, 'error')) return { type: value.type, id, result: value.result };
      const error = wireError(value.error);
      return error ? { type: value.type, id, error } : undefined;
    }
    case 'zorgid-companion:event': {
      const event = value.event;
      return isPlainObject(event) &&
        event.type === 'event' &&
        (HOST_EVENT_NAMES as readonly unknown[]).includes(event.event)
        ? { type: value.type, event: event as unknown as HostEvent }
        : undefined;
    }
    default:
      return undefined;
  }
}
