// PEM ↔ DER without Node's Buffer or the DOM's atob, so it runs in the extension and in Node alike.

import { UziParseError } from './parse-error.js';

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_PAD = '=';
const PEM_LINE_LENGTH = 64;
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
export const PEM_LABEL_CERTIFICATE = 'CERTIFICATE';
/** Every DER certificate starts with a SEQUENCE tag. */
const DER_SEQUENCE_TAG = 0x30;

const BASE64_VALUE: ReadonlyMap<string, number> = new Map([...BASE64_ALPHABET].map((c, i) => [c, i]));

export function derToBase64(der: Uint8Array): string {
  let out = '';
  for (let i = 0; i < der.length; i += 3) {
    const a = der[i] ?? 0;
    const b = der[i + 1] ?? 0;
    const c = der[i + 2] ?? 0;
    const triple = (a << 16) | (b << 8) | c;
    out += BASE64_ALPHABET[(triple >> 18) & 63];
    out += BASE64_ALPHABET[(triple >> 12) & 63];
    out += i + 1 < der.length ? BASE64_ALPHABET[(triple >> 6) & 63] : BASE64_PAD;
    out += i + 2 < der.length ? BASE64_ALPHABET[triple & 63] : BASE64_PAD;
  }
  return out;
}

/** Throws NOT_A_CERTIFICATE on characters outside the base64 alphabet. */
export function base64ToDer(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '').replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let index = 0;
  for (const char of clean) {
    const digit = BASE64_VALUE.get(char);
    if (digit === undefined)
      throw new UziParseError('NOT_A_CERTIFICATE', `invalid base64 character '${char}'`);
    value = (value << 6) | digit;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[index++] = (value >> bits) & 0xff;
    }
  }
  return out.subarray(0, index);
}

export function derToPem(der: Uint8Array, label: string = PEM_LABEL_CERTIFICATE): string {
  const body = derToBase64(der)
    .replace(new RegExp(`(.{${PEM_LINE_LENGTH}})`, 'g'), '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

export interface PemBlock {
  label: string;
  der: Uint8Array;
}

export function splitPem(text: string): PemBlock[] {
  return [...text.matchAll(PEM_BLOCK)].map((m) => ({ label: m[1] ?? '', der: base64ToDer(m[2] ?? '') }));
}

/** The first CERTIFICATE block of a PEM text. Throws NOT_A_CERTIFICATE when there is none. */
export function pemToDer(text: string): Uint8Array {
  const block = splitPem(text).find((b) => b.label === PEM_LABEL_CERTIFICATE);
  if (!block) throw new UziParseError('NOT_A_CERTIFICATE', 'no PEM CERTIFICATE block found');
  return block.der;
}

/** All CERTIFICATE blocks of a PEM text (a chain or bundle), in file order. */
export function pemToDerAll(text: string): Uint8Array[] {
  return splitPem(text)
    .filter((b) => b.label === PEM_LABEL_CERTIFICATE)
    .map((b) => b.der);
}

/**
 * Whatever a user hands us (file bytes or text): DER passes through, PEM is decoded. Throws
 * NOT_A_CERTIFICATE when it is neither.
 */
export function toDer(input: string | Uint8Array): Uint8Array {
  if (typeof input !== 'string') {
    if (input[0] === DER_SEQUENCE_TAG) return input;
    return pemToDer(new TextDecoder('utf-8', { fatal: false }).decode(input));
  }
  return pemToDer(input);
}
