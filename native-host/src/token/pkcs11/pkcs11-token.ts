import type { PKCS11 } from 'pkcs11js';
import { CompanionError } from '../../../../shared/errors.js';
import {
  ATTRIBUTES,
  MECHANISMS,
  OBJECT_CLASSES,
  RETURN_VALUES,
  SESSION_FLAGS,
  TOKEN_FLAGS,
  USER_TYPES,
} from './constants.js';
import { mapPkcs11Error, pkcs11ReturnValueName } from './error-map.js';
import { assertPinUsable, pinStatusFromTokenFlags, type PinStatus } from './pin-status.js';
import type { SignMechanism, SignRequest, TokenCertificate, TokenDescription } from './worker-protocol.js';

/** The part of pkcs11js we call: lets unit tests run this code against a simulated module. */
export type Pkcs11Api = Pick<
  PKCS11,
  | 'C_GetSlotList'
  | 'C_GetSlotInfo'
  | 'C_GetTokenInfo'
  | 'C_OpenSession'
  | 'C_CloseSession'
  | 'C_Login'
  | 'C_Logout'
  | 'C_FindObjectsInit'
  | 'C_FindObjects'
  | 'C_FindObjectsFinal'
  | 'C_GetAttributeValue'
  | 'C_SignInit'
  | 'C_Sign'
>;

type Handle = Buffer;

const MECHANISM_CODES: Readonly<Record<SignMechanism, number>> = {
  SHA256_RSA_PKCS: MECHANISMS.sha256RsaPkcs,
  RSA_PKCS: MECHANISMS.rsaPkcs,
};

/** Room for an RSA-4096 signature; UZI keys are RSA-2048. */
const SIGNATURE_BUFFER_BYTES = 512;
const FIND_OBJECTS_BATCH = 32;

/** PKCS#11 pads text fields with blanks. */
const unpad = (value: string): string => value.replace(/[\s\0]+$/, '');
const toHex = (handle: Handle): string => handle.toString('hex');

/**
 * The PKCS#11 token operations, run inside the worker process. Every session opened here is
 * closed in `finally`; every login is undone before the session closes.
 */
export class Pkcs11Token {
  /**
   * Per slot: the token (serial) and its flags right after a successful user login. A good VERIFY
   * resets the card's counter, but OpenSC keeps CKF_USER_PIN_FINAL_TRY/COUNT_LOW from the last
   * failed VERIFY (it sends no PIN check to refresh them), so those stale flags are read as
   * "counter reset" until the flags change, a login fails or another card is in the slot.
   */
  private readonly goodLogin = new Map<string, { serial: string; flags: number }>();

  constructor(private readonly api: Pkcs11Api) {}

  /** Slots with a token. Uninitialised tokens (SoftHSM's free slot) are no card; unreadable cards are listed as such. */
  listTokens(): TokenDescription[] {
    const tokens: TokenDescription[] = [];
    for (const slot of this.call(() => this.api.C_GetSlotList(true))) {
      try {
        const token = this.describe(slot);
        if ((token.flags & TOKEN_FLAGS.tokenInitialized) !== 0) tokens.push(token);
      } catch (error) {
        if (!(error instanceof CompanionError) || error.code !== 'NOT_A_UZI_CARD') throw error;
        tokens.push(this.unrecognized(slot));
      }
    }
    return tokens;
  }

  readCertificates(slotId: string): TokenCertificate[] {
    const slot = this.slot(slotId, undefined);
    return this.withSession(slot, (session) =>
      this.findObjects(session, OBJECT_CLASSES.certificate).map((object) => {
        const [value, id, label] = this.api.C_GetAttributeValue(session, object, [
          { type: ATTRIBUTES.value },
          { type: ATTRIBUTES.id },
          { type: ATTRIBUTES.label },
        ]);
        return {
          id: toHex(asBuffer(id?.value)),
          label: asBuffer(label?.value).toString('utf8'),
          der: new Uint8Array(asBuffer(value?.value)),
        };
      }),
    );
  }

  pinStatus(slotId: string): PinStatus {
    return this.describe(this.slot(slotId, undefined)).pin;
  }

  /** Login, sign, logout. Wipes the request's PIN bytes whatever happens. */
  sign(request: SignRequest): Uint8Array {
    const pin = request.pin;
    try {
      const slot = this.slot(request.slotId, request.tokenSerial);
      const token = this.describe(slot);
      if (token.serialNumber !== request.tokenSerial) {
        throw new CompanionError('CARD_REMOVED', undefined, { reason: 'another card is in the reader' });
      }
      assertPinUsable(token.pin, request.confirmLastTry);
      if (!token.pin.pinpad && (pin === null || pin.length === 0)) {
        throw new CompanionError('BAD_REQUEST', 'A PIN is required: this reader has no pinpad');
      }
      const pinText = (): string =>
        token.pin.pinpad || pin === null ? '' : Buffer.from(pin).toString('utf8');
      return this.withSession(slot, (session) => {
        this.login(session, slot, pinText);
        this.noteGoodLogin(slot, token.serialNumber);
        try {
          const key = this.privateKey(session, request.keyId);
          this.api.C_SignInit(session, { mechanism: MECHANISM_CODES[request.mechanism] }, key);
          if (this.alwaysAuthenticate(session, key)) {
            this.loginAs(session, slot, USER_TYPES.contextSpecific, pinText);
          }
          const data = Buffer.from(request.data);
          return new Uint8Array(this.api.C_Sign(session, data, Buffer.alloc(SIGNATURE_BUFFER_BYTES)));
        } finally {
          this.quietly(() => this.api.C_Logout(session));
        }
      });
    } catch (error) {
      throw mapPkcs11Error(error, { operation: 'sign' });
    } finally {
      pin?.fill(0);
    }
  }

  private login(session: Handle, slot: Handle, pinText: () => string): void {
    try {
      this.loginAs(session, slot, USER_TYPES.user, pinText);
    } catch (error) {
      // Another application of this process left a login behind: start over so this PIN is checked.
      if (pkcs11ReturnValueName(error) !== RETURN_VALUES.userAlreadyLoggedIn) throw error;
      this.api.C_Logout(session);
      this.loginAs(session, slot, USER_TYPES.user, pinText);
    }
  }

  /**
   * pkcs11js takes the PIN only as a JS string (immutable, not wipeable): it is made here, right at
   * the call, and never stored. A pinpad reader gets an empty PIN, which modules treat as NULL.
   */
  private loginAs(session: Handle, slot: Handle, userType: number, pinText: () => string): void {
    try {
      this.api.C_Login(session, userType, pinText());
    } catch (error) {
      if (pkcs11ReturnValueName(error) === RETURN_VALUES.userAlreadyLoggedIn) throw error;
      const mapped = mapPkcs11Error(error);
      if (mapped.code !== 'PIN_INCORRECT') throw mapped;
      // The counter went down: from now on the token's flags tell the truth again.
      this.goodLogin.delete(toHex(slot));
      // Ask the token how many tries remain; OpenSC sets LOCKED right after the 3rd wrong PIN.
      const status = this.quietly(() => this.describe(slot).pin);
      if (status?.blocked) throw new CompanionError('PIN_BLOCKED', undefined, { triesLeft: 0 });
      throw new CompanionError('PIN_INCORRECT', undefined, {
        triesLeft: status?.triesLeft ?? null,
        finalTry: status?.finalTry ?? false,
      });
    }
  }

  private privateKey(session: Handle, keyId: string): Handle {
    const keys = this.findObjects(session, OBJECT_CLASSES.privateKey, Buffer.from(keyId, 'hex'));
    const key = keys[0];
    if (key === undefined)
      throw new CompanionError('NOT_A_UZI_CARD', undefined, { reason: 'no private key', keyId });
    return key;
  }

  private alwaysAuthenticate(session: Handle, key: Handle): boolean {
    // Not every module knows the attribute (PKCS#11 2.20+); absent means false.
    const value = this.quietly(() =>
      this.api.C_GetAttributeValue(session, key, [{ type: ATTRIBUTES.alwaysAuthenticate }]),
    );
    const bytes = value?.[0]?.value;
    return Buffer.isBuffer(bytes) && bytes.length > 0 && bytes[0] !== 0;
  }

  private findObjects(session: Handle, objectClass: number, id?: Buffer): Handle[] {
    const template = [
      { type: ATTRIBUTES.class, value: objectClass },
      ...(id ? [{ type: ATTRIBUTES.id, value: id }] : []),
    ];
    this.api.C_FindObjectsInit(session, template);
    try {
      const found: Handle[] = [];
      for (;;) {
        const batch = this.api.C_FindObjects(session, FIND_OBJECTS_BATCH);
        found.push(...batch);
        if (batch.length < FIND_OBJECTS_BATCH) return found;
      }
    } finally {
      this.quietly(() => this.api.C_FindObjectsFinal(session));
    }
  }

  private noteGoodLogin(slot: Handle, serial: string): void {
    const flags = this.quietly(() => this.api.C_GetTokenInfo(slot).flags);
    if (flags === undefined) this.goodLogin.delete(toHex(slot));
    else this.goodLogin.set(toHex(slot), { serial, flags });
  }

  /** The token's flags, minus the PIN-count flags a successful login made stale (see goodLogin). */
  private currentFlags(slot: Handle, serial: string, flags: number): number {
    const good = this.goodLogin.get(toHex(slot));
    if (good === undefined) return flags;
    if (good.serial !== serial || good.flags !== flags || (flags & TOKEN_FLAGS.userPinLocked) !== 0) {
      this.goodLogin.delete(toHex(slot));
      return flags;
    }
    return flags & ~(TOKEN_FLAGS.userPinFinalTry | TOKEN_FLAGS.userPinCountLow);
  }

  private describe(slot: Handle): TokenDescription {
    const slotInfo = this.call(() => this.api.C_GetSlotInfo(slot));
    const token = this.call(() => this.api.C_GetTokenInfo(slot));
    const flags = this.currentFlags(slot, unpad(token.serialNumber), token.flags);
    return {
      slotId: toHex(slot),
      slotDescription: unpad(slotInfo.slotDescription),
      label: unpad(token.label),
      serialNumber: unpad(token.serialNumber),
      manufacturerId: unpad(token.manufacturerID),
      model: unpad(token.model),
      recognized: true,
      flags,
      pin: pinStatusFromTokenFlags(flags),
    };
  }

  private unrecognized(slot: Handle): TokenDescription {
    const slotInfo = this.quietly(() => this.api.C_GetSlotInfo(slot));
    return {
      slotId: toHex(slot),
      slotDescription: unpad(slotInfo?.slotDescription ?? ''),
      label: '',
      serialNumber: '',
      manufacturerId: '',
      model: '',
      recognized: false,
      flags: 0,
      pin: pinStatusFromTokenFlags(0),
    };
  }

  /** The slot by its hex id, if it still holds a token. Gone: CARD_REMOVED when we knew a card, else NO_CARD. */
  private slot(slotId: string, knownSerial: string | undefined): Handle {
    const slots = this.call(() => this.api.C_GetSlotList(true));
    const slot = slots.find((candidate) => candidate.equals(Buffer.from(slotId, 'hex')));
    if (slot) return slot;
    throw new CompanionError(
      knownSerial === undefined && slots.length === 0 ? 'NO_CARD' : 'CARD_REMOVED',
      undefined,
      {
        slotId,
      },
    );
  }

  private withSession<T>(slot: Handle, use: (session: Handle) => T): T {
    const session = this.call(() => this.api.C_OpenSession(slot, SESSION_FLAGS.serialSession));
    try {
      return use(session);
    } catch (error) {
      throw mapPkcs11Error(error);
    } finally {
      this.quietly(() => this.api.C_CloseSession(session));
    }
  }

  private call<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      throw mapPkcs11Error(error);
    }
  }

  /** Cleanup must not hide the error that made us clean up. */
  private quietly<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch {
      return undefined;
    }
  }
}

function asBuffer(value: unknown): Buffer {
  return Buffer.isBuffer(value) ? value : Buffer.alloc(0);
}
