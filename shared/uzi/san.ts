// The UZI identity string in SAN otherName 2.5.5.5:
// `<OID CA>-<version>-<UZI number>-<card type>-<URA>-<role>-<AGB>`.

import { UziParseError } from './parse-error.js';
import { CARD_TYPES, type CardType, type UziSanFields } from './types.js';

const SAN_SEPARATOR = '-';
const SAN_FIELD_COUNT = 7;

/** Shape of every field; the UZI-register's published profile. */
export const UZI_SAN_FIELD_PATTERN = {
  oidCa: /^[0-2](\.(0|[1-9]\d*))+$/,
  version: /^\d+$/,
  uziNumber: /^\d{1,12}$/,
  ura: /^\d{8}$/,
  roleCode: /^\d{2}\.\d{3}$/,
  agb: /^\d{8}$/,
} as const;

/** The SAN's version field: the UZI-register's CPS (Table 11) fixes it at 1. */
export const UZI_SAN_VERSION = '1';

/**
 * Digits of a UZI number as every public UZI certificate we know carries it (the TEST card in
 * test/fixtures/uzi-test-certs, the CPS's example). A guess until the CPS's own rule is quoted here, so a
 * different length is a warning, not a refusal.
 */
export const UZI_NUMBER_DIGITS = 9;

/** The value the profile puts in the AGB field when the holder has no AGB code. */
export const NO_AGB = '00000000';

function isCardType(value: string): value is CardType {
  return (CARD_TYPES as readonly string[]).includes(value);
}

function check(field: keyof typeof UZI_SAN_FIELD_PATTERN, value: string): string {
  if (!UZI_SAN_FIELD_PATTERN[field].test(value)) {
    throw new UziParseError('MALFORMED_UZI_SAN', `field ${field} '${value}' has the wrong format`);
  }
  return value;
}

export function parseUziSan(value: string): UziSanFields {
  const fields = value.split(SAN_SEPARATOR);
  if (fields.length !== SAN_FIELD_COUNT) {
    throw new UziParseError(
      'MALFORMED_UZI_SAN',
      `expected ${SAN_FIELD_COUNT} fields separated by '${SAN_SEPARATOR}', found ${fields.length} in '${value}'`,
    );
  }
  const [oidCa, version, uziNumber, cardType, ura, roleCode, agb] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (!isCardType(cardType)) {
    throw new UziParseError(
      'MALFORMED_UZI_SAN',
      `card type '${cardType}' is not one of ${CARD_TYPES.join('/')}`,
    );
  }
  return {
    oidCa: check('oidCa', oidCa),
    version: check('version', version),
    uziNumber: check('uziNumber', uziNumber),
    cardType,
    ura: check('ura', ura),
    roleCode: check('roleCode', roleCode),
    agb: check('agb', agb),
  };
}

export function formatUziSan(fields: UziSanFields): string {
  return [
    fields.oidCa,
    fields.version,
    fields.uziNumber,
    fields.cardType,
    fields.ura,
    fields.roleCode,
    fields.agb,
  ].join(SAN_SEPARATOR);
}

export function formatUpn(uziNumber: string, ura: string): string {
  return `${uziNumber}@${ura}`;
}
