// The support report: what the helpdesk needs to see a workstation's set-up in one look, as
// readable Dutch text and as JSON, under a short reference code the user reads out on the phone.
// Names and UZI numbers are masked (last 3 kept), secrets removed, page content never included;
// URA, organisation and role stay because they identify the organisation, not the person.
import { redact } from '../redact.js';
import { collectSensitive, scrubStrings } from './scrub.js';
import { STATUS_LABELS, localText } from './texts.js';
import type { CheckStatus, DiagnosticCheck, DiagnosticsResult, Health, LocalText } from './types.js';

export const SUPPORT_REPORT_FORMAT = 'zorgid-companion/support-report:1';
export const REFERENCE_PREFIX = 'ZC-';
export const REFERENCE_LENGTH = 6;
/** Crockford base32: no I, L, O, U, so a code read out on the phone cannot be misheard as another. */
export const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const REFERENCE_PATTERN = /^ZC-[0-9A-HJKMNP-TV-Z]{6}$/;

const BITS_PER_CHAR = 5;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a (32 bit): small and synchronous; the code only has to be short and unlikely to repeat. */
function fnv1a(text: string): number {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
  }
  return hash;
}

function randomUint32(): number {
  return globalThis.crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
}

export function referenceCode(now: Date = new Date(), random: number = randomUint32()): string {
  let hash = fnv1a(`${now.toISOString()}|${random}`);
  let code = '';
  for (let i = 0; i < REFERENCE_LENGTH; i++) {
    code += REFERENCE_ALPHABET[hash & 0x1f];
    hash >>>= BITS_PER_CHAR;
  }
  return REFERENCE_PREFIX + code;
}

export interface HelpdeskInfo {
  name?: string;
  phone?: string;
  email?: string;
  url?: string;
}

/** Local time with its UTC offset, e.g. `2026-12-05 19:27:20 +01:00`: what the user's clock said. */
export function localTimeWithOffset(date: Date): string {
  const pad = (value: number) => String(Math.trunc(Math.abs(value))).padStart(2, '0');
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())} ` +
    `${sign}${pad(offset / 60)}:${pad(offset % 60)}`
  );
}

export interface SupportReportInput {
  result: DiagnosticsResult;
  context: 'browser' | 'terminal';
  /** OS, host name, versions, manifest and launcher paths, settings with their source. */
  workstation?: Record<string, unknown>;
  /** The language of the text version (one language throughout); Dutch by default. */
  lang?: 'nl' | 'en';
  helpdesk?: HelpdeskInfo;
  now?: Date;
  /** For tests: the random part of the reference code. */
  random?: number;
}

export interface SupportReportJson {
  format: typeof SUPPORT_REPORT_FORMAT;
  reference: string;
  generatedAt: string;
  checkedAt: string;
  context: 'browser' | 'terminal';
  overall: Health;
  /** The check that names the verdict (first failure, else first warning). */
  problem?: string;
  /** The workstation's local time with UTC offset when the report was made. */
  localTime: string;
  helpdesk?: HelpdeskInfo;
  workstation?: Record<string, unknown>;
  checks: DiagnosticCheck[];
}

export interface SupportReport {
  reference: string;
  json: SupportReportJson;
  text: string;
}

/** The checks as the report carries them: redacted by key, then by value and pattern in all text. */
export function sanitiseChecks(checks: readonly DiagnosticCheck[]): DiagnosticCheck[] {
  const sensitive = collectSensitive(checks);
  return scrubStrings(redact(checks.map((item) => ({ ...item }))), sensitive);
}

const TEXT_MARKS: Readonly<Record<'nl' | 'en', Readonly<Record<CheckStatus, string>>>> = {
  nl: { pass: '[ OK ]', warn: '[LET ]', fail: '[FOUT]', skip: '[ -- ]' },
  en: { pass: '[ OK ]', warn: '[WARN]', fail: '[FAIL]', skip: '[ -- ]' },
};

const REPORT_TEXT = {
  heading: localText('ZORG-ID Companion – supportrapport', 'ZORG-ID Companion – support report'),
  reference: localText('Referentie (noem deze aan de helpdesk)', 'Reference (give this to the helpdesk)'),
  date: localText('Datum', 'Date'),
  overall: localText('Totaal', 'Overall'),
  context: localText('Gecontroleerd vanuit', 'Checked from'),
  browser: localText('de browser', 'the browser'),
  terminal: localText('de terminal (doctor)', 'the terminal (doctor)'),
  helpdesk: localText('Helpdesk', 'Helpdesk'),
  fix: localText('Wat nu', 'What to do'),
  localTime: localText('Lokale tijd', 'Local time'),
  verdict: localText('Oorzaak', 'Cause'),
  workstation: localText('Werkplek', 'Workstation'),
  data: localText('Gegevens', 'Details'),
  privacy: localText(
    'Dit rapport bevat geen pincode en geen pagina-inhoud; namen en UZI-nummers zijn gemaskeerd.',
    'This report holds no PIN and no page content; names and UZI numbers are masked.',
  ),
} satisfies Record<string, LocalText>;

const MARK_WIDTH = TEXT_MARKS.nl.pass.length + 1;
const isScalar = (value: unknown) => ['string', 'number', 'boolean'].includes(typeof value) && value !== '';

function flatData(data: Record<string, unknown> | undefined): string | undefined {
  if (!data) return undefined;
  const parts = Object.entries(data)
    .filter(([, value]) => isScalar(value))
    .map(([key, value]) => `${key}=${String(value)}`);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

function scalarLine(value: unknown): string {
  if (isScalar(value)) return String(value);
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.map(scalarLine).join(', ');
  return Object.entries(value as Record<string, unknown>)
    .map(([key, item]) => `${key}=${isScalar(item) ? String(item) : JSON.stringify(item)}`)
    .join(', ');
}

/** Lists and nested facts (readers, manifests, events, policy values) one line per item, not dropped. */
function listLines(data: Record<string, unknown> | undefined, indent: string): string[] {
  if (!data) return [];
  const lines: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (isScalar(value) || value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      if (value.length === 0) {
        lines.push(`${indent}${key}: —`);
        continue;
      }
      lines.push(`${indent}${key}:`);
      for (const item of value) lines.push(`${indent}  - ${scalarLine(item)}`);
    } else {
      lines.push(`${indent}${key}: ${scalarLine(value)}`);
    }
  }
  return lines;
}

/** The checks as lines of text, one block per check; used by the report and by `doctor`. */
export function formatChecksText(checks: readonly DiagnosticCheck[], lang: 'nl' | 'en' = 'nl'): string {
  const indent = ' '.repeat(MARK_WIDTH);
  const lines: string[] = [];
  for (const item of checks) {
    lines.push(`${TEXT_MARKS[lang][item.status]} ${item.title[lang]}: ${item.detail[lang]}`);
    if (item.fix && (item.status === 'fail' || item.status === 'warn')) {
      lines.push(`${indent}${REPORT_TEXT.fix[lang]}: ${item.fix[lang]}`);
    }
    const data = flatData(item.data);
    if (data) lines.push(`${indent}${REPORT_TEXT.data[lang]}: ${data}`);
    lines.push(...listLines(item.data, indent));
  }
  return lines.join('\n');
}

function helpdeskLine(helpdesk: HelpdeskInfo | undefined): string | undefined {
  if (!helpdesk) return undefined;
  const parts = [helpdesk.name, helpdesk.phone, helpdesk.email, helpdesk.url].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

function scalarFacts(facts: Record<string, unknown>): string[] {
  return Object.entries(facts)
    .filter(([, value]) => isScalar(value))
    .map(([key, value]) => `  ${key}: ${String(value)}`);
}

export function reportText(json: SupportReportJson, lang: 'nl' | 'en' = 'nl'): string {
  const t = (text: LocalText) => text[lang];
  const helpdesk = helpdeskLine(json.helpdesk);
  const overall = `${STATUS_LABELS[json.overall][lang].toUpperCase()}`;
  const problem = json.problem ? json.checks.find((item) => item.id === json.problem) : undefined;
  return [
    t(REPORT_TEXT.heading),
    `${t(REPORT_TEXT.reference)}: ${json.reference}`,
    `${t(REPORT_TEXT.date)}: ${json.generatedAt} (UTC)`,
    `${t(REPORT_TEXT.localTime)}: ${json.localTime}`,
    `${t(REPORT_TEXT.context)}: ${t(json.context === 'browser' ? REPORT_TEXT.browser : REPORT_TEXT.terminal)}`,
    `${t(REPORT_TEXT.overall)}: ${overall}`,
    ...(problem ? [`${t(REPORT_TEXT.verdict)}: ${problem.title[lang]}`] : []),
    ...(helpdesk ? [`${t(REPORT_TEXT.helpdesk)}: ${helpdesk}`] : []),
    ...(json.workstation
      ? [
          `${t(REPORT_TEXT.workstation)}:`,
          ...listLines({ ...json.workstation }, '  '),
          ...scalarFacts(json.workstation),
        ]
      : []),
    '',
    formatChecksText(json.checks, lang),
    '',
    t(REPORT_TEXT.privacy),
    '',
  ].join('\n');
}

export function buildSupportReport(input: SupportReportInput): SupportReport {
  const now = input.now ?? new Date();
  const reference = referenceCode(now, input.random);
  const json: SupportReportJson = {
    format: SUPPORT_REPORT_FORMAT,
    reference,
    generatedAt: now.toISOString(),
    checkedAt: input.result.generatedAt,
    context: input.context,
    overall: input.result.overall,
    ...(input.result.problem ? { problem: input.result.problem } : {}),
    localTime: localTimeWithOffset(now),
    ...(input.workstation ? { workstation: redact({ ...input.workstation }) } : {}),
    // Configured by the organisation's policy: not personal, so it is not masked.
    ...(input.helpdesk ? { helpdesk: input.helpdesk } : {}),
    checks: sanitiseChecks(input.result.checks),
  };
  return { reference, json, text: reportText(json, input.lang ?? 'nl') };
}
