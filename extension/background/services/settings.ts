// Effective settings: managed (browser policy) over local (user) over defaults. Invalid
// values are reported in `problems` and ignored, never fatal. The rules here are pure (no
// chrome.*, no DOM, no Node) so the policy generators in cli/policy validate an
// administrator's settings file with exactly the rules the extension applies.
import { isLocalAbsoluteModulePath } from '../../../shared/module-path.js';
import { isSecureOrigin, type OriginPolicy } from '../../../shared/origins.js';

export const ENVIRONMENTS = ['productie', 'acceptatie'] as const;
export const LANGUAGES = ['nl', 'en', 'auto'] as const;
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export const MODULE_OSES = ['windows', 'macos', 'linux'] as const;
export const HELPDESK_FIELDS = ['name', 'phone', 'email', 'url'] as const;

export type Environment = (typeof ENVIRONMENTS)[number];
export type Language = (typeof LANGUAGES)[number];
export type LogLevel = (typeof LOG_LEVELS)[number];
export type ModuleOs = (typeof MODULE_OSES)[number];
export type HelpdeskContact = Partial<Record<(typeof HELPDESK_FIELDS)[number], string>>;
export type Pkcs11ModulePolicy = Partial<Record<ModuleOs, string[]>>;

export interface Settings extends OriginPolicy {
  allowedOrigins: readonly string[];
  sandboxAllowed: boolean;
  language: Language;
  defaultEnvironment: Environment;
  /** Shown in the guide and in diagnostic reports; absent = no organisation helpdesk. */
  helpdesk?: HelpdeskContact;
  pkcs11Modules: Pkcs11ModulePolicy;
  /** Validated by applyStepMapCorrections (shared/steps); only its outer shape is checked here. */
  stepMapCorrections?: Record<string, unknown>;
  logLevel: LogLevel;
}

export type SettingKey = keyof Settings;
export const SETTING_KEYS: readonly SettingKey[] = Object.freeze([
  'allowedOrigins',
  'sandboxAllowed',
  'language',
  'defaultEnvironment',
  'helpdesk',
  'pkcs11Modules',
  'stepMapCorrections',
  'logLevel',
]);

// vite replaces the constant in builds (extension/env.d.ts); Node (scripts, tests) has no define,
// hence the local declaration and the typeof guard: there it behaves like a release build.
declare const __ZORGID_SANDBOX_DEFAULT__: boolean | undefined;
const SANDBOX_DEFAULT = typeof __ZORGID_SANDBOX_DEFAULT__ === 'boolean' ? __ZORGID_SANDBOX_DEFAULT__ : false;

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  allowedOrigins: [],
  sandboxAllowed: SANDBOX_DEFAULT,
  language: 'auto',
  defaultEnvironment: 'productie',
  pkcs11Modules: {},
  logLevel: 'info',
});

export interface EffectiveSettings {
  settings: Settings;
  /** Keys set by browser policy: the options page shows them as fixed by the organisation. */
  enforced: SettingKey[];
  /** One line per ignored value, `<policy|local>.<key>: <nl> / <en>`. */
  problems: string[];
}

export interface SettingsProblem {
  key: string;
  message: string;
}

/**
 * Who may use the card, and which native library the host loads: from browser policy only. A content
 * script (running in the renderer of every allowlisted page) can write chrome.storage.local, so a value
 * there must never widen these; it is reported and ignored.
 */
export const POLICY_ONLY_KEYS: readonly SettingKey[] = Object.freeze([
  'allowedOrigins',
  'sandboxAllowed',
  'pkcs11Modules',
]);

export const SETTINGS_LIMITS = Object.freeze({
  maxListItems: 50,
  maxTextLength: 300,
  maxPathLength: 1024,
  maxCorrectionsJsonChars: 64 * 1024,
});

// Exact origin syntax; isSecureOrigin then limits http to loopback.
const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:[0-9]{1,5})?$/;
const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;
const PHONE = /^\+?[0-9 ()-]{6,30}$/;

type Rule = (value: unknown) => { value: unknown } | { problem: string };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (problem: string) => ({ problem });

function oneOfRule(allowed: readonly string[]): Rule {
  return (v) =>
    typeof v === 'string' && allowed.includes(v)
      ? { value: v }
      : fail(`verwacht een van / expected one of ${allowed.join(', ')}`);
}

function isPortalOrigin(v: unknown): v is string {
  return (
    typeof v === 'string' && v.length <= SETTINGS_LIMITS.maxTextLength && ORIGIN.test(v) && isSecureOrigin(v)
  );
}

function helpdeskField(field: string, v: unknown): string | undefined {
  if (
    typeof v !== 'string' ||
    v.trim() === '' ||
    v.length > SETTINGS_LIMITS.maxTextLength ||
    CONTROL.test(v)
  ) {
    return 'verwacht niet-lege tekst / expected non-empty text';
  }
  if (field === 'email' && !EMAIL.test(v)) return 'verwacht een e-mailadres / expected an e-mail address';
  if (field === 'phone' && !PHONE.test(v)) return 'verwacht een telefoonnummer / expected a phone number';
  if (field === 'url') {
    try {
      if (new URL(v).protocol === 'https:') return undefined;
    } catch {
      // falls through to the message
    }
    return 'verwacht een https-adres / expected an https URL';
  }
  return undefined;
}

const RULES: Readonly<Record<SettingKey, Rule>> = {
  allowedOrigins: (v) =>
    Array.isArray(v) && v.length <= SETTINGS_LIMITS.maxListItems && v.every(isPortalOrigin)
      ? { value: [...new Set(v)] }
      : fail(
          'verwacht een lijst met exacte origins zoals https://portaal.example.nl (geen pad, geen *) / ' +
            'expected a list of exact origins like https://portal.example.nl (no path, no wildcard)',
        ),
  sandboxAllowed: (v) =>
    typeof v === 'boolean' ? { value: v } : fail('verwacht true of false / expected true or false'),
  language: oneOfRule(LANGUAGES),
  defaultEnvironment: oneOfRule(ENVIRONMENTS),
  logLevel: oneOfRule(LOG_LEVELS),
  helpdesk: (v) => {
    if (!isRecord(v)) return fail('verwacht {name, phone, email, url} / expected {name, phone, email, url}');
    const out: HelpdeskContact = {};
    for (const [field, fieldValue] of Object.entries(v)) {
      if (!(HELPDESK_FIELDS as readonly string[]).includes(field)) {
        return fail(`onbekend veld ${field} / unknown field ${field}`);
      }
      // Group Policy writes an empty value for a field the administrator left blank: not shown.
      if (fieldValue === '') continue;
      const problem = helpdeskField(field, fieldValue);
      if (problem) return fail(`${field}: ${problem}`);
      out[field as keyof HelpdeskContact] = fieldValue as string;
    }
    if (Object.keys(out).length === 0) return fail('minstens één veld nodig / at least one field needed');
    return { value: out };
  },
  pkcs11Modules: (v) => {
    const expected =
      'verwacht {windows, macos, linux} met lijsten van absolute paden / ' +
      'expected {windows, macos, linux} with lists of absolute local paths (no UNC share, no ..)';
    if (!isRecord(v)) return fail(expected);
    const out: Pkcs11ModulePolicy = {};
    for (const [os, paths] of Object.entries(v)) {
      if (!(MODULE_OSES as readonly string[]).includes(os)) return fail(`${os}: ${expected}`);
      if (
        !Array.isArray(paths) ||
        paths.length > SETTINGS_LIMITS.maxListItems ||
        !paths.every(isLocalAbsoluteModulePath)
      ) {
        return fail(`${os}: ${expected}`);
      }
      out[os as ModuleOs] = [...paths];
    }
    return { value: out };
  },
  // Chrome's policy schema cannot describe a free-form tree, so Chrome/Edge deliver it as a
  // JSON string; Firefox delivers the object itself. Both end up as an object here.
  stepMapCorrections: (v) => {
    let parsed = v;
    if (typeof v === 'string') {
      if (v.length > SETTINGS_LIMITS.maxCorrectionsJsonChars) return fail('te groot / too large');
      try {
        parsed = JSON.parse(v);
      } catch {
        return fail('geen geldige JSON / not valid JSON');
      }
    }
    return isRecord(parsed)
      ? { value: parsed }
      : fail('verwacht een object (of JSON-tekst van een object) / expected an object (or its JSON text)');
  },
};

/** Validates one settings object: the valid values, and a problem for each invalid or unknown key. */
export function validateSettings(input: unknown): { values: Partial<Settings>; problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  const values: Record<string, unknown> = {};
  if (input === undefined || input === null) return { values: {}, problems };
  if (!isRecord(input)) {
    return { values: {}, problems: [{ key: '', message: 'verwacht een object / expected an object' }] };
  }
  for (const [key, raw] of Object.entries(input)) {
    if (!(SETTING_KEYS as readonly string[]).includes(key)) {
      problems.push({ key, message: 'onbekende instelling, genegeerd / unknown setting, ignored' });
      continue;
    }
    const result = RULES[key as SettingKey](raw);
    if ('problem' in result) problems.push({ key, message: result.problem });
    else values[key] = result.value;
  }
  return { values: values, problems };
}

/** managed > local > defaults, with POLICY_ONLY_KEYS never from local; pure so it is testable without chrome.storage. */
export function mergeSettings(managed: unknown, local: unknown): EffectiveSettings {
  const fromManaged = validateSettings(managed);
  const fromLocal = validateSettings(local);
  for (const key of POLICY_ONLY_KEYS) {
    if (key in fromLocal.values) {
      delete fromLocal.values[key];
      fromLocal.problems.push({
        key,
        message: 'alleen via browserbeleid, genegeerd / only from browser policy, ignored',
      });
    }
  }
  const format = (label: string) => (p: SettingsProblem) =>
    `${label}${p.key ? `.${p.key}` : ''}: ${p.message}`;
  return {
    settings: { ...DEFAULT_SETTINGS, ...fromLocal.values, ...fromManaged.values },
    enforced: SETTING_KEYS.filter((key) => key in fromManaged.values),
    problems: [...fromManaged.problems.map(format('policy')), ...fromLocal.problems.map(format('local'))],
  };
}

/** The part of chrome.storage used here, so the caller (or a test) can pass another. */
export interface SettingsStorage {
  managed: { get(keys: null): Promise<Record<string, unknown>> };
  local: { get(key: string): Promise<Record<string, unknown>> };
}

function browserStorage(): SettingsStorage | undefined {
  return (globalThis as { chrome?: { storage?: SettingsStorage } }).chrome?.storage;
}

export async function loadSettings(
  storage: SettingsStorage | undefined = browserStorage(),
): Promise<EffectiveSettings> {
  let managed: unknown = {};
  let local: unknown = {};
  const readProblems: string[] = [];
  try {
    managed = await storage?.managed.get(null);
  } catch {
    // No managed storage (no policy schema, or Firefox without policy): nothing enforced.
  }
  try {
    local = (await storage?.local.get('settings'))?.settings;
  } catch {
    readProblems.push(
      'local: lokale instellingen onleesbaar, standaardwaarden gebruikt / local settings unreadable, using defaults',
    );
  }
  const merged = mergeSettings(managed, local);
  return { ...merged, problems: [...readProblems, ...merged.problems] };
}
