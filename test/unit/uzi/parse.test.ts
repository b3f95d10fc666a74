import { describe, expect, it } from 'vitest';
import { createCustomCertificate, uziOtherName } from '../../../sandbox/pki/index.js';
import {
  derToPem,
  encodeUtf8String,
  isUziParseError,
  parseUziCertificate,
  pemToDer,
  toDer,
  UziParseError,
  type UziParseReason,
} from '../../../shared/uzi/index.js';
import { readFixture } from './fixtures.js';

const AUTH = 'card-zorgverlener-jan/authenticatie.pem';
const SIGN = 'card-zorgverlener-jan/handtekening.pem';
const ENC = 'card-zorgverlener-jan/vertrouwelijkheid.pem';
const INSIDE_VALIDITY = new Date('2019-01-01T00:00:00Z');

function fixtureDer(file: string): Uint8Array {
  return pemToDer(readFixture(file));
}

function reasonOf(fn: () => unknown): UziParseReason | 'no error' {
  try {
    fn();
    return 'no error';
  } catch (error) {
    if (isUziParseError(error)) return error.reason;
    throw error;
  }
}

describe('parseUziCertificate on the real TEST card', () => {
  it('extracts exactly the values the fixture README lists', () => {
    const id = parseUziCertificate(fixtureDer(AUTH), INSIDE_VALIDITY);
    expect(id).toMatchObject({
      uziSan: '2.16.528.1.1007.99.217-1-900016528-Z-90000382-01.000-00000000',
      oidCa: '2.16.528.1.1007.99.217',
      version: '1',
      uziNumber: '900016528',
      cardType: 'Z',
      ura: '90000382',
      roleCode: '01.000',
      roleName: 'Arts',
      agb: '00000000',
      organisationName: 'Tést Zorginstelling 03',
      title: 'Arts',
      givenName: 'Jan',
      surname: 'test-90014548',
      subjectSerialNumber: '900016528',
      commonName: 'Jan test-90014548',
      country: 'NL',
      upn: '900016528@90000382',
      notBefore: '2017-07-13T11:39:08.000Z',
      notAfter: '2020-07-12T11:39:08.000Z',
      issuer: 'TEST UZI-register Zorgverlener CA G3',
      issuerCardType: 'Z',
      cardTypeMismatch: false,
      keyUsage: ['digitalSignature'],
      extendedKeyUsage: ['1.3.6.1.5.5.7.3.2', '1.3.6.1.5.5.7.3.4', '1.3.6.1.4.1.311.10.3.12'],
      certificateRole: 'authentication',
      canRegisterZorgId: true,
      serialNumberHex: '102eeae84e94db65',
      oidCaEnvironment: 'test',
      isTestCertificate: true,
    });
    expect(id.issuerDn).toBe(
      'C=NL, O=CIBG, organizationIdentifier=NTRNL-50000535, CN=TEST UZI-register Zorgverlener CA G3',
    );
    expect(id.warnings.map((w) => w.code)).toEqual(['TEST_CERTIFICATE']);
  });

  it('never leaves the IA5String tag in front of the SAN value', () => {
    const id = parseUziCertificate(fixtureDer(AUTH));
    expect(id.uziSan.charCodeAt(0)).not.toBe(0x16);
    expect(id.oidCa.startsWith('2.16')).toBe(true);
  });

  it('is valid inside its window and expired today', () => {
    expect(parseUziCertificate(fixtureDer(AUTH), INSIDE_VALIDITY).validity).toEqual({
      expired: false,
      notYetValid: false,
      daysLeft: 558,
    });
    const today = parseUziCertificate(fixtureDer(AUTH), new Date()).validity;
    expect(today.expired).toBe(true);
    expect(today.daysLeft).toBeLessThan(0);
    expect(parseUziCertificate(fixtureDer(AUTH), new Date('2017-01-01T00:00:00Z')).validity.notYetValid).toBe(
      true,
    );
  });

  it('tells the signature and encryption certificates apart by key usage', () => {
    const sign = parseUziCertificate(fixtureDer(SIGN));
    expect(sign.certificateRole).toBe('signature');
    expect(sign.keyUsage).toEqual(['nonRepudiation']);
    expect(sign.upn).toBeNull();
    expect(sign.uziNumber).toBe('900016528');
    const enc = parseUziCertificate(fixtureDer(ENC));
    expect(enc.certificateRole).toBe('encryption');
    expect(enc.keyUsage).toEqual(['keyEncipherment', 'dataEncipherment']);
  });

  it('accepts DER passed through toDer and PEM text alike', () => {
    const der = fixtureDer(AUTH);
    expect(toDer(der)).toBe(der);
    expect(toDer(new TextEncoder().encode(readFixture(AUTH)))).toEqual(der);
    expect(pemToDer(derToPem(der))).toEqual(der);
  });
});

describe('parseUziCertificate rejections', () => {
  it('rejects a CA certificate (no UZI SAN) as NOT_A_UZI_CERTIFICATE', () => {
    expect(reasonOf(() => parseUziCertificate(fixtureDer('ca/test-zorg-csp-root-ca-g3.pem')))).toBe(
      'NOT_A_UZI_CERTIFICATE',
    );
  });

  it('rejects a generated non-UZI certificate (only a UPN) as NOT_A_UZI_CERTIFICATE', async () => {
    const cert = await createCustomCertificate({
      commonName: 'www.example.test',
      otherNames: [{ typeId: '1.3.6.1.4.1.311.20.2.3', value: encodeUtf8String('someone@example.test') }],
    });
    expect(() => parseUziCertificate(cert.der)).toThrow(UziParseError);
    expect(reasonOf(() => parseUziCertificate(cert.der))).toBe('NOT_A_UZI_CERTIFICATE');
  });

  it('rejects garbage as NOT_A_CERTIFICATE with a message saying so', () => {
    expect(reasonOf(() => parseUziCertificate(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])))).toBe(
      'NOT_A_CERTIFICATE',
    );
    expect(reasonOf(() => parseUziCertificate(new TextEncoder().encode('hello world')))).toBe(
      'NOT_A_CERTIFICATE',
    );
    expect(() => parseUziCertificate(new Uint8Array(0))).toThrow(/not an X\.509 certificate/);
    expect(reasonOf(() => pemToDer('no pem here'))).toBe('NOT_A_CERTIFICATE');
  });

  const MALFORMED: [string, string][] = [
    ['too few fields', '2.16.528.1.1003.1.3.5.5.2-1-900016528-Z-90000382-01.000'],
    ['too many fields', '2.16.528.1.1003.1.3.5.5.2-1-900016528-Z-90000382-01.000-00000000-x'],
    ['bad card type', '2.16.528.1.1003.1.3.5.5.2-1-900016528-X-90000382-01.000-00000000'],
    ['lower-case card type', '2.16.528.1.1003.1.3.5.5.2-1-900016528-z-90000382-01.000-00000000'],
    ['URA not 8 digits', '2.16.528.1.1003.1.3.5.5.2-1-900016528-Z-9000038-01.000-00000000'],
    ['role without dot', '2.16.528.1.1003.1.3.5.5.2-1-900016528-Z-90000382-01000-00000000'],
    ['OID CA not an OID', 'uzi-1-900016528-Z-90000382-01.000-00000000'],
    ['empty', ''],
  ];
  it.each(MALFORMED)('rejects a SAN with %s as MALFORMED_UZI_SAN', async (_label, san) => {
    const cert = await createCustomCertificate({ commonName: 'Malformed', otherNames: [uziOtherName(san)] });
    expect(reasonOf(() => parseUziCertificate(cert.der))).toBe('MALFORMED_UZI_SAN');
  });

  it('rejects two UZI SAN entries', async () => {
    const san = '2.16.528.1.1003.1.3.5.5.2-1-900016528-Z-90000382-01.000-00000000';
    const cert = await createCustomCertificate({
      commonName: 'Twice',
      otherNames: [uziOtherName(san), uziOtherName(san)],
    });
    expect(reasonOf(() => parseUziCertificate(cert.der))).toBe('MALFORMED_UZI_SAN');
  });
});

describe('card types and the issuing CA', () => {
  const CASES = [
    { cardType: 'Z', oid: '2.16.528.1.1003.1.3.5.5.2', role: '01.015', roleName: 'Huisarts', zorgId: true },
    {
      cardType: 'N',
      oid: '2.16.528.1.1003.1.3.5.5.3',
      role: '00.000',
      roleName: 'Geen zorgverlenersrol (medewerker of server)',
      zorgId: true,
    },
    {
      cardType: 'M',
      oid: '2.16.528.1.1003.1.3.5.5.4',
      role: '00.000',
      roleName: 'Geen zorgverlenersrol (medewerker of server)',
      zorgId: false,
    },
    {
      cardType: 'S',
      oid: '2.16.528.1.1003.1.3.5.5.5',
      role: '00.000',
      roleName: 'Geen zorgverlenersrol (medewerker of server)',
      zorgId: false,
    },
  ] as const;
  it.each(CASES)('parses a production-profile $cardType certificate', async (c) => {
    const cert = await createCustomCertificate({
      commonName: `Card ${c.cardType}`,
      otherNames: [uziOtherName(`${c.oid}-1-123456789-${c.cardType}-12345678-${c.role}-00000000`)],
    });
    const id = parseUziCertificate(cert.der);
    expect(id.cardType).toBe(c.cardType);
    expect(id.issuerCardType).toBe(c.cardType);
    expect(id.cardTypeMismatch).toBe(false);
    expect(id.oidCaEnvironment).toBe('production');
    expect(id.isTestCertificate).toBe(false);
    expect(id.roleName).toEqual(c.roleName);
    expect(id.canRegisterZorgId).toBe(c.zorgId);
    expect(id.warnings).toEqual([]);
  });

  it('flags a card type that its OID CA does not issue', async () => {
    const cert = await createCustomCertificate({
      commonName: 'Mismatch',
      otherNames: [uziOtherName('2.16.528.1.1003.1.3.5.5.3-1-123456789-Z-12345678-01.015-00000000')],
    });
    const id = parseUziCertificate(cert.der);
    expect(id.issuerCardType).toBe('N');
    expect(id.cardTypeMismatch).toBe(true);
    expect(id.warnings.map((w) => w.code)).toContain('CARD_TYPE_MISMATCH');
  });

  it('derives the issuer card type from the issuer CN when the OID CA is unknown', async () => {
    const cert = await createCustomCertificate({
      commonName: 'By CN',
      issuerCommonName: 'TEST UZI-register Medewerker niet op naam CA G3',
      otherNames: [uziOtherName('2.16.528.1.1007.99.250-1-123456789-N-12345678-00.000-00000000')],
    });
    const id = parseUziCertificate(cert.der);
    expect(id.oidCaEnvironment).toBe('test');
    expect(id.issuerCardType).toBe('M');
    expect(id.cardTypeMismatch).toBe(true);
  });

  it('names unknown role codes and flags them', async () => {
    const cert = await createCustomCertificate({
      commonName: 'Unknown role',
      otherNames: [uziOtherName('2.16.528.1.1003.1.3.5.5.2-1-123456789-Z-12345678-77.777-12345678')],
    });
    const id = parseUziCertificate(cert.der);
    expect(id.roleName).toBe('Onbekende rolcode');
    expect(id.agb).toBe('12345678');
    expect(id.warnings.map((w) => w.code)).toContain('UNKNOWN_ROLE_CODE');
  });

  it('knows the TEST "Medewerker op naam" OID CA (2.16.528.1.1007.99.218) as a TEST N card', async () => {
    const cert = await createCustomCertificate({
      commonName: 'Test N',
      otherNames: [uziOtherName('2.16.528.1.1007.99.218-1-123456789-N-12345678-00.000-00000000')],
    });
    const id = parseUziCertificate(cert.der);
    expect(id.oidCaEnvironment).toBe('test');
    expect(id.issuerCardType).toBe('N');
    expect(id.cardTypeMismatch).toBe(false);
    expect(id.warnings.map((w) => w.code)).toEqual(['TEST_CERTIFICATE']);
  });

  it('warns about a SAN version other than 1 (CPS Table 11) and a UZI number that is not 9 digits', async () => {
    const cert = await createCustomCertificate({
      commonName: 'Odd',
      otherNames: [uziOtherName('2.16.528.1.1003.1.3.5.5.2-2-1234-Z-12345678-01.015-00000000')],
    });
    const codes = parseUziCertificate(cert.der).warnings.map((w) => w.code);
    expect(codes).toContain('SAN_VERSION_UNKNOWN');
    expect(codes).toContain('UZI_NUMBER_LENGTH');
  });
});
