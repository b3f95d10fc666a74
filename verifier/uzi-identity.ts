import { AsnConvert } from '@peculiar/asn1-schema';
import { SubjectAlternativeName, id_ce_subjectAltName } from '@peculiar/asn1-x509';
import { CARD_TYPES, type CardType } from '../shared/uzi/types.js';
import { findExtension, nameField, normaliseSerial, parseCertificateAsn } from './asn1.js';
import type { VerifiedIdentity } from './types.js';

// Until the shared parser (shared/uzi parseUziCertificate) lands, the verifier reads the few UZI fields
// it needs itself: who, which organisation, which card type.

const UZI_SAN_TYPE_ID = '2.5.5.5';
const SAN_FIELD_COUNT = 7;
const SUBJECT_OID = {
  givenName: '2.5.4.42',
  surname: '2.5.4.4',
  commonName: '2.5.4.3',
  organisation: '2.5.4.10',
  title: '2.5.4.12',
} as const;
/** DER string tags a CA might use for the otherName value. */
const STRING_TAGS = new Set([0x16 /* IA5String */, 0x0c /* UTF8String */, 0x13 /* PrintableString */]);
const PATTERN = { uziNumber: /^\d{9}$/, ura: /^\d{8}$/, roleCode: /^\d{2}\.\d{3}$/ } as const;

function decodeDerString(value: Uint8Array): string | null {
  const tag = value[0];
  const first = value[1];
  if (tag === undefined || first === undefined || !STRING_TAGS.has(tag)) return null;
  let length = first;
  let offset = 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    length = 0;
    for (let i = 0; i < count; i++) length = (length << 8) | (value[2 + i] ?? 0);
    offset = 2 + count;
  }
  if (offset + length > value.length) return null;
  return new TextDecoder().decode(value.subarray(offset, offset + length));
}

/** null when the certificate carries no well-formed UZI SAN. */
export function readUziIdentity(der: Uint8Array): VerifiedIdentity | null {
  const cert = parseCertificateAsn(der);
  const ext = findExtension(cert, id_ce_subjectAltName);
  if (!ext) return null;
  const san = AsnConvert.parse(ext.extnValue, SubjectAlternativeName);
  const other = san.find((name) => name.otherName?.typeId === UZI_SAN_TYPE_ID)?.otherName;
  const value = other ? decodeDerString(new Uint8Array(other.value)) : null;
  if (!value) return null;
  const parts = value.split('-');
  if (parts.length !== SAN_FIELD_COUNT) return null;
  const [oidCa = '', , uziNumber = '', cardType = '', ura = '', roleCode = '', agb = ''] = parts;
  if (!PATTERN.uziNumber.test(uziNumber) || !PATTERN.ura.test(ura) || !PATTERN.roleCode.test(roleCode)) return null;
  if (!CARD_TYPES.includes(cardType as CardType)) return null;
  const subject = cert.tbsCertificate.subject;
  return {
    uziNumber,
    cardType: cardType as CardType,
    ura,
    roleCode,
    agb,
    oidCa,
    givenName: nameField(subject, SUBJECT_OID.givenName),
    surname: nameField(subject, SUBJECT_OID.surname),
    commonName: nameField(subject, SUBJECT_OID.commonName),
    organisationName: nameField(subject, SUBJECT_OID.organisation),
    title: nameField(subject, SUBJECT_OID.title),
    certificate: Buffer.from(der).toString('base64'),
    certificateSerialHex: normaliseSerial(Buffer.from(cert.tbsCertificate.serialNumber).toString('hex')),
    notAfter: cert.tbsCertificate.validity.notAfter.getTime().toISOString(),
  };
}
