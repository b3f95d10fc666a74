// NIST SP 800-73-4 vocabulary for the emulated PIV applet.

import { bytesFromHex } from './tlv.js';

/** RID + PIX; OpenSC selects with the full AID, the spec allows the 5-byte RID prefix. */
export const PIV_RID = Uint8Array.of(0xa0, 0x00, 0x00, 0x03, 0x08);
export const PIV_PIX = Uint8Array.of(0x00, 0x00, 0x10, 0x00, 0x01, 0x00);
export const PIV_AID = Uint8Array.of(...PIV_RID, ...PIV_PIX);

/** GET DATA always addresses P1P2 3FFF with the object id in tag 5C. */
export const GET_DATA_P1P2 = 0x3fff;

export const TAG = {
  OBJECT_ID_LIST: 0x5c,
  DATA: 0x53,
  // Application property template (SELECT answer)
  APT: 0x61,
  AID: 0x4f,
  COEXISTENT_TAG_ALLOCATION: 0x79,
  APPLICATION_LABEL: 0x50,
  CRYPTO_ALGORITHMS: 0xac,
  ALGORITHM_ID: 0x80,
  OBJECT_IDENTIFIER: 0x06,
  // Discovery
  DISCOVERY: 0x7e,
  PIN_USAGE_POLICY: 0x5f2f,
  // Certificate objects
  CERTIFICATE: 0x70,
  CERT_INFO: 0x71,
  ERROR_DETECTION_CODE: 0xfe,
  // CHUID
  FASC_N: 0x30,
  GUID: 0x34,
  EXPIRATION_DATE: 0x35,
  ISSUER_SIGNATURE: 0x3e,
  // CCC
  CCC_CARD_IDENTIFIER: 0xf0,
  CCC_CONTAINER_VERSION: 0xf1,
  CCC_GRAMMAR_VERSION: 0xf2,
  CCC_APPLICATIONS_URL: 0xf3,
  CCC_PKCS15: 0xf4,
  CCC_DATA_MODEL: 0xf5,
  CCC_ACCESS_CONTROL_RULES: 0xf6,
  CCC_CARD_APDUS: 0xf7,
  CCC_REDIRECTION: 0xfa,
  CCC_CAPABILITY_TUPLES: 0xfb,
  CCC_STATUS_TUPLES: 0xfc,
  CCC_NEXT_CCC: 0xfd,
  // Key history
  KEYS_WITH_ON_CARD_CERTS: 0xc1,
  KEYS_WITH_OFF_CARD_CERTS: 0xc2,
  // Printed information
  PRINTED_NAME: 0x01,
  PRINTED_EMPLOYEE_AFFILIATION: 0x02,
  PRINTED_EXPIRATION_DATE: 0x04,
  PRINTED_SERIAL_NUMBER: 0x05,
  PRINTED_ISSUER_ID: 0x06,
  // Dynamic authentication template (GENERAL AUTHENTICATE)
  DYNAMIC_AUTH: 0x7c,
  WITNESS: 0x80,
  CHALLENGE: 0x81,
  RESPONSE: 0x82,
} as const;

/** Object identifiers as sent in tag 5C. */
export const OBJECT = {
  DISCOVERY: 0x7e,
  CCC: 0x5fc107,
  CHUID: 0x5fc102,
  CERT_AUTHENTICATION: 0x5fc105,
  CERT_SIGNATURE: 0x5fc10a,
  CERT_KEY_MANAGEMENT: 0x5fc10b,
  CERT_CARD_AUTHENTICATION: 0x5fc101,
  PRINTED_INFORMATION: 0x5fc109,
  KEY_HISTORY: 0x5fc10c,
} as const;

/** Key references; the UZI-pas keys map onto these three. */
export const KEY_REF = {
  AUTHENTICATION: 0x9a,
  SIGNATURE: 0x9c,
  KEY_MANAGEMENT: 0x9d,
} as const;

export const PIN_REF = {
  APPLICATION_PIN: 0x80,
  PUK: 0x81,
} as const;

/** SP 800-78-4 algorithm identifiers (GENERAL AUTHENTICATE P1), by RSA modulus size. */
export const RSA_ALGORITHM_BY_BITS: Readonly<Record<number, number>> = {
  1024: 0x06,
  2048: 0x07,
  3072: 0x05,
};

/** VERIFY P1 = FF with no data resets the security status (SP 800-73-4 3.2.1). */
export const VERIFY_P1_RESET_SECURITY_STATUS = 0xff;

/** PIN and PUK are sent as 8 bytes, padded with FF. */
export const PIN_BLOCK_LENGTH = 8;
export const PIN_PAD_BYTE = 0xff;
export const DEFAULT_RETRIES = 3;

/** Discovery PIN usage policy: the PIV application PIN satisfies access conditions, no global PIN. */
export const PIN_USAGE_POLICY_APPLICATION_PIN = Uint8Array.of(0x40, 0x00);

/** A FASC-N with agency code 9999 (test/non-federal issuers); OpenSC then prefers the GUID. */
export const FASC_N_NON_FEDERAL = bytesFromHex('D4E739DA739CED39CE739D836858210842108421C84210C3EB');
