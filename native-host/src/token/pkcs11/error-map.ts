import { CompanionError, type ErrorCode } from '../../../../shared/errors.js';

/**
 * PKCS#11 return values and what they mean for the user. CKR_SESSION_HANDLE_INVALID and
 * CKR_SESSION_CLOSED only follow a removal in our use (we never reuse sessions across operations).
 * CKR_PIN_INCORRECT gets triesLeft added by the caller, which re-reads the token flags.
 */
export const PKCS11_ERROR_CODES: Readonly<Record<string, ErrorCode>> = Object.freeze({
  CKR_PIN_INCORRECT: 'PIN_INCORRECT',
  CKR_PIN_LEN_RANGE: 'PIN_INCORRECT',
  CKR_PIN_INVALID: 'PIN_INCORRECT',
  CKR_PIN_LOCKED: 'PIN_BLOCKED',
  CKR_PIN_EXPIRED: 'PIN_BLOCKED',
  CKR_DEVICE_REMOVED: 'CARD_REMOVED',
  CKR_TOKEN_NOT_PRESENT: 'CARD_REMOVED',
  CKR_SESSION_HANDLE_INVALID: 'CARD_REMOVED',
  CKR_SESSION_CLOSED: 'CARD_REMOVED',
  CKR_TOKEN_NOT_RECOGNIZED: 'NOT_A_UZI_CARD',
  CKR_FUNCTION_CANCELED: 'CANCELLED',
});

const PKCS11_RETURN_VALUE_PATTERN = /^CKR_[A-Z0-9_]+$/;

/** Name of a PKCS#11 return value carried by a pkcs11js Pkcs11Error (its message is the CKR name). */
export function pkcs11ReturnValueName(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  return PKCS11_RETURN_VALUE_PATTERN.test(error.message) ? error.message : undefined;
}

/** One PKCS#11 failure as a CompanionError; unknown return values become INTERNAL with the CKR name. */
export function mapPkcs11Error(error: unknown, details?: Record<string, unknown>): CompanionError {
  if (error instanceof CompanionError) return error;
  const name = pkcs11ReturnValueName(error);
  if (name === undefined) {
    const message = error instanceof Error ? error.message : String(error);
    return new CompanionError('INTERNAL', undefined, { ...details, cause: message });
  }
  const code = PKCS11_ERROR_CODES[name] ?? 'INTERNAL';
  return new CompanionError(code, undefined, { ...details, ckr: name });
}
