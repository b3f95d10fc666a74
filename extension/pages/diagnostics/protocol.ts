// What the diagnostics page and the popup send to the service worker, and the URL parameter
// that carries the page the user came from.
import { resolveLanguage } from '../../../shared/i18n/language.js';
import type { WorkerReply } from '../../../shared/protocol/runtime.js';
import {
  DIAGNOSTICS_RUN,
  type DiagnosticsReply,
  type DiagnosticsRunRequest,
} from '../../../shared/protocol/diagnostics.js';

export const DIAGNOSTICS_PAGE = 'extension/pages/diagnostics/index.html';
export const ORIGIN_PARAM = 'origin';

export type RunDiagnostics = (options: { origin?: string; tabId?: number }) => Promise<DiagnosticsReply>;

/** Asks the service worker; a failed run becomes an error the page shows. */
export function runtimeDiagnostics(): RunDiagnostics {
  return async (options) => {
    const reply = await chrome.runtime.sendMessage<
      DiagnosticsRunRequest,
      WorkerReply<DiagnosticsReply> | undefined
    >({
      type: DIAGNOSTICS_RUN,
      ...options,
    });
    if (!reply) throw new Error('Geen antwoord van de extensie / no answer from the extension');
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.result;
  };
}

/** The page's language: the one rule of shared/i18n/language.ts (Dutch unless policy or browser say English). */
export function pageLanguage(
  setting: 'nl' | 'en' | 'auto' | undefined,
  browserLanguage: string,
): 'nl' | 'en' {
  return resolveLanguage(setting, browserLanguage);
}
