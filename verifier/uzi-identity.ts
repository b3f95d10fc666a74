import { parseUziCertificate } from '../shared/uzi/index.js';
import { UziParseError } from '../shared/uzi/parse-error.js';
import type { VerifiedIdentity } from './types.js';

/** null when the certificate carries no well-formed UZI SAN (shared parser's reasons collapse to one code). */
export function readUziIdentity(der: Uint8Array, now: Date): VerifiedIdentity | null {
  try {
    const uzi = parseUziCertificate(der, now);
    return {
      uziNumber: uzi.uziNumber,
      cardType: uzi.cardType,
      ura: uzi.ura,
      roleCode: uzi.roleCode,
      roleName: uzi.roleName,
      agb: uzi.agb,
      oidCa: uzi.oidCa,
      givenName: uzi.givenName,
      surname: uzi.surname,
      commonName: uzi.commonName,
      organisationName: uzi.organisationName,
      title: uzi.title,
      certificate: Buffer.from(der).toString('base64'),
      certificateSerialHex: uzi.serialNumberHex,
      notAfter: uzi.notAfter,
    };
  } catch (error) {
    if (error instanceof UziParseError) return null;
    throw error;
  }
}
