// The guide's live card block: reader, card, holder, URA, organisation, expiry. Built from
// `status` (no card I/O) and, when a UZI-pas is present, `readCard` (no PIN; cached by the host).
import { CompanionError } from '../../../shared/errors.js';
import { maskKeepLast } from '../../../shared/redact.js';
import type { CardStatusView } from '../../../shared/steps/card-status.js';
import { NO_CARD_STATUS } from '../../../shared/steps/card-status.js';
import { WORKER_TIMEOUTS } from '../config.js';
import type { CardQueue } from '../services/card-queue.js';
import type { NativeHost } from '../services/native-host.js';

export async function guideCardStatus(host: NativeHost, queue: CardQueue): Promise<CardStatusView> {
  try {
    const status = await host.request('status', {}, WORKER_TIMEOUTS.statusTimeoutMs);
    if (!status.pcsc.available) return { ...NO_CARD_STATUS, errorCode: 'PCSC_UNAVAILABLE' };
    if (status.readers.length === 0) return { ...NO_CARD_STATUS, errorCode: 'NO_READER' };
    const reader = status.readers.find((candidate) => candidate.cardPresent) ?? status.readers[0];
    if (!reader?.cardPresent) return { ...NO_CARD_STATUS, readerName: reader?.name };
    if (reader.cardKind !== 'uzi-pas') {
      return { readerName: reader.name, cardPresent: true, cardKind: 'unknown', identity: undefined };
    }
    const card = await queue.shared(`readCard:${reader.name}`, () =>
      host.request('readCard', { reader: reader.name }),
    );
    const identity = card.identity;
    // PIN tries left (token flags, no PIN asked): the guide warns before a Desktop App login spends the last.
    const pin = await queue
      .shared(`pinStatus:${reader.name}`, () => host.request('pinStatus', { reader: reader.name }))
      .then(({ triesLeft, blocked, finalTry }) => ({ triesLeft, blocked, finalTry }))
      .catch(() => undefined);
    return {
      readerName: reader.name,
      cardPresent: true,
      cardKind: 'uzi',
      identity: {
        name: [identity.givenName, identity.surname].filter(Boolean).join(' ') || identity.commonName,
        uziNumberMasked: maskKeepLast(identity.uziNumber),
        cardType: identity.cardType,
        ura: identity.ura,
        organisationName: identity.organisationName,
        roleName: identity.roleName,
        notAfter: identity.notAfter,
        expired: card.validity.expired,
      },
      ...(pin ? { pin } : {}),
    };
  } catch (error) {
    const code = error instanceof CompanionError ? error.code : 'INTERNAL';
    return { ...NO_CARD_STATUS, errorCode: code };
  }
}
