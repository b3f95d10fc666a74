import type { AuthToken } from '../../../shared/protocol/token.js';
import type { HostRequestArguments } from '../../../shared/protocol/host.js';
import type { HostRuntime } from '../runtime.js';
import { withCardLossCheck } from './card-loss.js';
import { assertCardReachable, slotForReader } from './reader-slot.js';

export async function authenticate(
  runtime: HostRuntime,
  args: HostRequestArguments<'authenticate'>,
): Promise<AuthToken> {
  await runtime.pcsc.settled();
  assertCardReachable(runtime, args.reader);
  const slot = await slotForReader(runtime, args.reader);
  return withCardLossCheck(runtime, () =>
    runtime.card().authenticate({
      origin: args.origin,
      challenge: args.challenge,
      // No PIN in the request means a pinpad reader: the card session checks that it is one.
      pin: args.pin ?? null,
      ...(args.confirmLastTry === undefined ? {} : { confirmLastTry: args.confirmLastTry }),
      ...(slot === undefined ? {} : { slot }),
    }),
  );
}
