import type { PinStatusResult } from '../../../shared/protocol/host.js';
import type { HostRuntime } from '../runtime.js';
import { withCard } from './with-card.js';

export async function pinStatus(runtime: HostRuntime, args: { reader?: string }): Promise<PinStatusResult> {
  const status = await withCard(runtime, args.reader, (slot) => runtime.card().pinStatus(slot));
  return {
    triesLeft: status.triesLeft,
    blocked: status.blocked,
    finalTry: status.finalTry,
    pinpad: status.pinpad,
  };
}
