import type { PinStatusResult } from '../../../shared/protocol/host.js';
import type { HostRuntime } from '../runtime.js';
import { withCardLossCheck } from './card-loss.js';
import { assertCardReachable, slotForReader } from './reader-slot.js';

export async function pinStatus(runtime: HostRuntime, args: { reader?: string }): Promise<PinStatusResult> {
  await runtime.pcsc.settled();
  assertCardReachable(runtime, args.reader);
  const slot = await slotForReader(runtime, args.reader);
  const status = await withCardLossCheck(runtime, () =>
    runtime.card().pinStatus(slot === undefined ? {} : { slot }),
  );
  return {
    triesLeft: status.triesLeft,
    blocked: status.blocked,
    finalTry: status.finalTry,
    pinpad: status.pinpad,
  };
}
