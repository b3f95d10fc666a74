// Personal data and secrets can reach free text (an error message naming the holder, a PIN in
// wrongly filled details). Keys alone do not catch that, so the values found under personal or
// secret keys are also masked or removed wherever they were copied into a string.
import { maskKeepLast, PERSONAL_KEYS as PERSONAL_KEY, SECRET_KEYS as SECRET_KEY } from '../redact.js';

/** A PIN or PUK written into free text ("pin: 123456", "pincode 1234"). */
const SECRET_IN_TEXT = /\b(pin|puk)(code)?\b\s*[:=]?\s*\d{4,}/gi;
const MIN_VALUE_LENGTH = 3;
const MAX_DEPTH = 10;
export const REMOVED = '[verwijderd]';

export interface SensitiveValues {
  secrets: string[];
  personal: string[];
}

/** Every string under a secret or personal key (already masked values left out), longest first. */
export function collectSensitive(value: unknown): SensitiveValues {
  const secrets = new Set<string>();
  const personal = new Set<string>();
  const walk = (item: unknown, depth: number) => {
    if (depth > MAX_DEPTH || typeof item !== 'object' || item === null) return;
    for (const [key, child] of Object.entries(item as Record<string, unknown>)) {
      if (typeof child === 'string' || typeof child === 'number') {
        const text = String(child);
        if (text.length < MIN_VALUE_LENGTH || text.includes('*')) continue;
        if (SECRET_KEY.test(key)) secrets.add(text);
        else if (PERSONAL_KEY.test(key)) personal.add(text);
      } else walk(child, depth + 1);
    }
  };
  walk(value, 0);
  const bySize = (set: Set<string>) => [...set].sort((a, b) => b.length - a.length);
  return { secrets: bySize(secrets), personal: bySize(personal) };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Whole words only, so a short given name does not mask parts of other words. */
const wordPattern = (value: string) =>
  new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(value)}(?![\\p{L}\\p{N}])`, 'gu');

export function scrubText(text: string, sensitive: SensitiveValues): string {
  let out = text.replace(SECRET_IN_TEXT, (_match, word: string) => `${word} ${REMOVED}`);
  for (const secret of sensitive.secrets) out = out.split(secret).join(REMOVED);
  for (const value of sensitive.personal) out = out.replace(wordPattern(value), maskKeepLast(value));
  return out;
}

/** A copy with every string scrubbed. */
export function scrubStrings<T>(value: T, sensitive: SensitiveValues, depth = 0): T {
  if (typeof value === 'string') return scrubText(value, sensitive) as T;
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value))
    return value.map((item: unknown) => scrubStrings(item, sensitive, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    out[key] = scrubStrings(item, sensitive, depth + 1);
  }
  return out as T;
}
