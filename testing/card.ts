// The virtual UZI-pas, driven through the card daemon the sandbox started. Reader 0 is
// "Virtual PCD 00 00", reader 1 "Virtual PCD 00 01". Profiles: zorgverlener, medewerker,
// niet-op-naam, andere-organisatie, verlopen, ingetrokken (sandbox/pki/profiles.ts).
import {
  DEFAULT_CARD_SOCKET,
  insertCard as daemonInsert,
  listCards as daemonList,
  removeCard as daemonRemove,
  setPinTries,
} from '../sandbox/card/client.js';
import type { CardInfo } from '../sandbox/card/control-protocol.js';
import type { ReaderIndex } from '../sandbox/card/virtual-card.js';

export type { CardInfo, ReaderIndex };

/** The daemon's socket: `ZORGID_CARD_SOCKET` (set by with-sandbox / npm test / startSandbox), else the default. */
export const cardSocket = (): string => process.env.ZORGID_CARD_SOCKET ?? DEFAULT_CARD_SOCKET;

export function listCards(): Promise<CardInfo[]> {
  return daemonList(cardSocket());
}

async function inReader(reader: ReaderIndex): Promise<CardInfo | undefined> {
  return (await listCards()).find((card) => card.reader === reader);
}

/** Puts a card with this profile in the reader (a card already there is pulled first). A fresh card has 3 PIN tries. */
export async function insertCard(reader: ReaderIndex, profile: string): Promise<CardInfo> {
  if (await inReader(reader)) await daemonRemove(cardSocket(), reader);
  return daemonInsert(cardSocket(), { reader, profile });
}

/** Pulls the card; no-op when the reader is empty. */
export async function removeCard(reader: ReaderIndex): Promise<void> {
  if (await inReader(reader)) await daemonRemove(cardSocket(), reader);
}

/** Makes sure this profile is in the reader; leaves the card (and its PIN counter) alone when it already is. */
export async function swapProfile(reader: ReaderIndex, profile: string): Promise<CardInfo> {
  const current = await inReader(reader);
  if (current?.profile === profile) return current;
  return insertCard(reader, profile);
}

async function requireCard(reader: ReaderIndex): Promise<CardInfo> {
  const card = await inReader(reader);
  if (!card) throw new Error(`Geen kaart in lezer ${reader} / no card in reader ${reader}`);
  return card;
}

/** As if the PIN had been typed wrongly n times: returns the tries left (0 = blocked). */
export async function spendPinTries(n: number, reader: ReaderIndex = 0): Promise<number> {
  const card = await requireCard(reader);
  const left = Math.max(0, card.pin.pinTriesLeft - n);
  await setPinTries(cardSocket(), reader, { pin: left });
  return left;
}

/** Blocks the PIN (no tries left); unblock by inserting the card again (insertCard). */
export async function blockCard(reader: ReaderIndex = 0): Promise<void> {
  await requireCard(reader);
  await setPinTries(cardSocket(), reader, { pin: 0 });
}

/** What the sandbox starts with: a fresh zorgverlener card in reader 0, reader 1 empty. */
export async function restoreCards(): Promise<void> {
  await removeCard(1);
  await insertCard(0, 'zorgverlener');
}
