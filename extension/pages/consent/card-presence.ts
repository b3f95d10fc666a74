// The PIN window follows the card while it asks: pulled, it says "Geen kaart" at once and takes
// no PIN; put back, it asks again. Events come from the service worker (the host's PC/SC events)
// over a port only this extension page can open.
import { CONSENT_CARD_PORT, type ConsentCardEvent } from '../../../shared/protocol/consent.js';

/** Readers seen without their card since the window opened (a reader name, or '' when unnamed). */
export type MissingReaders = ReadonlySet<string>;

/**
 * The next set of readers without a card. With the card's reader known, only its events count (a
 * card pulled from another reader changes nothing); unknown, every reader's events do.
 */
export function nextMissing(
  missing: MissingReaders,
  event: ConsentCardEvent,
  cardReader: string | undefined,
): MissingReaders {
  const reader = event.reader ?? '';
  if (cardReader !== undefined && event.reader !== undefined && event.reader !== cardReader) return missing;
  const next = new Set(missing);
  if (event.present) next.delete(reader);
  else next.add(reader);
  return next;
}

/** Subscribes to the worker's card events; returns the unsubscribe function. */
export function watchCardEvents(onEvent: (event: ConsentCardEvent) => void): () => void {
  let port: chrome.runtime.Port | undefined;
  try {
    port = chrome.runtime.connect({ name: CONSENT_CARD_PORT });
  } catch {
    // No worker to talk to: the window still works, it only learns of a pulled card on Doorgaan.
    return () => undefined;
  }
  port.onMessage.addListener((message: unknown) => {
    const event = message as Partial<ConsentCardEvent> | null;
    if (event?.type === 'card' && typeof event.present === 'boolean')
      onEvent({
        type: 'card',
        present: event.present,
        ...(typeof event.reader === 'string' ? { reader: event.reader } : {}),
      });
  });
  return () => port?.disconnect();
}
