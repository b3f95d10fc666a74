// The extension pages (diagnostics page, popup) ↔ service worker boundary for diagnostics: the
// request and the reply, declared once for the worker that answers and the pages that ask.
import type { HelpdeskInfo } from '../diagnostics/report.js';
import type { DiagnosticsResult } from '../diagnostics/types.js';

export const DIAGNOSTICS_RUN = 'diagnostics-run';

export interface DiagnosticsRunRequest {
  type: typeof DIAGNOSTICS_RUN;
  /** The web page the user came from (popup → diagnostics page), to check whether it may use the card. */
  origin?: string;
  /** The tab that page is in: its toolbar badge then shows this run's verdict. */
  tabId?: number;
}

export interface DiagnosticsReply extends DiagnosticsResult {
  extensionVersion: string;
  hostVersion?: string;
  language: 'nl' | 'en' | 'auto';
  /** Where "Gids tonen" opens the portal. */
  defaultEnvironment: 'productie' | 'acceptatie';
  helpdesk?: HelpdeskInfo;
  /** Each setting with its value and where it came from (shown on the page for administrators). */
  settings?: SettingWithSource[];
}

export interface SettingWithSource {
  key: string;
  value: unknown;
  source: 'policy' | 'local' | 'default';
}
