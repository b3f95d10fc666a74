// Drives the virtual UZI-pas through the card daemon that `npm test` started.
import { insertCard, listCards, removeCard } from '../../sandbox/card/client.js';
import type { ReaderIndex } from '../../sandbox/card/virtual-card.js';

export function cardSocket(): string {
  const socket = process.env.ZORGID_CARD_SOCKET;
  if (!socket)
    throw new Error(
      'ZORGID_CARD_SOCKET is not set: run these tests through `npm test`, which starts the card daemon',
    );
  return socket;
}

export function cardControl(socket: string = cardSocket()) {
  return {
    async insert(reader: ReaderIndex, profile: string): Promise<void> {
      const cards = await listCards(socket);
      const current = cards.find((card) => card.reader === reader);
      if (current?.profile === profile) return;
      if (current) await removeCard(socket, reader);
      await insertCard(socket, { reader, profile });
    },
    async remove(reader: ReaderIndex): Promise<void> {
      const cards = await listCards(socket);
      if (cards.some((card) => card.reader === reader)) await removeCard(socket, reader);
    },
    list: () => listCards(socket),
  };
}
