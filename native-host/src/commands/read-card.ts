import { CompanionError } from '../../../shared/errors.js';
import type { CardIdentityView, ReadCardResult } from '../../../shared/protocol/host.js';
import { isUziParseError, parseUziCertificate } from '../../../shared/uzi/index.js';
import type { HostRuntime } from '../runtime.js';
import { log } from '../util/log.js';
import { withCard } from './with-card.js';

export const READ_CARD_LOG = Object.freeze({
  fromPcscState: 'readCard answered again: no card left since the last read',
});

/**
 * The last answer per reader argument, valid while PC/SC has seen no card or reader leave since:
 * a card cannot change without a removal, so a repeated readCard needs no token call at all.
 */
const answered = new WeakMap<HostRuntime, Map<string, { removalMark: number; result: ReadCardResult }>>();

export async function readCard(runtime: HostRuntime, args: { reader?: string }): Promise<ReadCardResult> {
  const key = args.reader ?? '';
  let cache = answered.get(runtime);
  if (!cache)
    answered.set(runtime, (cache = new Map<string, { removalMark: number; result: ReadCardResult }>()));
  const known = cache;
  const fromPcscState = (): ReadCardResult | undefined => {
    const cached = known.get(key);
    const readerStillHasCard = runtime.pcsc
      .snapshot()
      .some((reader) => reader.cardPresent && (args.reader === undefined || reader.name === args.reader));
    if (!cached || cached.removalMark !== runtime.pcsc.removalMark || !readerStillHasCard) return undefined;
    log.debug(READ_CARD_LOG.fromPcscState, { reader: key });
    return cached.result;
  };
  // Taken before the read: a removal while reading makes the next call read again.
  const removalMark = runtime.pcsc.removalMark;
  const result = await withCard(
    runtime,
    args.reader,
    (slot) => readCardFromToken(runtime, slot),
    fromPcscState,
  );
  if (result !== known.get(key)?.result) known.set(key, { removalMark, result });
  return result;
}

async function readCardFromToken(runtime: HostRuntime, slot: { slot?: string }): Promise<ReadCardResult> {
  const card = await runtime.card().readCard(slot);
  const authentication = card.certificates.authentication;
  let identity;
  try {
    identity = parseUziCertificate(authentication.der);
  } catch (error) {
    if (isUziParseError(error))
      throw new CompanionError('NOT_A_UZI_CARD', error.message, { reason: error.reason });
    throw error;
  }
  const view: CardIdentityView = {
    uziNumber: identity.uziNumber,
    cardType: identity.cardType,
    ura: identity.ura,
    roleCode: identity.roleCode,
    roleName: identity.roleName,
    organisationName: identity.organisationName ?? '',
    givenName: identity.givenName ?? '',
    surname: identity.surname ?? '',
    commonName: identity.commonName ?? '',
    notBefore: identity.notBefore,
    notAfter: identity.notAfter,
  };
  return {
    reader: card.readerName,
    tokenSerial: card.tokenSerial,
    certificates: (['authentication', 'signature', 'encryption'] as const).map((role) => ({
      role,
      der: Buffer.from(card.certificates[role].der).toString('base64'),
    })),
    identity: view,
    validity: {
      expired: identity.validity.expired,
      notYetValid: identity.validity.notYetValid,
      daysLeft: identity.validity.daysLeft,
    },
    canRegisterZorgId: identity.canRegisterZorgId,
  };
}
