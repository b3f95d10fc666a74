// Redaction for logs and support reports: personal data out, what helps the helpdesk in.
// PINs and secrets are removed entirely; UZI numbers and names keep their last 3 characters
// (enough to tell two cards apart, not enough to identify a person); URA and role stay
// because they identify the organisation, not the person.

/** Keys whose value is a secret: removed from logs, reports and any text they were copied into. */
export const SECRET_KEYS = /^(pin|puk|newPin|password|secret|privateKey)$/i;
/**
 * Keys whose value identifies a person: masked to the last 3 characters. The one list for the log
 * redaction here and the support report's scrub (shared/diagnostics/scrub.ts). A bare `name` is not in
 * it: under that key the host and diagnostics carry reader names, which the helpdesk needs to see;
 * holder names travel under the keys below.
 */
export const PERSONAL_KEYS =
  /^(uziNumber|givenName|surname|commonName|holder|holderName|upn|subjectSerialNumber|email|dateOfBirth)$/i;
/** 9-digit UZI numbers inside free text, e.g. a SAN string or an error message. */
const UZI_IN_TEXT = /\b(\d{6})(\d{3})\b/g;

export function maskKeepLast(value: string, keep = 3): string {
  if (value.length <= keep) return '*'.repeat(value.length);
  return '*'.repeat(value.length - keep) + value.slice(-keep);
}

export function redactText(text: string): string {
  return text.replace(UZI_IN_TEXT, (_match, _head: string, tail: string) => `******${tail}`);
}

export function redact<T>(value: T, depth = 0): T {
  if (depth > 8) return '[…]' as T;
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redact(item, depth + 1)) as T;
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (SECRET_KEYS.test(key)) out[key] = '[verwijderd]';
      else if (PERSONAL_KEYS.test(key) && typeof item === 'string') out[key] = maskKeepLast(item);
      else out[key] = redact(item, depth + 1);
    }
    return out as T;
  }
  return value;
}
