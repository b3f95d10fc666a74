import type { CommandContext } from '../messaging/host-server.js';

export function quit(context: CommandContext): Promise<{ bye: true }> {
  context.quit();
  return Promise.resolve({ bye: true });
}
