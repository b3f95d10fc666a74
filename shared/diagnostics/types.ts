// The diagnostics check model, shared by the extension's diagnostics page, the toolbar badge and
// `zorgid-companion doctor`. Pure data: no DOM, no Node.
import type { ErrorCode, WireError } from '../errors.js';
import type { HostStatus, PinStatusResult, ReadCardResult, RevocationResult } from '../protocol/host.js';
import type { StepId } from '../steps/types.js';

export interface LocalText {
  nl: string;
  en: string;
}

export const CHECK_STATUSES = ['pass', 'skip', 'warn', 'fail'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];
/** The workstation's health: a skipped check never makes it worse. */
export type Health = 'pass' | 'warn' | 'fail';

/** In the order the checks are shown: from the browser down to the card, then context. */
export const CHECK_IDS = [
  'browser',
  'extension',
  'host-installation',
  'policy',
  'host',
  'pcsc',
  'readers',
  'card',
  'certificates',
  'pin',
  'pkcs11',
  'origin',
  'guide',
  'events',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export interface DiagnosticCheck {
  id: CheckId;
  title: LocalText;
  status: CheckStatus;
  detail: LocalText;
  /** What to do next, plain Dutch first. */
  fix?: LocalText;
  /** Facts for the helpdesk (already masked: never a full name or UZI number). */
  data?: Record<string, unknown>;
  /** The CompanionError code behind a warn/fail, when there is one. */
  code?: ErrorCode;
}

/** An operation's outcome: its result, or the error it gave; absent when it was not attempted. */
export type Outcome<T> = { result: T } | { error: WireError };

export interface BrowserInfo {
  /** e.g. 'Chromium', 'Google Chrome', 'Microsoft Edge', 'Firefox'. */
  product: string;
  version: string;
  /** Lowest major version the extension supports in this browser family. */
  minimumMajor?: number;
}

export interface ExtensionInfo {
  version: string;
  /** Setting keys fixed by browser policy. */
  enforced: readonly string[];
  /** Ignored (invalid) values, `<policy|local>.<key>: <nl> / <en>`. */
  problems: readonly string[];
  /** Each effective setting with its value and where it came from (policy, local, default). */
  settings?: readonly { key: string; value: unknown; source: 'policy' | 'local' | 'default' }[];
}

/** How the host answered: its greeting, then `status`; or the error that stopped it. */
export interface HostProbe {
  hello?: { version: string; protocol: number };
  status?: HostStatus;
  error?: WireError;
}

/** One native messaging registration as `verifyHostInstallation` reports it. */
export interface HostInstallationInfo {
  browser: string;
  scope: string;
  path: string;
  ok: boolean;
  problems: readonly string[];
}

export interface OriginInfo {
  origin: string;
  allowed: boolean;
  /** A ZORG-ID portal (or the sandbox's): a page that needs the card. */
  portal?: boolean;
  /** The policy settings (with their values) that keep this origin out, when policy sets them. */
  blockedBy?: readonly { key: string; value: unknown }[];
}

/** Whether the card's authentication certificate is revoked, as the host found out (OCSP, then CRL). */
export type RevocationInfo = RevocationResult;

export interface GuideInfo {
  environment: string;
  current?: StepId;
  done: number;
  total: number;
  updatedAt?: string;
}

/** An entry of the extension's event log (already redacted where it was recorded). */
export interface EventInfo {
  time: string;
  source: string;
  event: unknown;
}

export interface DiagnosticsInput {
  /** 'browser': the extension's checks; 'terminal': `doctor`, with the host manifests instead. */
  context: 'browser' | 'terminal';
  now?: Date;
  browser?: BrowserInfo;
  extension?: ExtensionInfo;
  /** From a terminal (doctor): the host manifests per browser. */
  hostInstallation?: readonly HostInstallationInfo[];
  host: HostProbe;
  card?: Outcome<ReadCardResult>;
  pin?: Outcome<PinStatusResult>;
  /** Revocation of the card's certificate; absent = not checked (a warning). */
  revocation?: RevocationInfo;
  /** The PKCS#11 modules that were tried, when the resolver says (doctor). */
  pkcs11Tried?: readonly { path: string; source: string }[];
  /** From a terminal: browsers whose own environment names a module this terminal's host lacks. */
  pkcs11BrowserOnly?: readonly string[];
  origin?: OriginInfo;
  guide?: GuideInfo;
  events?: readonly EventInfo[];
}

export interface DiagnosticsResult {
  generatedAt: string;
  overall: Health;
  /** The check that names the verdict: the first failure, else the first warning. */
  problem?: CheckId;
  checks: DiagnosticCheck[];
}
