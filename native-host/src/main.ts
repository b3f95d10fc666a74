// The native messaging host: started by the browser with stdio as the channel.
import { HostServer, type CommandHandlers } from './messaging/host-server.js';
import { notYet } from './commands/not-yet.js';
import { quit } from './commands/quit.js';
import { status } from './commands/status.js';
import { subscribe } from './commands/subscribe.js';
import { PcscMonitor } from './token/pcsc/pcsc-monitor.js';
import type { HostRuntime } from './runtime.js';
import { log } from './util/log.js';
import { readVersion } from './version.js';

export function runHost(): void {
  const pcsc = new PcscMonitor();
  const runtime: HostRuntime = { version: readVersion(), pcsc };

  const handlers: CommandHandlers = {
    status: () => status(runtime),
    readCard: notYet,
    authenticate: notYet,
    sign: notYet,
    pinStatus: notYet,
    subscribe: (_args, context) => subscribe(context),
    quit: (_args, context) => quit(context),
  };

  const server = new HostServer({
    input: process.stdin,
    output: process.stdout,
    version: runtime.version,
    handlers,
    onClose: () => {
      pcsc.stop();
      // stdout may still hold frames: exit once it has drained.
      process.stdout.write('', () => process.exit(0));
    },
  });
  pcsc.on('event', (event) => server.pushEvent(event));
  server.start();
  pcsc.start();
  log.debug('host started', { version: runtime.version, pid: process.pid });
}
