import type { HostRequestArguments, SignResult } from '../../../shared/protocol/host.js';
import type { HostRuntime } from '../runtime.js';
import { withCard } from './with-card.js';

export async function sign(runtime: HostRuntime, args: HostRequestArguments<'sign'>): Promise<SignResult> {
  return withCard(runtime, args.reader, (slot) =>
    runtime.card().sign({
      origin: args.origin,
      hash: args.hash,
      hashAlgorithm: args.hashAlgorithm,
      pin: args.pin ?? null,
      ...(args.confirmLastTry === undefined ? {} : { confirmLastTry: args.confirmLastTry }),
      ...slot,
    }),
  );
}
