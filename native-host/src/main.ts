// The native messaging host: started by the browser with stdio as the channel.
import { HostServer, type CommandHandlers } from './messaging/host-server.js';
import { authenticate } from './commands/authenticate.js';
import { configure } from './commands/configure.js';
import { pinStatus } from './commands/pin-status.js';
import { readCard } from './commands/read-card.js';
import { revocation } from './commands/revocation.js';
import { sign } from './commands/sign.js';
import { quit } from './commands/quit.js';
import { status } from './commands/status.js';
import { subscribe } from './commands/subscribe.js';
import { PcscMonitor } from './token/pcsc/pcsc-monitor.js';
import { createRuntime } from './runtime.js';
import { log } from './util/log.js';
import { readVersion } from './version.js';

export function runHost(options: { helloSent?: boolean; version?: string } = {}): void {
  const pcsc = new PcscMonitor();
  const runtime = createRuntime(options.version ?? readVersion(), pcsc);

  const handlers: CommandHandlers = {
    status: () => status(runtime),
    readCard: (args) => readCard(runtime, args),
    authenticate: (args) => authenticate(runtime, args),
    sign: (args) => sign(runtime, args),
    pinStatus: (args) => pinStatus(runtime, args),
    revocation: (args) => revocation(runtime, args),
    subscribe: (_args, context) => subscribe(context),
    quit: (_args, context) => quit(context),
    configure: (args) => configure(runtime, args),
  };

  const server = new HostServer({
    input: process.stdin,
    output: process.stdout,
    version: runtime.version,
    handlers,
    helloSent: options.helloSent ?? false,
    onClose: () => {
      pcsc.stop();
      runtime.close();
      // stdout may still hold frames: exit once it has drained.
      process.stdout.write('', () => process.exit(0));
    },
  });
  pcsc.on('event', (event) => server.pushEvent(event));
  server.start();
  pcsc.start();
  log.debug('host started', { version: runtime.version, pid: process.pid });
}
