// Effective settings: managed (browser policy) over local (user) over defaults. Invalid
// policy values are reported and ignored, never fatal.
import type { OriginPolicy } from '../../../shared/origins.js';

export interface Settings extends OriginPolicy {
  language: 'nl' | 'en' | 'auto';
}

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  allowedOrigins: [],
  sandboxAllowed: __ZORGID_SANDBOX_DEFAULT__,
  language: 'auto',
});

export interface EffectiveSettings {
  settings: Settings;
  enforced: (keyof Settings)[];
  problems: string[];
}

const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:[0-9]{1,5})?$/;

function pick(source: Record<string, unknown>, problems: string[], label: string): Partial<Settings> {
  const out: Partial<Settings> = {};
  if ('allowedOrigins' in source) {
    const value = source.allowedOrigins;
    if (Array.isArray(value) && value.every((item) => typeof item === 'string' && ORIGIN.test(item))) {
      out.allowedOrigins = value as string[];
    } else problems.push(`${label}.allowedOrigins: expected a list of origins like https://portal.example.nl`);
  }
  if ('sandboxAllowed' in source) {
    if (typeof source.sandboxAllowed === 'boolean') out.sandboxAllowed = source.sandboxAllowed;
    else problems.push(`${label}.sandboxAllowed: expected true or false`);
  }
  if ('language' in source) {
    if (source.language === 'nl' || source.language === 'en' || source.language === 'auto') out.language = source.language;
    else problems.push(`${label}.language: expected nl, en or auto`);
  }
  return out;
}

export async function loadSettings(): Promise<EffectiveSettings> {
  const problems: string[] = [];
  let managed: Record<string, unknown> = {};
  let local: Record<string, unknown> = {};
  try {
    managed = (await chrome.storage.managed.get(null)) as Record<string, unknown>;
  } catch {
    // No managed storage (no policy schema or Firefox without policy): nothing enforced.
  }
  try {
    const stored = (await chrome.storage.local.get('settings')) as { settings?: unknown };
    if (stored.settings && typeof stored.settings === 'object') local = stored.settings as Record<string, unknown>;
  } catch {
    problems.push('local settings unreadable: using defaults');
  }
  const fromManaged = pick(managed, problems, 'policy');
  const fromLocal = pick(local, problems, 'local');
  return {
    settings: { ...DEFAULT_SETTINGS, ...fromLocal, ...fromManaged },
    enforced: Object.keys(fromManaged) as (keyof Settings)[],
    problems,
  };
}
