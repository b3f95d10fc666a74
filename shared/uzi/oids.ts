// Object identifiers the UZI profile uses. Named tables so logic never carries bare OIDs.

import type { CardType } from './types.js';

/** Where an OID CA comes from: production UZI-register, the UZI-register TEST PKI, or our own sandbox. */
export type OidCaEnvironment = 'production' | 'test' | 'sandbox';

export interface OidCaEntry {
  readonly oid: string;
  readonly cardType: CardType;
  readonly environment: OidCaEnvironment;
  readonly name: string;
}

/** The UZI-register's own test arc; every OID CA below it is TEST (or our sandbox), never production. */
export const UZI_TEST_OID_ARC = '2.16.528.1.1007.99';

/**
 * Sandbox OID CAs. Chosen inside the TEST arc but away from .211–.213 (the real TEST certificate
 * policies) and .217 (the real TEST Zorgverlener OID CA), so a sandbox card is never mistaken for either.
 */
export const SANDBOX_OID_CA = {
  zorgverlener: `${UZI_TEST_OID_ARC}.291`,
  medewerkerOpNaam: `${UZI_TEST_OID_ARC}.292`,
  medewerkerNietOpNaam: `${UZI_TEST_OID_ARC}.293`,
} as const;

export const OID_CA_TABLE: readonly OidCaEntry[] = [
  {
    oid: '2.16.528.1.1003.1.3.5.5.2',
    cardType: 'Z',
    environment: 'production',
    name: 'UZI-register Zorgverlener CA',
  },
  {
    oid: '2.16.528.1.1003.1.3.5.5.3',
    cardType: 'N',
    environment: 'production',
    name: 'UZI-register Medewerker op naam CA',
  },
  {
    oid: '2.16.528.1.1003.1.3.5.5.4',
    cardType: 'M',
    environment: 'production',
    name: 'UZI-register Medewerker niet op naam CA',
  },
  {
    oid: '2.16.528.1.1003.1.3.5.5.5',
    cardType: 'S',
    environment: 'production',
    name: 'UZI-register Server CA',
  },
  // Seen on the public TEST card in test/fixtures/uzi-test-certs (issued by "TEST UZI-register Zorgverlener CA G3").
  {
    oid: `${UZI_TEST_OID_ARC}.217`,
    cardType: 'Z',
    environment: 'test',
    name: 'TEST UZI-register Zorgverlener CA',
  },
  // The issue's data review (issue 17 point 6): the TEST arc's "Medewerker op naam" OID CA, next to .217.
  {
    oid: `${UZI_TEST_OID_ARC}.218`,
    cardType: 'N',
    environment: 'test',
    name: 'TEST UZI-register Medewerker op naam CA',
  },
  {
    oid: SANDBOX_OID_CA.zorgverlener,
    cardType: 'Z',
    environment: 'sandbox',
    name: 'SANDBOX UZI-register Zorgverlener CA',
  },
  {
    oid: SANDBOX_OID_CA.medewerkerOpNaam,
    cardType: 'N',
    environment: 'sandbox',
    name: 'SANDBOX UZI-register Medewerker op naam CA',
  },
  {
    oid: SANDBOX_OID_CA.medewerkerNietOpNaam,
    cardType: 'M',
    environment: 'sandbox',
    name: 'SANDBOX UZI-register Medewerker niet op naam CA',
  },
];

export function lookupOidCa(oid: string): OidCaEntry | undefined {
  return OID_CA_TABLE.find((entry) => entry.oid === oid);
}

/** Unknown OIDs below the test arc are still TEST: the UZI-register never uses that arc in production. */
export function oidCaEnvironment(oid: string): OidCaEnvironment | 'unknown' {
  const known = lookupOidCa(oid);
  if (known) return known.environment;
  if (oid.startsWith(`${UZI_TEST_OID_ARC}.`)) return 'test';
  return 'unknown';
}

/**
 * Issuer CN → card type, for CAs whose OID CA we do not know. Order matters: "niet op naam" must be
 * tried before "op naam".
 */
export const ISSUER_CN_CARD_TYPES: readonly { readonly pattern: RegExp; readonly cardType: CardType }[] = [
  { pattern: /medewerker niet op naam/i, cardType: 'M' },
  { pattern: /medewerker op naam/i, cardType: 'N' },
  { pattern: /zorgverlener/i, cardType: 'Z' },
  { pattern: /server/i, cardType: 'S' },
];

export function cardTypeFromIssuerCn(cn: string): CardType | null {
  return ISSUER_CN_CARD_TYPES.find((entry) => entry.pattern.test(cn))?.cardType ?? null;
}

export const SAN_OTHER_NAME = {
  /** UZI identity string `<OID CA>-<version>-<UZI>-<card type>-<URA>-<role>-<AGB>` (IA5String). */
  uziIdentity: '2.5.5.5',
  /** Microsoft User Principal Name `<UZI>@<URA>` (UTF8String). */
  upn: '1.3.6.1.4.1.311.20.2.3',
} as const;

export const EXTENSION_OID = {
  subjectAltName: '2.5.29.17',
  keyUsage: '2.5.29.15',
  extendedKeyUsage: '2.5.29.37',
} as const;

export const SUBJECT_ATTRIBUTE = {
  country: '2.5.4.6',
  organisation: '2.5.4.10',
  organisationalUnit: '2.5.4.11',
  title: '2.5.4.12',
  surname: '2.5.4.4',
  givenName: '2.5.4.42',
  serialNumber: '2.5.4.5',
  commonName: '2.5.4.3',
  organisationIdentifier: '2.5.4.97',
  locality: '2.5.4.7',
  state: '2.5.4.8',
  email: '1.2.840.113549.1.9.1',
} as const;

/** Short labels for printing a DN, as openssl does. */
export const SUBJECT_ATTRIBUTE_LABEL: Readonly<Record<string, string>> = {
  [SUBJECT_ATTRIBUTE.country]: 'C',
  [SUBJECT_ATTRIBUTE.organisation]: 'O',
  [SUBJECT_ATTRIBUTE.organisationalUnit]: 'OU',
  [SUBJECT_ATTRIBUTE.title]: 'title',
  [SUBJECT_ATTRIBUTE.surname]: 'SN',
  [SUBJECT_ATTRIBUTE.givenName]: 'GN',
  [SUBJECT_ATTRIBUTE.serialNumber]: 'serialNumber',
  [SUBJECT_ATTRIBUTE.commonName]: 'CN',
  [SUBJECT_ATTRIBUTE.organisationIdentifier]: 'organizationIdentifier',
  [SUBJECT_ATTRIBUTE.locality]: 'L',
  [SUBJECT_ATTRIBUTE.state]: 'ST',
  [SUBJECT_ATTRIBUTE.email]: 'emailAddress',
};

export const EXTENDED_KEY_USAGE = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
  msDocumentSigning: '1.3.6.1.4.1.311.10.3.12',
  msEncryptedFileSystem: '1.3.6.1.4.1.311.10.3.4',
} as const;

export type PolicyUsage = 'authentication' | 'signature';

/**
 * Certificate policies (CPS) a UZI card certificate must carry, per usage.
 * - TEST: seen on the public TEST card in test/fixtures/uzi-test-certs (.211 authentication, .212 signature).
 * - sandbox: our own, in the TEST arc beside the sandbox OID CAs (.281/.282), never a real one.
 * - production: a guess from the PKIoverheid Programma van Eisen, domain Organisatie Persoon
 *   (2.16.528.1.1003.1.2.5.1 authenticity, .5.2 non-repudiation), under which the UZI-register issues;
 *   not confirmed against a production card. Back ends can override the table (`acceptedPolicies`).
 */
export const UZI_CERTIFICATE_POLICIES: Readonly<
  Record<PolicyUsage, readonly { oid: string; environment: OidCaEnvironment }[]>
> = {
  authentication: [
    { oid: '2.16.528.1.1003.1.2.5.1', environment: 'production' },
    { oid: `${UZI_TEST_OID_ARC}.211`, environment: 'test' },
    { oid: `${UZI_TEST_OID_ARC}.281`, environment: 'sandbox' },
  ],
  signature: [
    { oid: '2.16.528.1.1003.1.2.5.2', environment: 'production' },
    { oid: `${UZI_TEST_OID_ARC}.212`, environment: 'test' },
    { oid: `${UZI_TEST_OID_ARC}.282`, environment: 'sandbox' },
  ],
};

/** The sandbox's policy OIDs by certificate role (encryption has none we check). */
export const SANDBOX_CERTIFICATE_POLICY = {
  authentication: `${UZI_TEST_OID_ARC}.281`,
  signature: `${UZI_TEST_OID_ARC}.282`,
  encryption: `${UZI_TEST_OID_ARC}.283`,
} as const;
