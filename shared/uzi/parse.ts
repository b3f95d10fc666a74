// Reads the identity out of a UZI-pas certificate (or any certificate that claims the UZI profile).
// Decoding only: whether the chain is trusted is someone else's question.

import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, ExtendedKeyUsage, type Name, SubjectAlternativeName } from '@peculiar/asn1-x509';
import { decodeOtherNameString } from './asn1-strings.js';
import { certificateRoleFromKeyUsage, keyUsageOf } from './certificate-role.js';
import {
  cardTypeFromIssuerCn,
  EXTENSION_OID,
  lookupOidCa,
  oidCaEnvironment,
  SAN_OTHER_NAME,
  SUBJECT_ATTRIBUTE,
  SUBJECT_ATTRIBUTE_LABEL,
} from './oids.js';
import { isUziParseError, UziParseError } from './parse-error.js';
import { isKnownRoleCode, NO_ROLE_CODE, roleName } from './role-codes.js';
import { formatUpn, parseUziSan, UZI_NUMBER_DIGITS, UZI_SAN_VERSION } from './san.js';
import {
  type CardType,
  type UziIdentity,
  type UziValidity,
  type UziWarning,
  ZORG_ID_CARD_TYPES,
} from './types.js';

const MS_PER_DAY = 24 * 60 * 60 * 1000;

function decodeCertificate(der: Uint8Array): Certificate {
  try {
    return AsnConvert.parse(der, Certificate);
  } catch (error) {
    throw new UziParseError('NOT_A_CERTIFICATE', error instanceof Error ? error.message : String(error));
  }
}

function nameAttribute(name: Name, oid: string): string | null {
  for (const rdn of name) {
    for (const atv of rdn) {
      if (atv.type === oid) return atv.value.toString();
    }
  }
  return null;
}

function formatName(name: Name): string {
  return name
    .flatMap((rdn) =>
      rdn.map((atv) => `${SUBJECT_ATTRIBUTE_LABEL[atv.type] ?? atv.type}=${atv.value.toString()}`),
    )
    .join(', ');
}

function extensionValue(cert: Certificate, oid: string): ArrayBuffer | undefined {
  return cert.tbsCertificate.extensions?.find((ext) => ext.extnID === oid)?.extnValue.buffer;
}

interface SanOtherNames {
  uziSan: string[];
  upn: string[];
}

function readSan(cert: Certificate): SanOtherNames {
  const result: SanOtherNames = { uziSan: [], upn: [] };
  const raw = extensionValue(cert, EXTENSION_OID.subjectAltName);
  if (!raw) return result;
  let san: SubjectAlternativeName;
  try {
    san = AsnConvert.parse(raw, SubjectAlternativeName);
  } catch (error) {
    throw new UziParseError('MALFORMED_UZI_SAN', `subjectAltName does not decode: ${String(error)}`);
  }
  for (const generalName of san) {
    const otherName = generalName.otherName;
    if (!otherName) continue;
    const text = decodeOtherNameString(otherName.value);
    if (otherName.typeId === SAN_OTHER_NAME.uziIdentity) {
      if (text === undefined)
        throw new UziParseError('MALFORMED_UZI_SAN', 'otherName 2.5.5.5 is not a string');
      result.uziSan.push(text);
    } else if (otherName.typeId === SAN_OTHER_NAME.upn && text !== undefined) {
      result.upn.push(text);
    }
  }
  return result;
}

function readExtendedKeyUsage(cert: Certificate): string[] {
  const raw = extensionValue(cert, EXTENSION_OID.extendedKeyUsage);
  return raw ? [...AsnConvert.parse(raw, ExtendedKeyUsage)] : [];
}

function validityAt(notBefore: Date, notAfter: Date, now: Date): UziValidity {
  return {
    expired: now.getTime() > notAfter.getTime(),
    notYetValid: now.getTime() < notBefore.getTime(),
    daysLeft: Math.floor((notAfter.getTime() - now.getTime()) / MS_PER_DAY),
  };
}

function serialToHex(serial: ArrayBuffer): string {
  const hex = [...new Uint8Array(serial)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return hex.replace(/^(00)+(?=.)/, '');
}

/**
 * Parses a DER certificate into the UZI identity it carries. Throws UziParseError with reason
 * NOT_A_CERTIFICATE, NOT_A_UZI_CERTIFICATE or MALFORMED_UZI_SAN.
 */
export function parseUziCertificate(der: Uint8Array, now: Date = new Date()): UziIdentity {
  const cert = decodeCertificate(der);
  try {
    return identityOf(cert, now);
  } catch (error) {
    if (isUziParseError(error)) throw error;
    // A malformed extension (key usage, EKU, …) must end in a clear refusal, never in a stack trace.
    throw new UziParseError(
      'NOT_A_CERTIFICATE',
      `an extension does not decode: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function identityOf(cert: Certificate, now: Date): UziIdentity {
  const tbs = cert.tbsCertificate;
  const { uziSan, upn } = readSan(cert);
  const [sanValue] = uziSan;
  if (sanValue === undefined) throw new UziParseError('NOT_A_UZI_CERTIFICATE');
  if (uziSan.length > 1) {
    throw new UziParseError('MALFORMED_UZI_SAN', `${uziSan.length} otherName 2.5.5.5 entries, expected one`);
  }
  const fields = parseUziSan(sanValue);
  const warnings: UziWarning[] = [];

  const environment = oidCaEnvironment(fields.oidCa);
  if (environment === 'test') {
    warnings.push({ code: 'TEST_CERTIFICATE', message: `OID CA ${fields.oidCa} is a UZI-register TEST CA` });
  } else if (environment === 'sandbox') {
    warnings.push({
      code: 'SANDBOX_CERTIFICATE',
      message: `OID CA ${fields.oidCa} is the ZORG-ID Companion sandbox`,
    });
  } else if (environment === 'unknown') {
    warnings.push({ code: 'UNKNOWN_OID_CA', message: `OID CA ${fields.oidCa} is not in the OID CA table` });
  }

  const issuerCn = nameAttribute(tbs.issuer, SUBJECT_ATTRIBUTE.commonName);
  const fromOid = lookupOidCa(fields.oidCa)?.cardType ?? null;
  const fromCn = issuerCn === null ? null : cardTypeFromIssuerCn(issuerCn);
  const issuerCardType: CardType | null = fromOid ?? fromCn;
  const cardTypeMismatch = [fromOid, fromCn].some((t) => t !== null && t !== fields.cardType);
  if (cardTypeMismatch) {
    warnings.push({
      code: 'CARD_TYPE_MISMATCH',
      message: `card type ${fields.cardType} in the SAN, but the issuing CA hands out ${[fromOid, fromCn]
        .filter((t) => t !== null)
        .join('/')}`,
    });
  }

  if (!isKnownRoleCode(fields.roleCode)) {
    warnings.push({
      code: 'UNKNOWN_ROLE_CODE',
      message: `role code ${fields.roleCode} is not in RoleCodeNL`,
    });
  }
  const isCareProvider = fields.cardType === 'Z';
  if (isCareProvider === (fields.roleCode === NO_ROLE_CODE)) {
    warnings.push({
      code: 'ROLE_CODE_NOT_FOR_CARD_TYPE',
      message: `role code ${fields.roleCode} does not fit card type ${fields.cardType}`,
    });
  }

  if (fields.version !== UZI_SAN_VERSION) {
    warnings.push({
      code: 'SAN_VERSION_UNKNOWN',
      message: `SAN version ${fields.version}, the UZI-register's CPS (Table 11) only knows version ${UZI_SAN_VERSION}`,
    });
  }
  if (fields.uziNumber.length !== UZI_NUMBER_DIGITS) {
    warnings.push({
      code: 'UZI_NUMBER_LENGTH',
      message: `UZI number has ${fields.uziNumber.length} digits, UZI numbers have ${UZI_NUMBER_DIGITS}`,
    });
  }

  const [upnValue] = upn;
  if (upnValue !== undefined && upnValue !== formatUpn(fields.uziNumber, fields.ura)) {
    warnings.push({ code: 'UPN_MISMATCH', message: `UPN ${upnValue} does not match UZI number and URA` });
  }
  const subjectSerialNumber = nameAttribute(tbs.subject, SUBJECT_ATTRIBUTE.serialNumber);
  if (subjectSerialNumber !== null && subjectSerialNumber !== fields.uziNumber) {
    warnings.push({
      code: 'SUBJECT_SERIAL_MISMATCH',
      message: `subject serialNumber ${subjectSerialNumber} differs from UZI number ${fields.uziNumber}`,
    });
  }

  const notBefore = tbs.validity.notBefore.getTime();
  const notAfter = tbs.validity.notAfter.getTime();
  const keyUsage = keyUsageOf(cert);
  const issuerDn = formatName(tbs.issuer);

  return {
    ...fields,
    uziSan: sanValue,
    roleName: roleName(fields.roleCode),
    oidCaEnvironment: environment,
    isTestCertificate: environment === 'test' || environment === 'sandbox',
    organisationName: nameAttribute(tbs.subject, SUBJECT_ATTRIBUTE.organisation),
    givenName: nameAttribute(tbs.subject, SUBJECT_ATTRIBUTE.givenName),
    surname: nameAttribute(tbs.subject, SUBJECT_ATTRIBUTE.surname),
    commonName: nameAttribute(tbs.subject, SUBJECT_ATTRIBUTE.commonName),
    title: nameAttribute(tbs.subject, SUBJECT_ATTRIBUTE.title),
    country: nameAttribute(tbs.subject, SUBJECT_ATTRIBUTE.country),
    subjectSerialNumber,
    upn: upnValue ?? null,
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
    issuer: issuerCn ?? issuerDn,
    issuerDn,
    subjectDn: formatName(tbs.subject),
    issuerCardType,
    cardTypeMismatch,
    keyUsage,
    extendedKeyUsage: readExtendedKeyUsage(cert),
    certificateRole: certificateRoleFromKeyUsage(keyUsage),
    validity: validityAt(notBefore, notAfter, now),
    canRegisterZorgId: ZORG_ID_CARD_TYPES.includes(fields.cardType),
    serialNumberHex: serialToHex(tbs.serialNumber),
    warnings,
  };
}
