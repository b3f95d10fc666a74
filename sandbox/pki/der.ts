// Just enough DER to read an OCSP request and write an OCSP response: @peculiar/asn1-ocsp is not
// installed and node-forge has no OCSP. Definite lengths only, as DER requires.

export const TAG = {
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  enumerated: 0x0a,
  generalizedTime: 0x18,
  sequence: 0x30,
} as const;
const CONTEXT_PRIMITIVE = 0x80;
const CONTEXT_CONSTRUCTED = 0xa0;
const LONG_LENGTH_FLAG = 0x80;
const BASE128_CONTINUE = 0x80;

export interface Tlv {
  tag: number;
  /** The whole element, header included. */
  raw: Uint8Array;
  content: Uint8Array;
}

function encodeLength(length: number): Uint8Array {
  if (length < LONG_LENGTH_FLAG) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Uint8Array.of(LONG_LENGTH_FLAG | bytes.length, ...bytes);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function tlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = concat(content);
  return concat([Uint8Array.of(tag), encodeLength(body.length), body]);
}

export const sequence = (...items: Uint8Array[]): Uint8Array => tlv(TAG.sequence, ...items);
export const explicit = (n: number, ...items: Uint8Array[]): Uint8Array =>
  tlv(CONTEXT_CONSTRUCTED | n, ...items);
export const implicitPrimitive = (n: number, content: Uint8Array): Uint8Array =>
  tlv(CONTEXT_PRIMITIVE | n, content);
export const implicitConstructed = (n: number, ...items: Uint8Array[]): Uint8Array =>
  tlv(CONTEXT_CONSTRUCTED | n, ...items);
export const octetString = (bytes: Uint8Array): Uint8Array => tlv(TAG.octetString, bytes);
export const enumerated = (value: number): Uint8Array => tlv(TAG.enumerated, Uint8Array.of(value));
export const nullValue = (): Uint8Array => tlv(TAG.null);
/** A BIT STRING with no unused bits. */
export const bitString = (bytes: Uint8Array): Uint8Array => tlv(TAG.bitString, Uint8Array.of(0), bytes);

export function oid(dotted: string): Uint8Array {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes: number[] = [];
  for (const arc of [first * 40 + second, ...rest]) {
    const chunk: number[] = [arc % 128];
    for (let n = Math.floor(arc / 128); n > 0; n = Math.floor(n / 128))
      chunk.unshift((n % 128) | BASE128_CONTINUE);
    bytes.push(...chunk);
  }
  return tlv(TAG.oid, Uint8Array.from(bytes));
}

export function decodeOid(content: Uint8Array): string {
  const arcs: number[] = [];
  let value = 0;
  for (const byte of content) {
    value = value * 128 + (byte & ~BASE128_CONTINUE & 0xff);
    if ((byte & BASE128_CONTINUE) === 0) {
      arcs.push(value);
      value = 0;
    }
  }
  const [head = 0, ...tail] = arcs;
  const first = Math.min(Math.floor(head / 40), 2);
  return [first, head - first * 40, ...tail].join('.');
}

export function generalizedTime(date: Date): Uint8Array {
  const text = date
    .toISOString()
    .replace(/[-:T]/g, '')
    .replace(/\.\d{3}/, '');
  return tlv(TAG.generalizedTime, new TextEncoder().encode(text));
}

/** Reads one element at `offset`; throws on truncated input. */
export function readTlv(bytes: Uint8Array, offset = 0): Tlv {
  const tag = bytes[offset];
  let lengthByte = bytes[offset + 1];
  if (tag === undefined || lengthByte === undefined) throw new Error('DER: truncated header');
  let header = 2;
  let length = lengthByte;
  if (lengthByte & LONG_LENGTH_FLAG) {
    const count = lengthByte & ~LONG_LENGTH_FLAG & 0xff;
    length = 0;
    for (let i = 0; i < count; i++) {
      lengthByte = bytes[offset + 2 + i];
      if (lengthByte === undefined) throw new Error('DER: truncated length');
      length = length * 256 + lengthByte;
    }
    header += count;
  }
  const end = offset + header + length;
  if (end > bytes.length) throw new Error('DER: element runs past the end');
  return { tag, raw: bytes.subarray(offset, end), content: bytes.subarray(offset + header, end) };
}

export function children(parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let offset = 0; offset < parent.content.length;) {
    const child = readTlv(parent.content, offset);
    out.push(child);
    offset += child.raw.length;
  }
  return out;
}

export function contextTag(n: number, constructed: boolean): number {
  return (constructed ? CONTEXT_CONSTRUCTED : CONTEXT_PRIMITIVE) | n;
}
