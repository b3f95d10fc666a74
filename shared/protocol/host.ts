// The service worker ↔ native host boundary: one typed command map from which the wire
// unions and the validators are derived. Framing: 4-byte little-endian length + UTF-8 JSON.
import type { WireError } from '../errors.js';
import type { AuthToken, SignHashAlgorithm } from './token.js';
import type { CardType } from '../uzi/types.js';
import {
  arrayOf,
  boolean,
  object,
  oneOf,
  string,
  type Validator,
  CHALLENGE_LIMITS,
  ORIGIN_PATTERN,
  SIGN_HASH_LIMITS,
} from './host-validators.js';
import { SIGN_HASH_ALGORITHMS } from './token.js';

export const HOST_PROTOCOL_VERSION = 1;
export const HOST_NAME = 'nl.zorgid_companion.host';
/** Inbound limit of the host (page → host); Chrome itself limits host → browser to 1 MiB. */
export const HOST_MAX_INBOUND_BYTES = 64 * 1024;
export const HOST_MAX_OUTBOUND_BYTES = 1024 * 1024;

export interface ReaderInfo {
  name: string;
  cardPresent: boolean;
  /** Hex, upper case, no spaces; absent without a card. */
  atr?: string;
  cardKind?: 'uzi-pas' | 'unknown';
  cardLabel?: string;
  /** Known only through PKCS#11 (CKF_PROTECTED_AUTHENTICATION_PATH) once a token is seen. */
  pinpad?: boolean;
}

export interface HostStatus {
  version: string;
  protocol: number;
  pcsc: { available: boolean; error?: string };
  readers: ReaderInfo[];
  pkcs11?: { module?: string; source?: string; error?: string; tokens?: TokenInfo[] };
}

export interface TokenInfo {
  slot: number;
  label: string;
  serial: string;
  manufacturer: string;
  pinpad: boolean;
}

export interface CertificateSummary {
  role: 'authentication' | 'signature' | 'encryption';
  /** DER, base64. */
  der: string;
}

export interface CardIdentityView {
  uziNumber: string;
  cardType: CardType;
  ura: string;
  roleCode: string;
  roleName: string;
  organisationName: string;
  givenName: string;
  surname: string;
  commonName: string;
  notBefore: string;
  notAfter: string;
}

export interface ReadCardResult {
  reader?: string;
  tokenSerial: string;
  certificates: CertificateSummary[];
  identity: CardIdentityView;
  validity: { expired: boolean; notYetValid: boolean; daysLeft: number };
  canRegisterZorgId: boolean;
}

export interface PinStatusResult {
  /** null when the middleware cannot tell (OpenSC reports only "final try" and "locked"). */
  triesLeft: number | null;
  blocked: boolean;
  finalTry: boolean;
  pinpad: boolean;
}

export interface SignResult {
  signature: string;
  certificate: string;
  hashAlgorithm: SignHashAlgorithm;
}

/** Whether the card's authentication certificate is revoked (OCSP, then CRL), as the host found out. */
export interface RevocationResult {
  status: 'good' | 'revoked' | 'unknown';
  method?: 'ocsp' | 'crl';
  revokedAt?: string;
  /** Why it could not be checked (status unknown). */
  reason?: string;
  /** The URLs asked, in order (CA issuer, OCSP responder, CRL). */
  tried?: readonly string[];
}

export interface HostCommandMap {
  status: { request: Record<string, never>; response: HostStatus };
  readCard: { request: { reader?: string }; response: ReadCardResult };
  authenticate: {
    request: { origin: string; challenge: string; pin?: string; confirmLastTry?: boolean; reader?: string };
    response: AuthToken;
  };
  sign: {
    request: {
      origin: string;
      hash: string;
      hashAlgorithm: SignHashAlgorithm;
      pin?: string;
      confirmLastTry?: boolean;
      reader?: string;
    };
    response: SignResult;
  };
  pinStatus: { request: { reader?: string }; response: PinStatusResult };
  /** Diagnostics: is the card's certificate revoked? Network access to the CA's OCSP/CRL. */
  revocation: { request: { reader?: string }; response: RevocationResult };
  subscribe: { request: Record<string, never>; response: { subscribed: true } };
  quit: { request: Record<string, never>; response: { bye: true } };
  /** Browser policy for the host, sent by the service worker right after `hello`. */
  configure: {
    request: { pkcs11Modules?: Pkcs11ModulesByOs };
    response: { pkcs11: { module?: string; source?: string; error?: string } };
  };
}

/** PKCS#11 module paths per operating system, as the `pkcs11Modules` policy gives them. */
export interface Pkcs11ModulesByOs {
  windows?: string[];
  macos?: string[];
  linux?: string[];
}

export type HostCommand = keyof HostCommandMap;
export type HostRequestArguments<C extends HostCommand> = HostCommandMap[C]['request'];
export type HostResponseResult<C extends HostCommand> = HostCommandMap[C]['response'];

export interface HostRequest<C extends HostCommand = HostCommand> {
  id: string;
  command: C;
  arguments?: HostRequestArguments<C>;
}

/** `id` is null only on the error answer to a request too malformed to carry one (docs/protocol.md). */
export type HostResponse<C extends HostCommand = HostCommand> =
  { id: string; result: HostResponseResult<C> } | { id: string | null; error: WireError };

export interface HostHello {
  type: 'hello';
  version: string;
  protocol: number;
}

export type HostEventName =
  'reader-added' | 'reader-removed' | 'card-inserted' | 'card-removed' | 'pcsc-state';

export interface HostEvent {
  type: 'event';
  event: HostEventName;
  reader?: string;
  atr?: string;
  cardKind?: 'uzi-pas' | 'unknown';
  pcscAvailable?: boolean;
}

export type HostOutbound = HostHello | HostEvent | HostResponse;

const empty = object({});
const reader = { reader: string({ min: 1, max: 200 }) };

/** Validators for each command's arguments, used where a request enters the host. */
export const HOST_ARGUMENT_VALIDATORS: { [C in HostCommand]: Validator<HostRequestArguments<C>> } = {
  status: empty,
  readCard: object({}, reader),
  authenticate: object(
    { origin: string({ max: 512, pattern: ORIGIN_PATTERN }), challenge: string(CHALLENGE_LIMITS) },
    { pin: string({ min: 4, max: 16 }), confirmLastTry: boolean(), ...reader },
  ),
  sign: object(
    {
      origin: string({ max: 512, pattern: ORIGIN_PATTERN }),
      hash: string(SIGN_HASH_LIMITS),
      hashAlgorithm: oneOf(SIGN_HASH_ALGORITHMS),
    },
    { pin: string({ min: 4, max: 16 }), confirmLastTry: boolean(), ...reader },
  ),
  pinStatus: object({}, reader),
  revocation: object({}, reader),
  subscribe: empty,
  quit: empty,
  configure: object(
    {},
    {
      pkcs11Modules: object(
        {},
        {
          windows: arrayOf(string({ min: 1, max: 1024 }), { max: 8 }),
          macos: arrayOf(string({ min: 1, max: 1024 }), { max: 8 }),
          linux: arrayOf(string({ min: 1, max: 1024 }), { max: 8 }),
        },
      ),
    },
  ),
};

export const HOST_COMMANDS = Object.keys(HOST_ARGUMENT_VALIDATORS) as HostCommand[];

export function isHostCommand(value: unknown): value is HostCommand {
  return typeof value === 'string' && (HOST_COMMANDS as string[]).includes(value);
}
