import type { OidCaEnvironment } from './oids.js';

/** Z zorgverlenerpas, N medewerkerpas op naam, M medewerkerpas niet op naam, S servercertificaat. */
export type CardType = 'Z' | 'N' | 'M' | 'S';

export const CARD_TYPES: readonly CardType[] = ['Z', 'N', 'M', 'S'];

export const CARD_TYPE_NAMES: Readonly<Record<CardType, { nl: string; en: string }>> = {
  Z: { nl: 'zorgverlenerpas', en: 'care provider card' },
  N: { nl: 'medewerkerpas op naam', en: 'named employee card' },
  M: { nl: 'medewerkerpas niet op naam', en: 'unnamed employee card' },
  S: { nl: 'servercertificaat', en: 'server certificate' },
};

/** ZORG-ID self-registration (EU-005) accepts only these card types. */
export const ZORG_ID_CARD_TYPES: readonly CardType[] = ['Z', 'N'];

export type KeyUsageName =
  | 'digitalSignature'
  | 'nonRepudiation'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyAgreement'
  | 'keyCertSign'
  | 'cRLSign'
  | 'encipherOnly'
  | 'decipherOnly';

/** Which of the card's three key pairs a certificate belongs to; 'unknown' when key usage fits none. */
export type CertificateRole = 'authentication' | 'signature' | 'encryption' | 'unknown';

export interface UziValidity {
  expired: boolean;
  notYetValid: boolean;
  /** Whole days until notAfter, negative once expired. */
  daysLeft: number;
}

/** The fields of the SAN otherName 2.5.5.5 string. */
export interface UziSanFields {
  oidCa: string;
  version: string;
  uziNumber: string;
  cardType: CardType;
  ura: string;
  roleCode: string;
  agb: string;
}

export type UziWarningCode =
  | 'TEST_CERTIFICATE'
  | 'SANDBOX_CERTIFICATE'
  | 'UNKNOWN_OID_CA'
  | 'CARD_TYPE_MISMATCH'
  | 'UNKNOWN_ROLE_CODE'
  | 'ROLE_CODE_NOT_FOR_CARD_TYPE'
  | 'UPN_MISMATCH'
  | 'SUBJECT_SERIAL_MISMATCH'
  | 'SAN_VERSION_UNKNOWN'
  | 'UZI_NUMBER_LENGTH';

export interface UziWarning {
  code: UziWarningCode;
  message: string;
}

export interface UziIdentity extends UziSanFields {
  /** The raw SAN 2.5.5.5 value, decoded from its IA5String. */
  uziSan: string;
  roleName: string;
  oidCaEnvironment: OidCaEnvironment | 'unknown';
  /** TEST or SANDBOX PKI: never accept for production use. */
  isTestCertificate: boolean;
  organisationName: string | null;
  givenName: string | null;
  surname: string | null;
  commonName: string | null;
  title: string | null;
  country: string | null;
  subjectSerialNumber: string | null;
  /** Microsoft UPN `<UZI number>@<URA>`; only on the authentication certificate. */
  upn: string | null;
  notBefore: string;
  notAfter: string;
  /** Issuer CN (falls back to the full DN when there is no CN). */
  issuer: string;
  issuerDn: string;
  subjectDn: string;
  /** Card type the issuing CA hands out, from the OID CA table or else the issuer CN. */
  issuerCardType: CardType | null;
  cardTypeMismatch: boolean;
  keyUsage: KeyUsageName[];
  extendedKeyUsage: string[];
  certificateRole: CertificateRole;
  validity: UziValidity;
  canRegisterZorgId: boolean;
  serialNumberHex: string;
  warnings: UziWarning[];
}
