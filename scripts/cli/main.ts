// `zorgid-companion <command>` in a checkout: the shipped commands (cli/main.ts) plus the
// development ones (sandbox, card, package).
import { consoleOutput, main as shippedMain, USAGE as SHIPPED_USAGE } from '../../cli/main.js';

const DEV_USAGE = `${SHIPPED_USAGE}
Alleen in de ontwikkelomgeving / development only:
  card insert|remove|list|block   bestuur de sandbox-UZI-pas / control the sandbox card
  sandbox up|down      start of stop de sandbox / start or stop the sandbox
  package [--out MAP] [--key SLEUTEL.pem]   release-pakketten / release packages
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const out = consoleOutput;
  switch (command) {
    case 'card': {
      const { cardCommand } = await import('./card.js');
      return cardCommand(rest, out);
    }
    case 'sandbox': {
      const { sandboxCommand } = await import('./sandbox.js');
      return sandboxCommand(rest, out);
    }
    case 'package': {
      const { packageCommand } = await import('../deploy/package.js');
      return packageCommand(rest, out);
    }
    case 'help':
    case '--help':
      out.stdout(DEV_USAGE);
      return 0;
    default:
      return shippedMain(argv, out);
  }
}
