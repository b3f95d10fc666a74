// Windows .reg files: "Windows Registry Editor Version 5.00" means UTF-16LE with a BOM and
// CRLF line ends. String data escapes only backslash and double quote; it cannot hold a line
// break, so callers pass single-line values (JSON text is single-line by construction).
export type RegValue = { type: 'sz'; value: string } | { type: 'dword'; value: number };

export interface RegKey {
  /** Full path including the hive, e.g. HKEY_LOCAL_MACHINE\SOFTWARE\... */
  path: string;
  /** Value name → value; '@' is the key's default value. */
  values: ReadonlyArray<readonly [string, RegValue]>;
}

export const REG_HEADER = 'Windows Registry Editor Version 5.00';
export const REG_HIVES = Object.freeze({ system: 'HKEY_LOCAL_MACHINE', user: 'HKEY_CURRENT_USER' });

const LINE_BREAK = /[\r\n]/;

export function escapeRegString(text: string): string {
  if (LINE_BREAK.test(text)) throw new Error(`registry string with a line break: ${JSON.stringify(text)}`);
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

function valueLine(name: string, value: RegValue): string {
  const left = name === '@' ? '@' : `"${escapeRegString(name)}"`;
  if (value.type === 'dword') {
    if (!Number.isInteger(value.value) || value.value < 0 || value.value > 0xffffffff) {
      throw new Error(`not a DWORD: ${value.value}`);
    }
    return `${left}=dword:${value.value.toString(16).padStart(8, '0')}`;
  }
  return `${left}="${escapeRegString(value.value)}"`;
}

export function regText(keys: readonly RegKey[]): string {
  const lines = [REG_HEADER, ''];
  for (const key of keys) {
    lines.push(`[${key.path}]`, ...key.values.map(([name, value]) => valueLine(name, value)), '');
  }
  return lines.join('\r\n');
}

export function encodeRegFile(text: string): Uint8Array {
  const body = Buffer.from(text, 'utf16le');
  return Buffer.concat([Buffer.from([0xff, 0xfe]), body]);
}

/** A policy value as registry data: booleans as DWORD, lists and objects as JSON text (Chrome parses it). */
export function policyRegValue(value: unknown): RegValue {
  if (typeof value === 'boolean') return { type: 'dword', value: value ? 1 : 0 };
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return { type: 'dword', value };
  if (typeof value === 'string') return { type: 'sz', value };
  return { type: 'sz', value: JSON.stringify(value) };
}
