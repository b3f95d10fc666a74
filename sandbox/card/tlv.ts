// BER-TLV as PIV uses it: tags of 1–3 bytes, definite lengths up to 0xFFFF.

export interface Tlv {
  readonly tag: number;
  readonly value: Uint8Array;
}

const LENGTH_ONE_BYTE = 0x81;
const LENGTH_TWO_BYTES = 0x82;
const TAG_MORE_BYTES_MASK = 0x1f;
const TAG_CONTINUES_BIT = 0x80;

export function encodeTag(tag: number): Uint8Array {
  const bytes: number[] = [];
  for (let rest = tag; rest > 0 || bytes.length === 0; rest = Math.floor(rest / 0x100))
    bytes.unshift(rest & 0xff);
  return Uint8Array.from(bytes);
}

export function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  if (length <= 0xff) return Uint8Array.of(LENGTH_ONE_BYTE, length);
  if (length <= 0xffff) return Uint8Array.of(LENGTH_TWO_BYTES, length >> 8, length & 0xff);
  throw new RangeError(`TLV length ${length} too large`);
}

export function tlv(tag: number, ...values: Uint8Array[]): Uint8Array {
  const value = concatBytes(...values);
  return concatBytes(encodeTag(tag), encodeLength(value.length), value);
}

/** Parses a sequence of TLVs; throws on truncated input so callers can answer 6A80. */
export function parseTlvs(data: Uint8Array): Tlv[] {
  const result: Tlv[] = [];
  let offset = 0;
  while (offset < data.length) {
    let tag = byteAt(data, offset++);
    if ((tag & TAG_MORE_BYTES_MASK) === TAG_MORE_BYTES_MASK) {
      let next: number;
      do {
        next = byteAt(data, offset++);
        tag = tag * 0x100 + next;
      } while (next & TAG_CONTINUES_BIT);
    }
    let length = byteAt(data, offset++);
    if (length === LENGTH_ONE_BYTE) {
      length = byteAt(data, offset++);
    } else if (length === LENGTH_TWO_BYTES) {
      length = byteAt(data, offset) * 0x100 + byteAt(data, offset + 1);
      offset += 2;
    } else if (length > 0x80) {
      throw new RangeError(`unsupported TLV length form 0x${length.toString(16)}`);
    }
    if (offset + length > data.length) throw new RangeError('TLV value runs past the end');
    result.push({ tag, value: data.subarray(offset, offset + length) });
    offset += length;
  }
  return result;
}

export function findTlv(tlvs: readonly Tlv[], tag: number): Tlv | undefined {
  return tlvs.find((entry) => entry.tag === tag);
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function bytesFromHex(hex: string): Uint8Array {
  const clean = hex.replace(/[\s:]/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new Error(`invalid hex: ${hex}`);
  return Uint8Array.from(clean.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}

export function hexFromBytes(bytes: Uint8Array, separator = ''): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0').toUpperCase()).join(separator);
}

function byteAt(data: Uint8Array, offset: number): number {
  const value = data[offset];
  if (value === undefined) throw new RangeError('TLV truncated');
  return value;
}
