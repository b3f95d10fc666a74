import { CompanionError } from '../../../shared/errors.js';

/** Placeholder for card commands while the PKCS#11 layer is wired in. */
export function notYet(): Promise<never> {
  return Promise.reject(new CompanionError('UNKNOWN_COMMAND', 'This host build does not support card operations yet'));
}
