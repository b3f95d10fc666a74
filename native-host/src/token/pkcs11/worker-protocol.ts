// The typed request map between TokenWorkerClient (host process) and the PKCS#11 worker (child).
// Messages go over Node IPC with 'advanced' serialisation, so Uint8Array crosses as bytes.
import type { WireError } from '../../../../shared/errors.js';
import type { PinStatus } from './pin-status.js';

/** A slot with a token, as the module reports it. slotId is the 8-byte pkcs11js handle, hex. */
export interface TokenDescription {
  slotId: string;
  slotDescription: string;
  label: string;
  serialNumber: string;
  manufacturerId: string;
  model: string;
  /** false: the module sees a card it cannot read (CKR_TOKEN_NOT_RECOGNIZED); label, serial and pin are empty. */
  recognized: boolean;
  /** Raw CKF_* token flags, for diagnostics. */
  flags: number;
  pin: PinStatus;
}

export interface TokenCertificate {
  /** CKA_ID, hex: the private key with the same CKA_ID signs for this certificate. */
  id: string;
  label: string;
  der: Uint8Array;
}

export type SignMechanism = 'SHA256_RSA_PKCS' | 'RSA_PKCS';

export interface SignRequest {
  slotId: string;
  /** The card read before: a different serial in the slot means the card was swapped. */
  tokenSerial: string;
  keyId: string;
  mechanism: SignMechanism;
  data: Uint8Array;
  /** UTF-8 PIN bytes; null on a pinpad reader. Wiped by both processes after use. */
  pin: Uint8Array | null;
  confirmLastTry: boolean;
}

export interface WorkerCommands {
  ping: { request: Record<string, never>; response: { pid: number } };
  listTokens: { request: Record<string, never>; response: TokenDescription[] };
  readCertificates: { request: { slotId: string }; response: TokenCertificate[] };
  pinStatus: { request: { slotId: string }; response: PinStatus };
  sign: { request: SignRequest; response: { signature: Uint8Array } };
  /** Test only: exists when ZORGID_TOKEN_WORKER_DEBUG=1 in the worker's environment. */
  debugSleep: { request: { ms: number }; response: { slept: number } };
}

export type WorkerCommand = keyof WorkerCommands;

export interface WorkerRequestMessage<C extends WorkerCommand = WorkerCommand> {
  id: number;
  modulePath: string;
  command: C;
  params: WorkerCommands[C]['request'];
}

export type WorkerResponseMessage =
  { id: number; result: unknown } | { id: number; error: WireError } | { ready: true; pid: number };

export const WORKER_DEBUG_ENV_VAR = 'ZORGID_TOKEN_WORKER_DEBUG';
