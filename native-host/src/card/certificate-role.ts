import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, KeyUsage, KeyUsageFlags, id_ce_keyUsage } from '@peculiar/asn1-x509';
import type { CertificateRole } from '../../../shared/uzi/types.js';

export type { CertificateRole };

/** The roles a UZI-pas must hold; labels vary by middleware, key usage does not. */
export const CARD_KEY_ROLES = ['authentication', 'signature', 'encryption'] as const;
export type CardKeyRole = (typeof CARD_KEY_ROLES)[number];

/** Key usage bits per role, checked in this order (nonRepudiation first: it may come with digitalSignature). */
const ROLE_BY_KEY_USAGE: readonly { role: CardKeyRole; anyOf: number }[] = [
  { role: 'signature', anyOf: KeyUsageFlags.nonRepudiation },
  { role: 'authentication', anyOf: KeyUsageFlags.digitalSignature },
  { role: 'encryption', anyOf: KeyUsageFlags.keyEncipherment | KeyUsageFlags.dataEncipherment },
];

/** CA certificates on the card carry these; they are no user key. */
const CA_KEY_USAGE = KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign;

function keyUsageFlags(der: Uint8Array): number | null {
  const certificate = AsnConvert.parse(der, Certificate);
  const extension = certificate.tbsCertificate.extensions?.find((ext) => ext.extnID === id_ce_keyUsage);
  if (!extension) return null;
  return AsnConvert.parse(extension.extnValue, KeyUsage).toNumber();
}

/**
 * Which of the card's three keys a certificate belongs to, from its keyUsage extension.
 * The one place to swap for shared/uzi's parseUziCertificate(der).certificateRole once it lands.
 */
export function certificateRoleOf(der: Uint8Array): CertificateRole {
  let flags: number | null;
  try {
    flags = keyUsageFlags(der);
  } catch {
    return 'unknown';
  }
  if (flags === null || (flags & CA_KEY_USAGE) !== 0) return 'unknown';
  const usages = flags;
  return ROLE_BY_KEY_USAGE.find(({ anyOf }) => (usages & anyOf) !== 0)?.role ?? 'unknown';
}
