import { describe, expect, it } from 'vitest';
import { CompanionError } from '../../../shared/errors.js';
import { mapPkcs11Error, PKCS11_ERROR_CODES } from '../../../native-host/src/token/pkcs11/error-map.js';
import { TOKEN_FLAGS } from '../../../native-host/src/token/pkcs11/constants.js';
import {
  assertPinUsable,
  pinStatusFromTokenFlags,
} from '../../../native-host/src/token/pkcs11/pin-status.js';

/** pkcs11js' Pkcs11Error carries the CKR name as its message. */
const pkcs11Error = (name: string): Error => Object.assign(new Error(name), { name: 'Pkcs11Error' });

describe('mapPkcs11Error', () => {
  it.each([
    ['CKR_PIN_INCORRECT', 'PIN_INCORRECT'],
    ['CKR_PIN_LOCKED', 'PIN_BLOCKED'],
    ['CKR_DEVICE_REMOVED', 'CARD_REMOVED'],
    ['CKR_TOKEN_NOT_PRESENT', 'CARD_REMOVED'],
    ['CKR_SESSION_HANDLE_INVALID', 'CARD_REMOVED'],
    ['CKR_TOKEN_NOT_RECOGNIZED', 'NOT_A_UZI_CARD'],
    ['CKR_FUNCTION_CANCELED', 'CANCELLED'],
  ])('%s → %s', (ckr, code) => {
    const mapped = mapPkcs11Error(pkcs11Error(ckr));
    expect(mapped.code).toBe(code);
    expect(mapped.details).toEqual({ ckr });
    expect(PKCS11_ERROR_CODES[ckr]).toBe(code);
  });

  it('turns an unknown return value into INTERNAL naming the CKR', () => {
    const mapped = mapPkcs11Error(pkcs11Error('CKR_DEVICE_MEMORY'), { operation: 'sign' });
    expect(mapped.code).toBe('INTERNAL');
    expect(mapped.details).toEqual({ operation: 'sign', ckr: 'CKR_DEVICE_MEMORY' });
  });

  it('keeps a CompanionError and wraps anything else as INTERNAL', () => {
    const original = new CompanionError('NO_CARD');
    expect(mapPkcs11Error(original)).toBe(original);
    const mapped = mapPkcs11Error(new TypeError('Argument 2 has wrong type'));
    expect(mapped.code).toBe('INTERNAL');
    expect(mapped.details?.cause).toBe('Argument 2 has wrong type');
  });
});

describe('pin status from token flags (OpenSC semantics)', () => {
  it('cannot tell 3 from 2 tries: triesLeft null', () => {
    expect(pinStatusFromTokenFlags(TOKEN_FLAGS.loginRequired)).toEqual({
      triesLeft: null,
      blocked: false,
      finalTry: false,
      pinpad: false,
    });
  });

  it('reads final try, locked, count low and pinpad', () => {
    expect(pinStatusFromTokenFlags(TOKEN_FLAGS.userPinFinalTry)).toMatchObject({
      triesLeft: 1,
      finalTry: true,
    });
    expect(pinStatusFromTokenFlags(TOKEN_FLAGS.userPinLocked | TOKEN_FLAGS.userPinFinalTry)).toMatchObject({
      triesLeft: 0,
      blocked: true,
      finalTry: false,
    });
    expect(pinStatusFromTokenFlags(TOKEN_FLAGS.userPinCountLow).triesLeft).toBe(2);
    expect(pinStatusFromTokenFlags(TOKEN_FLAGS.protectedAuthenticationPath).pinpad).toBe(true);
  });

  it('refuses the last try without confirmation and a blocked PIN always', () => {
    const finalTry = pinStatusFromTokenFlags(TOKEN_FLAGS.userPinFinalTry);
    expect(() => assertPinUsable(finalTry, false)).toThrow(expect.objectContaining({ code: 'PIN_LAST_TRY' }));
    expect(() => assertPinUsable(finalTry, true)).not.toThrow();
    const blocked = pinStatusFromTokenFlags(TOKEN_FLAGS.userPinLocked);
    expect(() => assertPinUsable(blocked, true)).toThrow(expect.objectContaining({ code: 'PIN_BLOCKED' }));
  });
});
