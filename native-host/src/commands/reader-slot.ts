import { CompanionError } from '../../../shared/errors.js';
import { slotServesReader } from '../card/index.js';
import type { HostRuntime } from '../runtime.js';

/** Maps a reader name from `status` to its PKCS#11 slot, or undefined for "the only card". */
export async function slotForReader(
  runtime: HostRuntime,
  reader: string | undefined,
): Promise<string | undefined> {
  if (reader === undefined) return undefined;
  const pcscReader = runtime.pcsc.snapshot().find((candidate) => candidate.name === reader);
  if (runtime.pcsc.pcscAvailable && !pcscReader) throw new CompanionError('NO_READER', undefined, { reader });
  if (pcscReader && !pcscReader.cardPresent) throw new CompanionError('NO_CARD', undefined, { reader });
  const tokens = await runtime.card().tokens();
  const match = tokens.find((token) => slotServesReader(token.slotDescription, reader));
  if (!match) throw new CompanionError('NO_CARD', undefined, { reader });
  return match.slotId;
}

/** Without a reader named, fail early with the PC/SC view of the problem: clearer than "no token". */
export function assertCardReachable(runtime: HostRuntime, reader: string | undefined): void {
  if (reader !== undefined) return;
  if (!runtime.pcsc.pcscAvailable) throw new CompanionError('PCSC_UNAVAILABLE');
  const readers = runtime.pcsc.snapshot();
  if (readers.length === 0) throw new CompanionError('NO_READER');
  if (!readers.some((candidate) => candidate.cardPresent)) throw new CompanionError('NO_CARD');
}
