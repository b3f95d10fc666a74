// `zorgid-companion card insert|remove|list|pin`: drives the sandbox's virtual UZI-pas
// through the card daemon that `npm start` / `sandbox up` runs.
import { parseArgs } from 'node:util';
import {
  CardDaemonUnavailableError,
  insertCard,
  listCards,
  removeCard,
  setPinTries,
} from '../../sandbox/card/client.js';
import { CARD_PROFILE_NAMES } from '../../sandbox/pki/profiles.js';
import { CARD_SOCKET } from '../../testing/lib/sandbox-services.js';
import type { CliOutput } from '../../cli/inspect-cert.js';

const PROFILES_LINE = `profielen / profiles: ${CARD_PROFILE_NAMES.join(', ')}`;
const USAGE = `zorgid-companion card <insert|remove|list|block> [--reader 0|1] [--profile NAME] [--json]
  ${PROFILES_LINE}`;

export async function cardCommand(args: string[], out: CliOutput): Promise<number> {
  const [action, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: {
      reader: { type: 'string', default: '0' },
      profile: { type: 'string', default: 'zorgverlener' },
      json: { type: 'boolean', default: false },
      socket: { type: 'string', default: process.env.ZORGID_CARD_SOCKET ?? CARD_SOCKET },
    },
  });
  const reader = Number(values.reader);
  if (reader !== 0 && reader !== 1) {
    out.stderr(`--reader moet 0 of 1 zijn / must be 0 or 1\n${USAGE}`);
    return 2;
  }
  const socket = values.socket;
  if (action === 'insert' && !(CARD_PROFILE_NAMES as readonly string[]).includes(values.profile)) {
    out.stderr(
      `Onbekend profiel '${values.profile}'. Kies uit: ${CARD_PROFILE_NAMES.join(', ')}. / ` +
        'Unknown profile; choose one of these.',
    );
    return 2;
  }
  try {
    switch (action) {
      case 'insert': {
        const info = await insertCard(socket, { reader: reader, profile: values.profile });
        out.stdout(
          values.json
            ? JSON.stringify(info)
            : `Kaart '${values.profile}' in lezer ${reader} gestoken / inserted.`,
        );
        return 0;
      }
      case 'remove':
        await removeCard(socket, reader);
        out.stdout(
          values.json ? JSON.stringify({ removed: reader }) : `Kaart uit lezer ${reader} gehaald / removed.`,
        );
        return 0;
      case 'list': {
        const cards = await listCards(socket);
        if (values.json) out.stdout(JSON.stringify(cards));
        else if (cards.length === 0) out.stdout('Geen kaarten / no cards.');
        else
          for (const card of cards) {
            out.stdout(
              `lezer ${card.reader}: ${card.profile ?? card.label} (${card.state}), ATR ${card.atr}`,
            );
          }
        return 0;
      }
      case 'block':
        await setPinTries(socket, reader, { pin: 0 });
        out.stdout(`Kaart in lezer ${reader} geblokkeerd / blocked.`);
        return 0;
      default:
        out.stderr(USAGE);
        return 2;
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    out.stderr(
      error instanceof CardDaemonUnavailableError
        ? `${message}\nStart de sandbox met \`npm start\` of \`zorgid-companion sandbox up\`. / Start the sandbox first.`
        : message,
    );
    return 1;
  }
}
