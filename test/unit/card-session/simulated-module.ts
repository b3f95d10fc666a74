// A simulated PKCS#11 module with OpenSC-over-PIV PIN behaviour (test-rig.md): FINAL_TRY after the
// 2nd wrong PIN, LOCKED with the 3rd, then CKR_PIN_LOCKED; COUNT_LOW never. Keys sign with node:crypto,
// so signatures verify against the certificates. It stands in for a card we cannot make misbehave.
import { constants, createPrivateKey, privateEncrypt, sign, type KeyObject } from 'node:crypto';
import type { Pkcs11Api } from '../../../native-host/src/token/pkcs11/pkcs11-token.js';
import {
  ATTRIBUTES,
  MECHANISMS,
  OBJECT_CLASSES,
  TOKEN_FLAGS,
  USER_TYPES,
} from '../../../native-host/src/token/pkcs11/constants.js';
import type { TestKeyPair } from './test-certificates.js';

export class SimulatedPkcs11Error extends Error {
  constructor(readonly ckr: string) {
    super(ckr);
    this.name = 'Pkcs11Error';
  }
}

interface SimObject {
  handle: Buffer;
  objectClass: number;
  id: Buffer;
  label: string;
  value?: Buffer;
  key?: KeyObject;
  alwaysAuthenticate?: boolean;
}

export interface SimulatedModuleOptions {
  keyPairs: TestKeyPair[];
  pin?: string;
  serial?: string;
  pinpad?: boolean;
  alwaysAuthenticateRoles?: TestKeyPair['role'][];
}

const handle = (n: number): Buffer => {
  const buffer = Buffer.alloc(8);
  buffer.writeUInt32LE(n);
  return buffer;
};

export class SimulatedModule {
  readonly slot = handle(7);
  readonly logins: { userType: number; pin: string }[] = [];
  readonly signedMechanisms: number[] = [];
  openSessions = 0;
  present = true;
  wrongTries = 0;
  locked = false;
  private finalTry = false;
  private loggedIn = false;
  private contextLoggedIn = false;
  private nextHandle = 100;
  private readonly objects: SimObject[] = [];
  private readonly sessions = new Map<
    string,
    { found: SimObject[]; signKey?: SimObject; mechanism?: number }
  >();
  private readonly pin: string;

  constructor(private readonly options: SimulatedModuleOptions) {
    this.pin = options.pin ?? '123456';
    for (const pair of options.keyPairs) {
      const id = Buffer.from(pair.id, 'hex');
      this.objects.push({
        handle: handle(this.nextHandle++),
        objectClass: OBJECT_CLASSES.certificate,
        id,
        label: pair.label,
        value: pair.certificateDer,
      });
      this.objects.push({
        handle: handle(this.nextHandle++),
        objectClass: OBJECT_CLASSES.privateKey,
        id,
        label: pair.label,
        key: createPrivateKey(pair.privateKeyPem),
        alwaysAuthenticate: options.alwaysAuthenticateRoles?.includes(pair.role) ?? false,
      });
    }
  }

  setFinalTry(): void {
    this.finalTry = true;
  }

  C_GetSlotList(): Buffer[] {
    return this.present ? [this.slot] : [];
  }

  C_GetSlotInfo(): ReturnType<Pkcs11Api['C_GetSlotInfo']> {
    return {
      slotDescription: 'Virtual PCD 00 00   ',
      manufacturerID: 'sim',
      flags: 1,
      hardwareVersion: { major: 0, minor: 0 },
      firmwareVersion: { major: 0, minor: 0 },
    };
  }

  C_GetTokenInfo(): ReturnType<Pkcs11Api['C_GetTokenInfo']> {
    if (!this.present) throw new SimulatedPkcs11Error('CKR_TOKEN_NOT_PRESENT');
    const flags =
      TOKEN_FLAGS.loginRequired |
      TOKEN_FLAGS.tokenInitialized |
      (this.options.pinpad ? TOKEN_FLAGS.protectedAuthenticationPath : 0) |
      (this.finalTry ? TOKEN_FLAGS.userPinFinalTry : 0) |
      (this.locked ? TOKEN_FLAGS.userPinLocked : 0);
    return {
      label: 'Jan Test authentication'.padEnd(32),
      manufacturerID: 'piv_II'.padEnd(32),
      model: 'PKCS#15 emulated',
      serialNumber: (this.options.serial ?? '00112233445566778899').padEnd(16),
      flags,
    } as ReturnType<Pkcs11Api['C_GetTokenInfo']>;
  }

  C_OpenSession(): Buffer {
    const session = handle(this.nextHandle++);
    this.sessions.set(session.toString('hex'), { found: [] });
    this.openSessions++;
    return session;
  }

  C_CloseSession(session: Buffer): void {
    if (this.sessions.delete(session.toString('hex'))) this.openSessions--;
  }

  C_Login(_session: Buffer, userType: number, pin?: string): void {
    this.logins.push({ userType, pin: pin ?? '' });
    if (!this.present) throw new SimulatedPkcs11Error('CKR_DEVICE_REMOVED');
    if (this.locked) throw new SimulatedPkcs11Error('CKR_PIN_LOCKED');
    if (userType === USER_TYPES.user && this.loggedIn)
      throw new SimulatedPkcs11Error('CKR_USER_ALREADY_LOGGED_IN');
    // A pinpad reader collects the PIN itself: the simulated user types the right one.
    const typed = this.options.pinpad && pin === '' ? this.pin : pin;
    if (typed !== this.pin) {
      this.wrongTries++;
      if (this.wrongTries >= 2) this.finalTry = true;
      if (this.wrongTries >= 3) this.locked = true;
      throw new SimulatedPkcs11Error('CKR_PIN_INCORRECT');
    }
    this.wrongTries = 0;
    if (userType === USER_TYPES.contextSpecific) this.contextLoggedIn = true;
    else this.loggedIn = true;
  }

  C_Logout(): void {
    if (!this.loggedIn) throw new SimulatedPkcs11Error('CKR_USER_NOT_LOGGED_IN');
    this.loggedIn = false;
  }

  C_FindObjectsInit(session: Buffer, template: { type: number; value?: unknown }[]): void {
    const wantedClass = template.find((attribute) => attribute.type === ATTRIBUTES.class)?.value;
    const wantedId = template.find((attribute) => attribute.type === ATTRIBUTES.id)?.value as
      Buffer | undefined;
    const found = this.objects.filter(
      (object) =>
        object.objectClass === wantedClass &&
        (wantedId === undefined || object.id.equals(wantedId)) &&
        (object.objectClass !== OBJECT_CLASSES.privateKey || this.loggedIn),
    );
    this.state(session).found = found;
  }

  C_FindObjects(session: Buffer, max: number): Buffer[] {
    const state = this.state(session);
    return state.found.splice(0, max).map((object) => object.handle);
  }

  C_FindObjectsFinal(session: Buffer): void {
    this.state(session).found = [];
  }

  C_GetAttributeValue(
    _session: Buffer,
    objectHandle: Buffer,
    template: { type: number }[],
  ): { type: number; value: Buffer }[] {
    const object = this.object(objectHandle);
    return template.map(({ type }) => {
      if (type === ATTRIBUTES.value) return { type, value: object.value ?? Buffer.alloc(0) };
      if (type === ATTRIBUTES.id) return { type, value: object.id };
      if (type === ATTRIBUTES.label) return { type, value: Buffer.from(object.label) };
      if (type === ATTRIBUTES.alwaysAuthenticate)
        return { type, value: Buffer.from([object.alwaysAuthenticate ? 1 : 0]) };
      throw new SimulatedPkcs11Error('CKR_ATTRIBUTE_TYPE_INVALID');
    });
  }

  C_SignInit(session: Buffer, mechanism: { mechanism: number }, key: Buffer): void {
    if (!this.loggedIn) throw new SimulatedPkcs11Error('CKR_USER_NOT_LOGGED_IN');
    const state = this.state(session);
    state.signKey = this.object(key);
    state.mechanism = mechanism.mechanism;
    this.contextLoggedIn = false;
  }

  C_Sign(session: Buffer, data: Buffer): Buffer {
    const { signKey, mechanism } = this.state(session);
    if (!signKey?.key || mechanism === undefined)
      throw new SimulatedPkcs11Error('CKR_OPERATION_NOT_INITIALIZED');
    if (signKey.alwaysAuthenticate && !this.contextLoggedIn)
      throw new SimulatedPkcs11Error('CKR_USER_NOT_LOGGED_IN');
    this.signedMechanisms.push(mechanism);
    if (mechanism === MECHANISMS.sha256RsaPkcs) return sign('sha256', data, signKey.key);
    if (mechanism === MECHANISMS.rsaPkcs)
      return privateEncrypt({ key: signKey.key, padding: constants.RSA_PKCS1_PADDING }, data);
    throw new SimulatedPkcs11Error('CKR_MECHANISM_INVALID');
  }

  private state(session: Buffer): { found: SimObject[]; signKey?: SimObject; mechanism?: number } {
    const state = this.sessions.get(session.toString('hex'));
    if (!state) throw new SimulatedPkcs11Error('CKR_SESSION_HANDLE_INVALID');
    return state;
  }

  private object(objectHandle: Buffer): SimObject {
    const object = this.objects.find((candidate) => candidate.handle.equals(objectHandle));
    if (!object) throw new SimulatedPkcs11Error('CKR_OBJECT_HANDLE_INVALID');
    return object;
  }
}
