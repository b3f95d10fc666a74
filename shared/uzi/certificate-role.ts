// Which of the card's three key pairs a certificate belongs to, from its keyUsage extension: the one
// rule for the host (choosing the key to use), the parser (inspect-cert, diagnostics) and the verifier
// (refusing a certificate used for the wrong purpose). Labels vary by middleware, key usage does not.

import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, KeyUsage, KeyUsageFlags } from '@peculiar/asn1-x509';
import { EXTENSION_OID } from './oids.js';
import type { CertificateRole, KeyUsageName } from './types.js';

/** The roles a UZI-pas must hold. */
export const CARD_KEY_ROLES = ['authentication', 'signature', 'encryption'] as const;
export type CardKeyRole = (typeof CARD_KEY_ROLES)[number];

const KEY_USAGE_FLAGS: readonly (readonly [KeyUsageName, KeyUsageFlags])[] = [
  ['digitalSignature', KeyUsageFlags.digitalSignature],
  ['nonRepudiation', KeyUsageFlags.nonRepudiation],
  ['keyEncipherment', KeyUsageFlags.keyEncipherment],
  ['dataEncipherment', KeyUsageFlags.dataEncipherment],
  ['keyAgreement', KeyUsageFlags.keyAgreement],
  ['keyCertSign', KeyUsageFlags.keyCertSign],
  ['cRLSign', KeyUsageFlags.cRLSign],
  ['encipherOnly', KeyUsageFlags.encipherOnly],
  ['decipherOnly', KeyUsageFlags.decipherOnly],
];

/**
 * Checked in this order. The UZI CPS gives each key pair one purpose (docs/background/domain.md):
 * authentication digitalSignature only, signature nonRepudiation, encryption keyEncipherment +
 * dataEncipherment. A certificate that mixes them is read by its strongest claim: nonRepudiation
 * (a qualified signing key is never used to log in), then encipherment (a key that may decipher is the
 * confidentiality key and never signs a login challenge), and only a plain digitalSignature key
 * authenticates. CA certificates (keyCertSign / cRLSign) are no card key at all.
 */
const ROLE_BY_KEY_USAGE: readonly { role: CardKeyRole; anyOf: readonly KeyUsageName[] }[] = [
  { role: 'signature', anyOf: ['nonRepudiation'] },
  { role: 'encryption', anyOf: ['keyEncipherment', 'dataEncipherment'] },
  { role: 'authentication', anyOf: ['digitalSignature'] },
];
const CA_KEY_USAGE: readonly KeyUsageName[] = ['keyCertSign', 'cRLSign'];

export function certificateRoleFromKeyUsage(keyUsage: readonly KeyUsageName[]): CertificateRole {
  if (CA_KEY_USAGE.some((usage) => keyUsage.includes(usage))) return 'unknown';
  return (
    ROLE_BY_KEY_USAGE.find(({ anyOf }) => anyOf.some((usage) => keyUsage.includes(usage)))?.role ?? 'unknown'
  );
}

/** The keyUsage bits by name; empty when the extension is absent. */
export function keyUsageOf(cert: Certificate): KeyUsageName[] {
  const raw = cert.tbsCertificate.extensions?.find((ext) => ext.extnID === EXTENSION_OID.keyUsage)?.extnValue;
  if (!raw) return [];
  const bits = AsnConvert.parse(raw, KeyUsage).toNumber();
  return KEY_USAGE_FLAGS.filter(([, flag]) => (bits & flag) !== 0).map(([name]) => name);
}

/** The role of a DER certificate; 'unknown' for anything unreadable. */
export function certificateRoleOf(der: Uint8Array): CertificateRole {
  try {
    return certificateRoleFromKeyUsage(keyUsageOf(AsnConvert.parse(der, Certificate)));
  } catch {
    return 'unknown';
  }
}
