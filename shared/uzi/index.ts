export { parseUziCertificate } from './parse.js';
export { holderDisplayName, type HolderNameParts } from './holder-name.js';
export {
  certificateRoleFromKeyUsage,
  certificateRoleOf,
  keyUsageOf,
  CARD_KEY_ROLES,
  type CardKeyRole,
} from './certificate-role.js';
export { UziParseError, isUziParseError, type UziParseReason } from './parse-error.js';
export {
  pemToDer,
  pemToDerAll,
  toDer,
  derToPem,
  derToBase64,
  base64ToDer,
  splitPem,
  type PemBlock,
} from './pem.js';
export { parseUziSan, formatUziSan, formatUpn, NO_AGB, UZI_SAN_FIELD_PATTERN } from './san.js';
export { encodeIa5String, encodeUtf8String, decodeOtherNameString } from './asn1-strings.js';
export {
  ROLE_CODES,
  roleName,
  isKnownRoleCode,
  NO_ROLE_CODE,
  UNKNOWN_ROLE_NAME,
  type RoleCodeEntry,
} from './role-codes.js';
export {
  OID_CA_TABLE,
  SANDBOX_OID_CA,
  SANDBOX_CERTIFICATE_POLICY,
  UZI_CERTIFICATE_POLICIES,
  UZI_TEST_OID_ARC,
  SAN_OTHER_NAME,
  EXTENDED_KEY_USAGE,
  EXTENSION_OID,
  SUBJECT_ATTRIBUTE,
  lookupOidCa,
  oidCaEnvironment,
  cardTypeFromIssuerCn,
  type OidCaEntry,
  type OidCaEnvironment,
} from './oids.js';
export * from './types.js';
