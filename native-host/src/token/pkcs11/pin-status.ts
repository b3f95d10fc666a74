import { CompanionError } from '../../../../shared/errors.js';
import { TOKEN_FLAGS } from './constants.js';

/**
 * What the token says about the user PIN. OpenSC 0.23 over a PIV card sets FINAL_TRY after the
 * 2nd wrong PIN and LOCKED after the 3rd, but never COUNT_LOW: it cannot tell 3 tries left from 2.
 * triesLeft is therefore null when unknown (then at least 2), 1 on the final try, 0 when blocked.
 * FINAL_TRY stays set after a good PIN until the next failed VERIFY: Pkcs11Token masks it after its
 * own successful login (a good VERIFY resets the counter).
 */
export interface PinStatus {
  triesLeft: number | null;
  blocked: boolean;
  finalTry: boolean;
  /** The reader has its own keypad (CKF_PROTECTED_AUTHENTICATION_PATH): the PIN is typed there. */
  pinpad: boolean;
}

/** A UZI-pas blocks its PIN after 3 wrong tries (UZI-register); COUNT_LOW then means 2 left. */
export const UZI_PIN_MAX_TRIES = 3;

const has = (flags: number, flag: number): boolean => (flags & flag) !== 0;

export function pinStatusFromTokenFlags(flags: number): PinStatus {
  const blocked = has(flags, TOKEN_FLAGS.userPinLocked);
  const finalTry = !blocked && has(flags, TOKEN_FLAGS.userPinFinalTry);
  const countLow = has(flags, TOKEN_FLAGS.userPinCountLow);
  const triesLeft = blocked ? 0 : finalTry ? 1 : countLow ? UZI_PIN_MAX_TRIES - 1 : null;
  return { triesLeft, blocked, finalTry, pinpad: has(flags, TOKEN_FLAGS.protectedAuthenticationPath) };
}

/** Refuse before C_Login: never spend a blocked PIN, nor the last try without the user's consent. */
export function assertPinUsable(status: PinStatus, confirmLastTry: boolean): void {
  if (status.blocked) throw new CompanionError('PIN_BLOCKED', undefined, { triesLeft: 0 });
  if (status.finalTry && !confirmLastTry)
    throw new CompanionError('PIN_LAST_TRY', undefined, { triesLeft: 1 });
}
