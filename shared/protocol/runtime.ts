// The content script ↔ service worker boundary (runtime messages). The origin is never part
// of these messages: the service worker takes it from the browser's sender information.
import type { WireError } from '../errors.js';
import type { PageCommand } from './page.js';

export const RUNTIME_EVENTS_PORT = 'zorgid-companion:events';

export type ContentToWorker =
  { type: 'page-request'; command: PageCommand; arguments?: unknown } | { type: 'origin-check' };

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
