// `zorgid-companion <command>`: one entry point whose subcommands grow with the product.
const USAGE = `zorgid-companion <opdracht / command>

  host                 native messaging host (started by the browser, stdio)
  inspect-cert FILE    toon de identiteit op een UZI-certificaat / show a UZI certificate's identity [--json]
  card insert|remove|list|block   bestuur de sandbox-UZI-pas / control the sandbox card
  sandbox up|down      start of stop de sandbox / start or stop the sandbox
  doctor [--json] [--browser B] [--lang en]   controleer deze werkplek / check this workstation
  policy BROWSER --os OS      beleidsbestanden voor uitrol / deployment policy files
  install-host | uninstall-host   registreer de kaarthulp bij de browsers / register the host
  package              extensie- en hostpakketten / extension and host packages
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const out = {
    stdout: (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    stderr: (text: string) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  };
  switch (command) {
    case 'host': {
      const { runHost } = await import('../../native-host/src/main.js');
      runHost();
      return -1; // keeps running; exits when the browser closes the channel
    }
    case 'inspect-cert': {
      const { inspectCert } = await import('./inspect-cert.js');
      return inspectCert(rest, out);
    }
    case 'card': {
      const { cardCommand } = await import('./card.js');
      return cardCommand(rest, out);
    }
    case 'sandbox': {
      const { sandboxCommand } = await import('./sandbox.js');
      return sandboxCommand(rest, out);
    }
    case 'doctor': {
      const { doctorCommand } = await import('./doctor.js');
      return doctorCommand(rest, out);
    }
    case 'policy': {
      const { policyCommand } = await import('../deploy/policy/command.js');
      return policyCommand(rest, out);
    }
    case 'install-host':
    case 'uninstall-host': {
      const hostCommands = await import('../deploy/host-command.js');
      return command === 'install-host'
        ? hostCommands.installHostCommand(rest, out)
        : hostCommands.uninstallHostCommand(rest, out);
    }
    case 'package': {
      const { packageCommand } = await import('../deploy/package.js');
      return packageCommand(rest, out);
    }
    case undefined:
    case 'help':
    case '--help':
      out.stdout(USAGE);
      return command === undefined ? 2 : 0;
    default:
      out.stderr(`Onbekende opdracht / unknown command: ${command}\n\n${USAGE}`);
      return 2;
  }
}
