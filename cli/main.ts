// The shipped `zorgid-companion` command: what an installed package offers on a workstation.
// Development commands (sandbox, card, package, walkthrough) live in scripts/.
import { HOST_NAME, HOST_PROTOCOL_VERSION } from '../shared/protocol/host.js';
import { encodeFrame } from '../native-host/src/messaging/framing.js';
import type { CommandOutput } from './cli-io.js';
import { PRODUCT_VERSION } from './ids.js';
import { hostStart } from './self.js';

export const USAGE = `zorgid-companion ${PRODUCT_VERSION} <opdracht / command>

  host                 native messaging host (gestart door de browser / started by the browser, stdio)
  doctor [--json] [--browser B] [--lang en]   controleer deze werkplek / check this workstation
  inspect-cert FILE [--json]   toon de identiteit op een UZI-certificaat / show a UZI certificate's identity
  install-host | uninstall-host [--browser B|all] [--system] [--pkcs11-module PAD]   registreer de kaarthulp / register the host
  policy BROWSER --os OS [--out MAP]   beleidsbestanden voor uitrol / deployment policy files
`;

export const consoleOutput: CommandOutput = {
  stdout: (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  stderr: (text: string) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/** What a person sees who starts the host by hand: it only talks to a browser, over stdio. */
export function hostInTerminalText(): string {
  const start = hostStart();
  const self = start.executable ? start.command : 'zorgid-companion';
  return `ZORG-ID Companion ${PRODUCT_VERSION}: de kaarthulp (native messaging host ${HOST_NAME}).
Deze wordt door de browser gestart, niet met de hand. Registreer hem bij de browsers met:
  ${self} install-host            (voor deze gebruiker)
  sudo ${self} install-host --system   (voor iedereen)
en controleer met: ${self} doctor

The card helper (native messaging host ${HOST_NAME}) is started by the browser, not by hand.
Register it with '${self} install-host [--system]', then check with '${self} doctor'.
`;
}

/** Browsers start a host with its caller as first argument: an extension origin (Chromium) or
 * the path of the host manifest followed by the add-on id (Firefox). */
export function isBrowserLaunch(argv: readonly string[]): boolean {
  const [first, second] = argv;
  if (first === undefined) return false;
  return first.startsWith('chrome-extension://') || (first.endsWith('.json') && second !== undefined);
}

/** -1: the command keeps running (the host); else the exit code. */
export async function main(argv: string[], out: CommandOutput = consoleOutput): Promise<number> {
  const [command, ...rest] = isBrowserLaunch(argv) ? ['host', ...argv] : argv;
  switch (command) {
    case 'host': {
      if (process.stdin.isTTY) {
        out.stderr(hostInTerminalText());
        return 2;
      }
      // Greets before loading the rest, like native-host/src/host-entry.ts: the extension waits for it.
      process.stdout.write(
        encodeFrame({ type: 'hello', version: PRODUCT_VERSION, protocol: HOST_PROTOCOL_VERSION }),
      );
      const { runHost } = await import('../native-host/src/main.js');
      runHost({ helloSent: true, version: PRODUCT_VERSION });
      return -1; // keeps running; exits when the browser closes the channel
    }
    case 'inspect-cert': {
      const { inspectCert } = await import('./inspect-cert.js');
      return inspectCert(rest, out);
    }
    case 'doctor': {
      const { doctorCommand } = await import('./doctor.js');
      return doctorCommand(rest, out);
    }
    case 'policy': {
      const { policyCommand } = await import('./policy/command.js');
      return policyCommand(rest, out);
    }
    case 'install-host':
    case 'uninstall-host': {
      const hostCommands = await import('./host-command.js');
      return command === 'install-host'
        ? hostCommands.installHostCommand(rest, out)
        : hostCommands.uninstallHostCommand(rest, out);
    }
    case '--version':
    case 'version':
      out.stdout(PRODUCT_VERSION);
      return 0;
    case undefined:
      out.stdout(process.stdin.isTTY ? USAGE : hostInTerminalText());
      return 2;
    case 'help':
    case '--help':
      out.stdout(USAGE);
      return 0;
    default:
      out.stderr(`Onbekende opdracht / unknown command: ${command}\n\n${USAGE}`);
      return 2;
  }
}
