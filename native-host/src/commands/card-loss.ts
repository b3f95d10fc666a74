import { CompanionError } from '../../../shared/errors.js';
import { TIMEOUTS } from '../config.js';
import type { HostRuntime } from '../runtime.js';

/**
 * What OpenSC (and other middleware) answers when the card vanishes in the middle of a command:
 * not CKR_DEVICE_REMOVED but a generic failure, well before pcscd's presence poll reports the removal.
 */
const CARD_LOSS_RETURN_VALUES: ReadonlySet<string> = new Set([
  'CKR_GENERAL_ERROR',
  'CKR_DEVICE_ERROR',
  'CKR_FUNCTION_FAILED',
]);

function maybeCardLoss(error: unknown): error is CompanionError {
  if (!(error instanceof CompanionError) || error.code !== 'INTERNAL') return false;
  const ckr = error.details?.ckr;
  return typeof ckr === 'string' && CARD_LOSS_RETURN_VALUES.has(ckr);
}

/**
 * Runs a card operation; a generic token failure becomes CARD_REMOVED when PC/SC reports a removal
 * right after it, so the user hears "put the card back" instead of "something went wrong".
 */
export async function withCardLossCheck<T>(runtime: HostRuntime, operation: () => Promise<T>): Promise<T> {
  const mark = runtime.pcsc.removalMark;
  try {
    return await operation();
  } catch (error) {
    if (maybeCardLoss(error) && (await runtime.pcsc.removedSince(mark, TIMEOUTS.cardLossGraceMs))) {
      throw new CompanionError('CARD_REMOVED', undefined, { ckr: error.details?.ckr });
    }
    throw error;
  }
}
