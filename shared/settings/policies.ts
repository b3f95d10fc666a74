// The policy table: one entry per setting, the single place a setting is defined. The extension's
// settings merge (./merge.ts), the managed-storage schema (extension/managed-schema.json, generated
// by cli/policy/managed-schema.ts and checked by a unit test) and the Group Policy templates
// (cli/policy/admx.ts) are all read from it. Pure: no chrome.*, no DOM, no Node.
import { isLocalAbsoluteModulePath } from '../module-path.js';
import { isSecureOrigin, type OriginPolicy } from '../origins.js';

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

/** Dutch first, English second; both are shown to administrators (schema, ADMX/ADML). */
export interface Bilingual {
  nl: string;
  en: string;
}

/** Chrome's managed-storage schema subset (type, properties, items, enum, pattern). */
export interface ManagedSchema {
  type: 'object' | 'array' | 'string' | 'boolean' | 'integer' | 'number';
  title?: string;
  description?: string;
  properties?: Record<string, ManagedSchema>;
  additionalProperties?: ManagedSchema;
  items?: ManagedSchema;
  enum?: (string | number)[];
  pattern?: string;
}

/** One control in a Group Policy template (ADMX element + ADML presentation). */
export type AdmxElement =
  | { kind: 'list'; id: string; subkey: string; label: Bilingual }
  | { kind: 'enum'; id: string; valueName: string; values: readonly string[]; label: Bilingual }
  | { kind: 'text'; id: string; valueName: string; subkey?: string; label: Bilingual };

export interface AdmxShape {
  /** The policy's name in the ADMX file (PascalCase). */
  name: string;
  /** A boolean policy has no elements: enabled = 1, disabled = 0. */
  booleanValueName?: string;
  elements: readonly AdmxElement[];
}

type Rule = (value: unknown) => { value: unknown } | { problem: string };

export interface PolicyDefinition {
  title: Bilingual;
  /** What it does, for administrators (schema description, ADML explain text). */
  explain: Bilingual;
  /**
   * true: only browser policy may set it; a value in chrome.storage.local is reported and ignored.
   * A content script (running in the renderer of every allowlisted page) can write storage.local, so
   * anything that decides who may use the card, what native code the host loads, or what a user is
   * told to trust (helpdesk contact, step map) is policy-only.
   */
  policyOnly: boolean;
  schema: ManagedSchema;
  admx: AdmxShape;
  rule: Rule;
}

export const SETTINGS_LIMITS = Object.freeze({
  maxListItems: 50,
  maxTextLength: 300,
  maxPathLength: 1024,
  maxCorrectionsJsonChars: 64 * 1024,
});

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

// Exact origin syntax; isSecureOrigin then limits http to loopback.
const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:[0-9]{1,5})?$/;
const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;
const PHONE = /^\+?[0-9 ()-]{6,30}$/;

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

const HELPDESK_LABELS: Readonly<Record<(typeof HELPDESK_FIELDS)[number], Bilingual>> = {
  name: { nl: 'Naam', en: 'Name' },
  phone: { nl: 'Telefoon', en: 'Phone' },
  email: { nl: 'E-mail', en: 'E-mail' },
  url: { nl: 'Website (https)', en: 'Website (https)' },
};

const MODULE_OS_LABELS: Readonly<Record<ModuleOs, Bilingual>> = {
  windows: { nl: 'Windows-paden', en: 'Windows paths' },
  macos: { nl: 'macOS-paden', en: 'macOS paths' },
  linux: { nl: 'Linux-paden', en: 'Linux paths' },
};

const enumSchema = (values: readonly string[]): ManagedSchema => ({ type: 'string', enum: [...values] });

/** The table. Its order is SETTING_KEYS' order (diagnostics lists settings in it), the schema's and the ADMX's. */
export const POLICIES: Readonly<Record<SettingKey, PolicyDefinition>> = {
  allowedOrigins: {
    title: { nl: 'Toegestane portaal-origins', en: 'Allowed portal origins' },
    explain: {
      nl: 'Extra exacte origins (https://host of https://host:poort, zonder pad en zonder *) die de UZI-pas via ZORG-ID Companion mogen gebruiken. De twee ZORG-ID-portalen zijn altijd toegestaan.',
      en: 'Extra exact origins (https://host or https://host:port, no path, no wildcard) allowed to use the UZI-pas through ZORG-ID Companion. The two ZORG-ID portals are always allowed.',
    },
    policyOnly: true,
    schema: { type: 'array', items: { type: 'string', pattern: '^https://[a-z0-9.-]+(:[0-9]{1,5})?$' } },
    admx: {
      name: 'AllowedOrigins',
      elements: [
        {
          kind: 'list',
          id: 'AllowedOriginsList',
          subkey: 'allowedOrigins',
          label: { nl: 'Origins', en: 'Origins' },
        },
      ],
    },
    rule: (v) =>
      Array.isArray(v) && v.length <= SETTINGS_LIMITS.maxListItems && v.every(isPortalOrigin)
        ? { value: [...new Set(v)] }
        : fail(
            'verwacht een lijst met exacte origins zoals https://portaal.example.nl (geen pad, geen *) / ' +
              'expected a list of exact origins like https://portal.example.nl (no path, no wildcard)',
          ),
  },
  sandboxAllowed: {
    title: { nl: 'Sandbox toestaan', en: 'Allow the sandbox' },
    explain: {
      nl: 'Sta de lokale sandbox-origins (http://127.0.0.1:4410 en :4411) toe. Alleen voor tests en training.',
      en: 'Allow the local sandbox origins (http://127.0.0.1:4410 and :4411). Only for testing and training.',
    },
    policyOnly: true,
    schema: { type: 'boolean' },
    admx: { name: 'SandboxAllowed', booleanValueName: 'sandboxAllowed', elements: [] },
    rule: (v) =>
      typeof v === 'boolean' ? { value: v } : fail('verwacht true of false / expected true or false'),
  },
  language: {
    title: { nl: 'Taal', en: 'Language' },
    explain: { nl: 'nl, en of auto (de taal van de browser).', en: 'nl, en or auto (the browser language).' },
    policyOnly: false,
    schema: enumSchema(LANGUAGES),
    admx: {
      name: 'Language',
      elements: [
        {
          kind: 'enum',
          id: 'LanguageValue',
          valueName: 'language',
          values: LANGUAGES,
          label: { nl: 'Taal', en: 'Language' },
        },
      ],
    },
    rule: oneOfRule(LANGUAGES),
  },
  defaultEnvironment: {
    title: { nl: 'Standaardomgeving', en: 'Default environment' },
    explain: {
      nl: 'Welke ZORG-ID-omgeving de handleiding standaard opent.',
      en: 'Which ZORG-ID environment the guide opens by default.',
    },
    policyOnly: false,
    schema: enumSchema(ENVIRONMENTS),
    admx: {
      name: 'DefaultEnvironment',
      elements: [
        {
          kind: 'enum',
          id: 'DefaultEnvironmentValue',
          valueName: 'defaultEnvironment',
          values: ENVIRONMENTS,
          label: { nl: 'Omgeving', en: 'Environment' },
        },
      ],
    },
    rule: oneOfRule(ENVIRONMENTS),
  },
  helpdesk: {
    title: { nl: 'Helpdesk van de organisatie', en: 'Organisation helpdesk' },
    explain: {
      nl: 'Contactgegevens die de handleiding en diagnoserapporten tonen. Laat velden leeg die u niet wilt tonen.',
      en: 'Contact details shown in the guide and in diagnostic reports. Leave fields empty to hide them.',
    },
    // Users are told to call this number with their card problems: a planted one is a phishing line.
    policyOnly: true,
    schema: {
      type: 'object',
      properties: Object.fromEntries(
        HELPDESK_FIELDS.map((field) => [
          field,
          { title: bilingual(HELPDESK_LABELS[field]), type: 'string' as const },
        ]),
      ),
    },
    admx: {
      name: 'Helpdesk',
      elements: HELPDESK_FIELDS.map((field) => ({
        kind: 'text' as const,
        id: `Helpdesk_${field}`,
        valueName: field,
        subkey: 'helpdesk',
        label: HELPDESK_LABELS[field],
      })),
    },
    rule: (v) => {
      if (!isRecord(v))
        return fail('verwacht {name, phone, email, url} / expected {name, phone, email, url}');
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
  },
  pkcs11Modules: {
    title: { nl: 'PKCS#11-modules', en: 'PKCS#11 modules' },
    explain: {
      nl: 'Absolute paden naar de PKCS#11-module van de UZI-pas (SafeSign), per besturingssysteem, in volgorde van voorkeur. Gaat voor ZORGID_PKCS11_MODULE en de standaardpaden.',
      en: 'Absolute paths to the UZI-pas PKCS#11 module (SafeSign), per operating system, in order of preference. Takes precedence over ZORGID_PKCS11_MODULE and the default paths.',
    },
    policyOnly: true,
    schema: {
      type: 'object',
      properties: Object.fromEntries(
        MODULE_OSES.map((os) => [os, { type: 'array' as const, items: { type: 'string' as const } }]),
      ),
    },
    admx: {
      name: 'Pkcs11Modules',
      elements: MODULE_OSES.map((os) => ({
        kind: 'list' as const,
        id: `Pkcs11Modules_${os}`,
        subkey: `pkcs11Modules\\${os}`,
        label: MODULE_OS_LABELS[os],
      })),
    },
    rule: (v) => {
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
  },
  stepMapCorrections: {
    title: { nl: 'Correcties op de stappenkaart', en: 'Step map corrections' },
    explain: {
      nl: 'JSON-tekst (één regel) met correcties op de stappenkaart van de handleiding; zie docs/deployment.md. Tekst, omdat Chrome-beleid geen vrije objectboom kan beschrijven.',
      en: "JSON text (one line) with corrections to the guide's step map; see docs/deployment.md. Text, because Chrome policy cannot describe a free-form tree.",
    },
    // The step map tells users where to click and what to type: a planted one misleads them.
    policyOnly: true,
    schema: { type: 'string' },
    admx: {
      name: 'StepMapCorrections',
      elements: [
        {
          kind: 'text',
          id: 'StepMapCorrectionsJson',
          valueName: 'stepMapCorrections',
          label: { nl: 'JSON', en: 'JSON' },
        },
      ],
    },
    // Chrome's policy schema cannot describe a free-form tree, so Chrome/Edge deliver it as a
    // JSON string; Firefox delivers the object itself. Both end up as an object here.
    rule: (v) => {
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
  },
  logLevel: {
    title: { nl: 'Logniveau', en: 'Log level' },
    explain: { nl: 'debug, info, warn of error.', en: 'debug, info, warn or error.' },
    policyOnly: false,
    schema: enumSchema(LOG_LEVELS),
    admx: {
      name: 'LogLevel',
      elements: [
        {
          kind: 'enum',
          id: 'LogLevelValue',
          valueName: 'logLevel',
          values: LOG_LEVELS,
          label: { nl: 'Niveau', en: 'Level' },
        },
      ],
    },
    rule: oneOfRule(LOG_LEVELS),
  },
};

function bilingual(text: Bilingual): string {
  return text.nl === text.en ? text.nl : `${text.nl} / ${text.en}`;
}

export const SETTING_KEYS: readonly SettingKey[] = Object.freeze(Object.keys(POLICIES) as SettingKey[]);

/** Keys a value in chrome.storage.local may not set (see PolicyDefinition.policyOnly). */
export const POLICY_ONLY_KEYS: readonly SettingKey[] = Object.freeze(
  SETTING_KEYS.filter((key) => POLICIES[key].policyOnly),
);

/** extension/managed-schema.json, derived from the table (a unit test keeps the committed file equal). */
export function managedSchema(): ManagedSchema {
  return {
    type: 'object',
    properties: Object.fromEntries(
      SETTING_KEYS.map((key) => {
        const { title, explain, schema } = POLICIES[key];
        return [key, { title: bilingual(title), description: bilingual(explain), ...schema }];
      }),
    ),
  };
}
