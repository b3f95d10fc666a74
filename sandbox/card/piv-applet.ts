// The card's brain: a PIV applet (SP 800-73-4 subset) that turns one command APDU into one
// response APDU. No sockets here, so the APDU layer is testable on its own.

import { constants as cryptoConstants, privateDecrypt } from 'node:crypto';

import { loadCardKeys, type CardKeyRole, type CardSet, type LoadedKey } from './card-set.js';
import {
  ApduFormatError,
  CLA,
  INS,
  SELECT_P1,
  SHORT_RESPONSE_MAX,
  SW,
  isChained,
  parseCommandApdu,
  responseApdu,
  type CommandApdu,
} from './iso7816.js';
import {
  DEFAULT_RETRIES,
  FASC_N_NON_FEDERAL,
  GET_DATA_P1P2,
  KEY_REF,
  OBJECT,
  PIN_BLOCK_LENGTH,
  PIN_PAD_BYTE,
  PIN_REF,
  PIN_USAGE_POLICY_APPLICATION_PIN,
  PIV_AID,
  PIV_PIX,
  PIV_RID,
  RSA_ALGORITHM_BY_BITS,
  TAG,
  VERIFY_P1_RESET_SECURITY_STATUS,
} from './piv.js';
import { bytesFromHex, concatBytes, findTlv, parseTlvs, tlv } from './tlv.js';

const KEY_ROLE_BY_REF: Readonly<Record<number, CardKeyRole>> = {
  [KEY_REF.AUTHENTICATION]: 'authentication',
  [KEY_REF.SIGNATURE]: 'signature',
  [KEY_REF.KEY_MANAGEMENT]: 'encryption',
};

const CERT_OBJECT_ROLE: Readonly<Record<number, CardKeyRole>> = {
  [OBJECT.CERT_AUTHENTICATION]: 'authentication',
  [OBJECT.CERT_SIGNATURE]: 'signature',
  [OBJECT.CERT_KEY_MANAGEMENT]: 'encryption',
};

/** GSC-IS card identifier prefix for the CCC (RID A000000116, manufacturer FF, type 01). */
const CCC_CARD_ID_PREFIX = bytesFromHex('A0 00 00 01 16 FF 01');
const CCC_VERSION = Uint8Array.of(0x21);
const CCC_DATA_MODEL_PIV = Uint8Array.of(0x10);
const CERT_INFO_UNCOMPRESSED = Uint8Array.of(0x00);
const EMPTY = new Uint8Array(0);
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const PRINTED_NAME_MAX = 125;
const PRINTED_AFFILIATION_MAX = 20;

export interface PinStatus {
  pinTriesLeft: number;
  pukTriesLeft: number;
  pinVerified: boolean;
  /** One signature-key (9C) operation is allowed until the next 9C use. */
  signatureAuthorized: boolean;
}

interface Chain {
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  readonly parts: Uint8Array[];
}

export class PivApplet {
  private readonly keys: Record<CardKeyRole, LoadedKey>;
  private readonly objects: ReadonlyMap<number, Uint8Array>;
  private readonly printedInformation: Uint8Array;
  private pin: string;
  private puk: string;
  private pinTries = DEFAULT_RETRIES;
  private pukTries = DEFAULT_RETRIES;
  private pinVerified = false;
  private signatureAuthorized = false;
  private selected = true;
  private pending: Uint8Array | undefined;
  private chain: Chain | undefined;

  constructor(set: CardSet) {
    this.keys = loadCardKeys(set);
    this.pin = set.pin;
    this.puk = set.puk;
    this.objects = this.buildObjects(set.chuidGuid);
    this.printedInformation = this.buildPrintedInformation(set.chuidGuid);
  }

  /** Power on, power off and warm reset all end the session: PIN state goes, counters stay. */
  resetSession(): void {
    this.pinVerified = false;
    this.signatureAuthorized = false;
    // A PIV card is usually the default application; OpenSC selects explicitly anyway.
    this.selected = true;
    this.pending = undefined;
    this.chain = undefined;
  }

  get status(): PinStatus {
    return {
      pinTriesLeft: this.pinTries,
      pukTriesLeft: this.pukTries,
      pinVerified: this.pinVerified,
      signatureAuthorized: this.signatureAuthorized,
    };
  }

  /** For fault tests: put the counters in a chosen state (0 = blocked). */
  setTries(tries: { pin?: number; puk?: number }): void {
    if (tries.pin !== undefined) this.pinTries = clampTries(tries.pin);
    if (tries.puk !== undefined) this.pukTries = clampTries(tries.puk);
    if (this.pinTries === 0) this.logOut();
  }

  /** True while a chained command or a 61xx answer is half done: not a moment to vanish. */
  get midExchange(): boolean {
    return this.pending !== undefined || this.chain !== undefined;
  }

  process(commandBytes: Uint8Array): Uint8Array {
    let command: CommandApdu;
    try {
      command = parseCommandApdu(commandBytes);
    } catch (error) {
      if (error instanceof ApduFormatError) return responseApdu(SW.WRONG_LENGTH);
      throw error;
    }
    if (command.ins === INS.GET_RESPONSE && (command.cla & ~CLA.CHAINING_BIT) === CLA.PLAIN) {
      return this.getResponse(command);
    }
    this.pending = undefined;
    if ((command.cla & ~CLA.CHAINING_BIT) !== CLA.PLAIN) return responseApdu(SW.CLA_NOT_SUPPORTED);

    const whole = this.collectChain(command);
    if (!whole) return responseApdu(SW.OK);
    const { sw, data } = this.dispatch(whole);
    return this.respond(sw, data, whole.le);
  }

  /** Returns the full command once the last part of a chain arrives, undefined while parts come in. */
  private collectChain(command: CommandApdu): CommandApdu | undefined {
    const continues =
      this.chain?.ins === command.ins && this.chain.p1 === command.p1 && this.chain.p2 === command.p2;
    if (!continues) this.chain = undefined;
    if (isChained(command.cla)) {
      this.chain ??= { ins: command.ins, p1: command.p1, p2: command.p2, parts: [] };
      this.chain.parts.push(command.data);
      return undefined;
    }
    if (!this.chain) return command;
    const data = concatBytes(...this.chain.parts, command.data);
    this.chain = undefined;
    return { ...command, data };
  }

  private respond(sw: number, data: Uint8Array, le: number | undefined): Uint8Array {
    if (sw !== SW.OK) return responseApdu(sw);
    const chunk = Math.min(le ?? SHORT_RESPONSE_MAX, SHORT_RESPONSE_MAX);
    if (data.length <= chunk) return responseApdu(SW.OK, data);
    this.pending = data.subarray(chunk);
    return responseApdu(moreDataStatus(this.pending.length), data.subarray(0, chunk));
  }

  private getResponse(command: CommandApdu): Uint8Array {
    const pending = this.pending;
    if (!pending) return responseApdu(SW.CONDITIONS_NOT_SATISFIED);
    const chunk = Math.min(command.le ?? SHORT_RESPONSE_MAX, SHORT_RESPONSE_MAX);
    const piece = pending.subarray(0, chunk);
    const rest = pending.subarray(chunk);
    this.pending = rest.length > 0 ? rest : undefined;
    return responseApdu(rest.length > 0 ? moreDataStatus(rest.length) : SW.OK, piece);
  }

  private dispatch(command: CommandApdu): { sw: number; data: Uint8Array } {
    if (command.ins === INS.SELECT) return this.select(command);
    if (!this.selected) return { sw: SW.CONDITIONS_NOT_SATISFIED, data: EMPTY };
    switch (command.ins) {
      case INS.GET_DATA:
        return this.getData(command);
      case INS.VERIFY:
        return status(this.verify(command));
      case INS.CHANGE_REFERENCE_DATA:
        return status(this.changeReferenceData(command));
      case INS.RESET_RETRY_COUNTER:
        return status(this.resetRetryCounter(command));
      case INS.GENERAL_AUTHENTICATE:
        return this.generalAuthenticate(command);
      default:
        return { sw: SW.INS_NOT_SUPPORTED, data: EMPTY };
    }
  }

  private select(command: CommandApdu): { sw: number; data: Uint8Array } {
    const aid = command.data;
    const isPiv =
      command.p1 === SELECT_P1.BY_DF_NAME &&
      aid.length >= PIV_RID.length &&
      aid.length <= PIV_AID.length &&
      aid.every((byte, index) => byte === PIV_AID[index]);
    // A failed SELECT keeps the current selection (ISO 7816-4), so other drivers' probes are harmless.
    if (!isPiv) return { sw: SW.FILE_NOT_FOUND, data: EMPTY };
    this.selected = true;
    return { sw: SW.OK, data: this.applicationPropertyTemplate() };
  }

  private applicationPropertyTemplate(): Uint8Array {
    const algorithms = [...new Set(Object.values(this.keys).map((key) => rsaAlgorithmOf(key)))];
    return tlv(
      TAG.APT,
      tlv(TAG.AID, PIV_PIX),
      tlv(TAG.COEXISTENT_TAG_ALLOCATION, tlv(TAG.AID, PIV_RID)),
      tlv(
        TAG.CRYPTO_ALGORITHMS,
        ...algorithms.map((id) => tlv(TAG.ALGORITHM_ID, Uint8Array.of(id))),
        tlv(TAG.OBJECT_IDENTIFIER),
      ),
    );
  }

  private getData(command: CommandApdu): { sw: number; data: Uint8Array } {
    if (((command.p1 << 8) | command.p2) !== GET_DATA_P1P2) return { sw: SW.INCORRECT_P1P2, data: EMPTY };
    let objectId: number;
    try {
      const tag = findTlv(parseTlvs(command.data), TAG.OBJECT_ID_LIST);
      if (!tag) return { sw: SW.WRONG_DATA, data: EMPTY };
      objectId = tag.value.reduce((id, byte) => id * 0x100 + byte, 0);
    } catch {
      return { sw: SW.WRONG_DATA, data: EMPTY };
    }
    if (objectId === OBJECT.PRINTED_INFORMATION) {
      return this.pinVerified
        ? { sw: SW.OK, data: this.printedInformation }
        : { sw: SW.SECURITY_NOT_SATISFIED, data: EMPTY };
    }
    const data = this.objects.get(objectId);
    return data ? { sw: SW.OK, data } : { sw: SW.FILE_NOT_FOUND, data: EMPTY };
  }

  private verify(command: CommandApdu): number {
    if (command.p2 === PIN_REF.PUK) return this.verifyPuk(command);
    if (command.p2 !== PIN_REF.APPLICATION_PIN) return SW.REFERENCE_NOT_FOUND;
    if (command.p1 === VERIFY_P1_RESET_SECURITY_STATUS) {
      if (command.data.length > 0) return SW.WRONG_DATA;
      this.logOut();
      return SW.OK;
    }
    if (command.p1 !== 0) return SW.INCORRECT_P1P2;
    if (command.data.length === 0) {
      if (this.pinTries === 0) return SW.AUTH_METHOD_BLOCKED;
      return this.pinVerified ? SW.OK : triesLeftStatus(this.pinTries);
    }
    if (command.data.length !== PIN_BLOCK_LENGTH) return SW.WRONG_DATA;
    if (this.pinTries === 0) return SW.AUTH_METHOD_BLOCKED;
    if (!sameBytes(command.data, pinBlock(this.pin))) {
      this.pinTries -= 1;
      this.logOut();
      return triesLeftStatus(this.pinTries);
    }
    this.pinTries = DEFAULT_RETRIES;
    this.pinVerified = true;
    this.signatureAuthorized = true;
    return SW.OK;
  }

  /**
   * SP 800-73-4 only uses the PUK inside RESET RETRY COUNTER, but OpenSC's SO login
   * (pkcs11-tool --unlock-pin --login-type so) first VERIFYs it with reference 81.
   * Checking it here costs a PUK try when wrong, like the unblock itself would.
   */
  private verifyPuk(command: CommandApdu): number {
    if (command.p1 !== 0) return SW.INCORRECT_P1P2;
    if (this.pukTries === 0) return SW.AUTH_METHOD_BLOCKED;
    if (command.data.length === 0) return triesLeftStatus(this.pukTries);
    if (command.data.length !== PIN_BLOCK_LENGTH) return SW.WRONG_DATA;
    if (!sameBytes(command.data, pinBlock(this.puk))) {
      this.pukTries -= 1;
      return triesLeftStatus(this.pukTries);
    }
    this.pukTries = DEFAULT_RETRIES;
    return SW.OK;
  }

  private changeReferenceData(command: CommandApdu): number {
    const isPin = command.p2 === PIN_REF.APPLICATION_PIN;
    if (!isPin && command.p2 !== PIN_REF.PUK) return SW.REFERENCE_NOT_FOUND;
    if (command.p1 !== 0) return SW.INCORRECT_P1P2;
    const halves = splitPinBlocks(command.data);
    if (!halves) return SW.WRONG_DATA;
    const triesLeft = isPin ? this.pinTries : this.pukTries;
    if (triesLeft === 0) return SW.AUTH_METHOD_BLOCKED;
    if (!sameBytes(halves.first, pinBlock(isPin ? this.pin : this.puk))) {
      if (isPin) {
        this.pinTries -= 1;
        this.logOut();
      } else {
        this.pukTries -= 1;
      }
      return triesLeftStatus(isPin ? this.pinTries : this.pukTries);
    }
    if (isPin) {
      this.pin = halves.second;
      this.pinTries = DEFAULT_RETRIES;
    } else {
      this.puk = halves.second;
      this.pukTries = DEFAULT_RETRIES;
    }
    return SW.OK;
  }

  private resetRetryCounter(command: CommandApdu): number {
    if (command.p2 !== PIN_REF.APPLICATION_PIN) return SW.REFERENCE_NOT_FOUND;
    if (command.p1 !== 0) return SW.INCORRECT_P1P2;
    const halves = splitPinBlocks(command.data);
    if (!halves) return SW.WRONG_DATA;
    if (this.pukTries === 0) return SW.AUTH_METHOD_BLOCKED;
    if (!sameBytes(halves.first, pinBlock(this.puk))) {
      this.pukTries -= 1;
      return triesLeftStatus(this.pukTries);
    }
    this.pukTries = DEFAULT_RETRIES;
    this.pin = halves.second;
    this.pinTries = DEFAULT_RETRIES;
    this.logOut();
    return SW.OK;
  }

  private generalAuthenticate(command: CommandApdu): { sw: number; data: Uint8Array } {
    const role = KEY_ROLE_BY_REF[command.p2];
    if (!role) return { sw: SW.INCORRECT_P1P2, data: EMPTY };
    const key = this.keys[role];
    if (command.p1 !== rsaAlgorithmOf(key)) return { sw: SW.INCORRECT_P1P2, data: EMPTY };
    // The signature key carries "user consent": one VERIFY buys exactly one operation.
    const allowed = role === 'signature' ? this.signatureAuthorized : this.pinVerified;
    if (!allowed) return { sw: SW.SECURITY_NOT_SATISFIED, data: EMPTY };

    let challenge: Uint8Array | undefined;
    let wantsResponse = false;
    try {
      const [template] = parseTlvs(command.data);
      if (template?.tag !== TAG.DYNAMIC_AUTH) return { sw: SW.WRONG_DATA, data: EMPTY };
      const inner = parseTlvs(template.value);
      challenge = findTlv(inner, TAG.CHALLENGE)?.value;
      wantsResponse = findTlv(inner, TAG.RESPONSE)?.value.length === 0;
    } catch {
      return { sw: SW.WRONG_DATA, data: EMPTY };
    }
    if (!challenge || !wantsResponse || challenge.length !== key.modulusBits / 8) {
      return { sw: SW.WRONG_DATA, data: EMPTY };
    }
    let result: Buffer;
    try {
      // The host already padded the block (PKCS#1 or OAEP): the card only does the raw RSA step.
      result = privateDecrypt({ key: key.privateKey, padding: cryptoConstants.RSA_NO_PADDING }, challenge);
    } catch {
      return { sw: SW.WRONG_DATA, data: EMPTY };
    }
    if (role === 'signature') this.signatureAuthorized = false;
    return { sw: SW.OK, data: tlv(TAG.DYNAMIC_AUTH, tlv(TAG.RESPONSE, result)) };
  }

  private logOut(): void {
    this.pinVerified = false;
    this.signatureAuthorized = false;
  }

  private buildObjects(chuidGuid: string): Map<number, Uint8Array> {
    const guid = bytesFromHex(chuidGuid);
    const notAfter = new Date(this.keys.authentication.certificate.validTo);
    const certObject = (role: CardKeyRole): Uint8Array =>
      tlv(
        TAG.DATA,
        tlv(TAG.CERTIFICATE, this.keys[role].certificateDer),
        tlv(TAG.CERT_INFO, CERT_INFO_UNCOMPRESSED),
        tlv(TAG.ERROR_DETECTION_CODE),
      );
    const objects = new Map<number, Uint8Array>([
      [
        OBJECT.DISCOVERY,
        tlv(
          TAG.DISCOVERY,
          tlv(TAG.AID, PIV_AID),
          tlv(TAG.PIN_USAGE_POLICY, PIN_USAGE_POLICY_APPLICATION_PIN),
        ),
      ],
      [
        OBJECT.CCC,
        tlv(
          TAG.DATA,
          tlv(TAG.CCC_CARD_IDENTIFIER, CCC_CARD_ID_PREFIX, guid.subarray(0, 14)),
          tlv(TAG.CCC_CONTAINER_VERSION, CCC_VERSION),
          tlv(TAG.CCC_GRAMMAR_VERSION, CCC_VERSION),
          tlv(TAG.CCC_APPLICATIONS_URL),
          tlv(TAG.CCC_PKCS15, Uint8Array.of(0)),
          tlv(TAG.CCC_DATA_MODEL, CCC_DATA_MODEL_PIV),
          tlv(TAG.CCC_ACCESS_CONTROL_RULES),
          tlv(TAG.CCC_CARD_APDUS),
          tlv(TAG.CCC_REDIRECTION),
          tlv(TAG.CCC_CAPABILITY_TUPLES),
          tlv(TAG.CCC_STATUS_TUPLES),
          tlv(TAG.CCC_NEXT_CCC),
          tlv(TAG.ERROR_DETECTION_CODE),
        ),
      ],
      [
        OBJECT.CHUID,
        tlv(
          TAG.DATA,
          tlv(TAG.FASC_N, FASC_N_NON_FEDERAL),
          tlv(TAG.GUID, guid),
          tlv(TAG.EXPIRATION_DATE, ascii(yyyymmdd(notAfter))),
          tlv(TAG.ISSUER_SIGNATURE),
          tlv(TAG.ERROR_DETECTION_CODE),
        ),
      ],
      [
        OBJECT.KEY_HISTORY,
        tlv(
          TAG.DATA,
          tlv(TAG.KEYS_WITH_ON_CARD_CERTS, Uint8Array.of(0)),
          tlv(TAG.KEYS_WITH_OFF_CARD_CERTS, Uint8Array.of(0)),
          tlv(TAG.ERROR_DETECTION_CODE),
        ),
      ],
    ]);
    for (const [objectId, role] of Object.entries(CERT_OBJECT_ROLE))
      objects.set(Number(objectId), certObject(role));
    return objects;
  }

  private buildPrintedInformation(chuidGuid: string): Uint8Array {
    const subject = this.keys.authentication.certificate.subject;
    const field = (name: string): string =>
      subject
        .split('\n')
        .find((line) => line.startsWith(`${name}=`))
        ?.slice(name.length + 1) ?? '';
    const notAfter = new Date(this.keys.authentication.certificate.validTo);
    return tlv(
      TAG.DATA,
      tlv(TAG.PRINTED_NAME, ascii(field('CN').slice(0, PRINTED_NAME_MAX))),
      tlv(TAG.PRINTED_EMPLOYEE_AFFILIATION, ascii(field('O').slice(0, PRINTED_AFFILIATION_MAX))),
      tlv(TAG.PRINTED_EXPIRATION_DATE, ascii(printedDate(notAfter))),
      tlv(TAG.PRINTED_SERIAL_NUMBER, ascii(chuidGuid.slice(0, 10).toUpperCase())),
      tlv(TAG.PRINTED_ISSUER_ID, ascii('UZI-register')),
      tlv(TAG.ERROR_DETECTION_CODE),
    );
  }
}

/** The 8-byte block a PIV card compares: the PIN's bytes padded with FF. */
export function pinBlock(pin: string): Uint8Array {
  const bytes = new TextEncoder().encode(pin);
  if (bytes.length > PIN_BLOCK_LENGTH) throw new RangeError('PIN longer than 8 bytes');
  const block = new Uint8Array(PIN_BLOCK_LENGTH).fill(PIN_PAD_BYTE);
  block.set(bytes);
  return block;
}

function splitPinBlocks(data: Uint8Array): { first: Uint8Array; second: string } | undefined {
  if (data.length !== 2 * PIN_BLOCK_LENGTH) return undefined;
  const second = data.subarray(PIN_BLOCK_LENGTH);
  const padStart = second.indexOf(PIN_PAD_BYTE);
  const value = second.subarray(0, padStart === -1 ? PIN_BLOCK_LENGTH : padStart);
  if (value.length < 6 || second.subarray(value.length).some((byte) => byte !== PIN_PAD_BYTE))
    return undefined;
  return { first: data.subarray(0, PIN_BLOCK_LENGTH), second: new TextDecoder().decode(value) };
}

function rsaAlgorithmOf(key: LoadedKey): number {
  const id = RSA_ALGORITHM_BY_BITS[key.modulusBits];
  if (id === undefined) throw new Error(`unsupported RSA key size ${key.modulusBits}`);
  return id;
}

function moreDataStatus(remaining: number): number {
  return SW.MORE_DATA | (remaining >= SHORT_RESPONSE_MAX ? 0 : remaining);
}

function triesLeftStatus(tries: number): number {
  return SW.VERIFY_FAILED | tries;
}

function status(sw: number): { sw: number; data: Uint8Array } {
  return { sw, data: EMPTY };
}

function clampTries(tries: number): number {
  return Math.max(0, Math.min(DEFAULT_RETRIES, Math.trunc(tries)));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

function ascii(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function yyyymmdd(date: Date): string {
  return date.toISOString().slice(0, 10).replace(/-/g, '');
}

/** Printed Information wants YYYYMMMDD, e.g. 2030JAN01. */
function printedDate(date: Date): string {
  const day = String(date.getUTCDate()).padStart(2, '0');
  return `${date.getUTCFullYear()}${MONTHS[date.getUTCMonth()]}${day}`;
}
