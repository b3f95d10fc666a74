// The content script ↔ service worker boundary (runtime messages). The origin is never part
// of these messages: the service worker takes it from the browser's sender information.
import type { WireError } from '../errors.js';
import type { PageCommand } from './page.js';

export const RUNTIME_EVENTS_PORT = 'zorgid-companion:events';

export type ContentToWorker =
  | { type: 'page-request'; command: PageCommand; arguments?: unknown }
  | { type: 'origin-check' };

export type WorkerReply<T = unknown> = { ok: true; result: T } | { ok: false; error: WireError };

export interface OriginCheckResult {
  allowed: boolean;
  environment: 'productie' | 'acceptatie' | 'sandbox' | 'other';
  version: string;
}
