import type { CommandContext } from '../messaging/host-server.js';

/** From now on reader and card events are pushed on this port; the guide reacts without polling. */
export function subscribe(context: CommandContext): Promise<{ subscribed: true }> {
  context.subscribe();
  return Promise.resolve({ subscribed: true });
}
