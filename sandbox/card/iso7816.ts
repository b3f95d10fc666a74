// ISO/IEC 7816-4 vocabulary: instruction bytes, status words and short-APDU parsing.

export const CLA = {
  PLAIN: 0x00,
  /** Command chaining: more parts of this command follow. */
  CHAINING_BIT: 0x10,
} as const;

export const INS = {
  SELECT: 0xa4,
  GET_DATA: 0xcb,
  GET_RESPONSE: 0xc0,
  VERIFY: 0x20,
  CHANGE_REFERENCE_DATA: 0x24,
  RESET_RETRY_COUNTER: 0x2c,
  GENERAL_AUTHENTICATE: 0x87,
} as const;

export const SELECT_P1 = { BY_DF_NAME: 0x04 } as const;

export const SW = {
  OK: 0x9000,
  /** 61xx: xx more bytes with GET RESPONSE (00 = 256). */
  MORE_DATA: 0x6100,
  /** 63Cx: verification failed, x tries left. */
  VERIFY_FAILED: 0x63c0,
  WRONG_LENGTH: 0x6700,
  LAST_COMMAND_EXPECTED: 0x6883,
  SECURITY_NOT_SATISFIED: 0x6982,
  AUTH_METHOD_BLOCKED: 0x6983,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  WRONG_DATA: 0x6a80,
  FILE_NOT_FOUND: 0x6a82,
  INCORRECT_P1P2: 0x6a86,
  REFERENCE_NOT_FOUND: 0x6a88,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
  UNKNOWN: 0x6f00,
} as const;

/** Largest response data in one short APDU; longer answers go out in 61xx pieces. */
export const SHORT_RESPONSE_MAX = 256;

export interface CommandApdu {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  readonly data: Uint8Array;
  /** Expected response length; 256 when Le = 00, undefined when absent. */
  readonly le: number | undefined;
}

export class ApduFormatError extends Error {}

/** Short APDUs only (cases 1–4); the emulated card does not support extended length. */
export function parseCommandApdu(bytes: Uint8Array): CommandApdu {
  if (bytes.length < 4) throw new ApduFormatError(`APDU too short (${bytes.length} bytes)`);
  const [cla = 0, ins = 0, p1 = 0, p2 = 0] = bytes;
  const header = { cla, ins, p1, p2 };
  if (bytes.length === 4) return { ...header, data: new Uint8Array(0), le: undefined };
  const p3 = bytes[4] ?? 0;
  if (bytes.length === 5)
    return { ...header, data: new Uint8Array(0), le: p3 === 0 ? SHORT_RESPONSE_MAX : p3 };
  if (p3 === 0) throw new ApduFormatError('extended length not supported');
  const dataEnd = 5 + p3;
  if (bytes.length === dataEnd) return { ...header, data: bytes.subarray(5, dataEnd), le: undefined };
  if (bytes.length === dataEnd + 1) {
    const le = bytes[dataEnd] ?? 0;
    return { ...header, data: bytes.subarray(5, dataEnd), le: le === 0 ? SHORT_RESPONSE_MAX : le };
  }
  throw new ApduFormatError(`APDU length ${bytes.length} does not match Lc ${p3}`);
}

export function encodeCommandApdu(apdu: Omit<CommandApdu, 'le'> & { le?: number }): Uint8Array {
  const parts = [apdu.cla, apdu.ins, apdu.p1, apdu.p2];
  if (apdu.data.length > 0) parts.push(apdu.data.length, ...apdu.data);
  if (apdu.le !== undefined) parts.push(apdu.le === SHORT_RESPONSE_MAX ? 0 : apdu.le);
  return Uint8Array.from(parts);
}

export function responseApdu(sw: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(data.length + 2);
  out.set(data, 0);
  out[data.length] = sw >> 8;
  out[data.length + 1] = sw & 0xff;
  return out;
}

export function statusWordOf(response: Uint8Array): number {
  return ((response[response.length - 2] ?? 0) << 8) | (response[response.length - 1] ?? 0);
}

export function isChained(cla: number): boolean {
  return (cla & CLA.CHAINING_BIT) !== 0;
}
