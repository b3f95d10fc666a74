import type { AuthToken } from '../../../shared/protocol/token.js';
import type { HostRequestArguments } from '../../../shared/protocol/host.js';
import type { HostRuntime } from '../runtime.js';
import { withCard } from './with-card.js';

export async function authenticate(
  runtime: HostRuntime,
  args: HostRequestArguments<'authenticate'>,
): Promise<AuthToken> {
  return withCard(runtime, args.reader, (slot) =>
    runtime.card().authenticate({
      origin: args.origin,
      challenge: args.challenge,
      // No PIN in the request means a pinpad reader: the card session checks that it is one.
      pin: args.pin ?? null,
      ...(args.confirmLastTry === undefined ? {} : { confirmLastTry: args.confirmLastTry }),
      ...slot,
    }),
  );
}
