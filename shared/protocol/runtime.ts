// The content script ↔ service worker boundary (runtime messages). The origin is never part
// of these messages: the service worker takes it from the browser's sender information.
import type { WireError } from '../errors.js';
import type { Progress } from '../steps/progress.js';

export const RUNTIME_EVENTS_PORT = 'zorgid-companion:events';
/** Worker → content script of one document: "are you still there?" (answered `true`). */
export const ALIVE_MESSAGE = 'zorgid-companion:alive';

/** The guide's progress write: the service worker merges it into what storage holds (one writer). */
export interface ProgressMergeRequest {
  type: 'progress-merge';
  key: string;
  base: Progress | undefined;
  next: Progress;
}

/**
 * The guide's progress read and "start over": storage.local is closed to content scripts (the worker sets
 * its access level to trusted contexts), so they too go through the service worker.
 */
export type ProgressReadRequest = { type: 'progress-read'; key: string };
export type ProgressClearRequest = { type: 'progress-clear'; key: string };
/** Worker → the tabs that read progress: a key changed (value unvalidated; undefined when removed). */
export const PROGRESS_CHANGED_MESSAGE = 'zorgid-companion:progress-changed';
export type ProgressChangedMessage = { type: typeof PROGRESS_CHANGED_MESSAGE; key: string; value: unknown };

/** The browser command (manifest `commands`) that brings keyboard focus to the guide's panel. */
export const FOCUS_GUIDE_COMMAND = 'focus-guide';

/** Service worker → content script (chrome.tabs.sendMessage). */
export type WorkerToContent = { type: typeof FOCUS_GUIDE_COMMAND };

export function isWorkerToContent(message: unknown): message is WorkerToContent {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === FOCUS_GUIDE_COMMAND
  );
}

export type WorkerReply<T = unknown> = { ok: true; result: T } | { ok: false; error: WireError };

export interface OriginCheckResult {
  /** May this page use the card (page bridge)? */
  allowed: boolean;
  /** Does the registration guide run on this page (portal, application form, sandbox)? */
  guide: boolean;
  language: 'nl' | 'en' | 'auto';
  /** Step-map corrections from browser policy, validated by the guide. */
  stepMapCorrections?: unknown;
  /** The organisation's helpdesk from browser policy; the guide names it where it says "call the helpdesk". */
  helpdesk?: { name?: string; phone?: string; email?: string; url?: string };
  environment: 'productie' | 'acceptatie' | 'sandbox' | 'other';
  version: string;
}

/**
 * Every message type the service worker answers on chrome.runtime.onMessage, from content scripts
 * (origin check, guide, page requests) and from the extension's own pages (consent, diagnostics).
 * The worker has one listener and one handler per type; anything else gets a BAD_REQUEST reply.
 */
export const RUNTIME_MESSAGE_TYPES = [
  'origin-check',
  'guide-card-status',
  'progress-merge',
  'progress-read',
  'progress-clear',
  'guide-event',
  'page-request',
  'consent-get',
  'consent-decision',
  'diagnostics-run',
] as const;

export type RuntimeMessageType = (typeof RUNTIME_MESSAGE_TYPES)[number];

export function isRuntimeMessageType(value: unknown): value is RuntimeMessageType {
  return typeof value === 'string' && (RUNTIME_MESSAGE_TYPES as readonly string[]).includes(value);
}
