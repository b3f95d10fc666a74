import { CompanionError } from '../../../shared/errors.js';
import type { CardIdentityView, ReadCardResult } from '../../../shared/protocol/host.js';
import { isUziParseError, parseUziCertificate } from '../../../shared/uzi/index.js';
import type { CardInfo } from '../card/index.js';
import type { HostRuntime } from '../runtime.js';
import { withCard } from './with-card.js';

/**
 * The card's certificates and what they say. Card data is cached in one place, the CardSession:
 * while PC/SC has seen no card or reader leave since the last read, it answers without any token
 * call (knownCard); otherwise the token is listed and the certificates come from its per-card cache
 * or the card.
 */
export function readCard(runtime: HostRuntime, args: { reader?: string }): Promise<ReadCardResult> {
  const known = (): ReadCardResult | undefined => {
    const card = runtime.card().knownCard(args.reader);
    return card && readCardResult(card);
  };
  return withCard(
    runtime,
    args.reader,
    async (slot) => readCardResult(await runtime.card().readCard(slot)),
    known,
  );
}

function readCardResult(card: CardInfo): ReadCardResult {
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
