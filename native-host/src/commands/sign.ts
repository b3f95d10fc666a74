import type { HostRequestArguments, SignResult } from '../../../shared/protocol/host.js';
import type { HostRuntime } from '../runtime.js';
import { withCardLossCheck } from './card-loss.js';
import { assertCardReachable, slotForReader } from './reader-slot.js';

export async function sign(runtime: HostRuntime, args: HostRequestArguments<'sign'>): Promise<SignResult> {
  await runtime.pcsc.settled();
  assertCardReachable(runtime, args.reader);
  const slot = await slotForReader(runtime, args.reader);
  return withCardLossCheck(runtime, () =>
    runtime.card().sign({
      origin: args.origin,
      hash: args.hash,
      hashAlgorithm: args.hashAlgorithm,
      pin: args.pin ?? null,
      ...(args.confirmLastTry === undefined ? {} : { confirmLastTry: args.confirmLastTry }),
      ...(slot === undefined ? {} : { slot }),
    }),
  );
}
