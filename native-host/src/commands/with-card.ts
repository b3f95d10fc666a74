import type { HostRuntime } from '../runtime.js';
import { withCardLossCheck } from './card-loss.js';
import { assertCardReachable, slotForReader } from './reader-slot.js';

/**
 * The prelude every card command shares, once: wait until PC/SC has settled, fail early with the
 * PC/SC view of a missing reader or card, find the PKCS#11 slot of the named reader (undefined: the
 * only card), then run the operation with a generic token failure read as CARD_REMOVED when PC/SC
 * saw the card leave.
 */
export async function withCard<T>(
  runtime: HostRuntime,
  reader: string | undefined,
  operation: (slot: { slot?: string }) => Promise<T>,
  /** An answer that needs no token call (readCard's: no card left since the last read). */
  known?: () => T | undefined,
): Promise<T> {
  await runtime.pcsc.settled();
  assertCardReachable(runtime, reader);
  const answer = known?.();
  if (answer !== undefined) return answer;
  const slot = await slotForReader(runtime, reader);
  return withCardLossCheck(runtime, () => operation(slot === undefined ? {} : { slot }));
}
