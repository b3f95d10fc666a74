// The sandbox's fixed cast: CAs, organisations and card profiles. Everything here is deterministic;
// only keys, serial numbers and dates differ between generated PKIs.

import { createHash } from 'node:crypto';
import { NO_AGB, NO_ROLE_CODE, roleName, SANDBOX_OID_CA, type CardType } from '../../shared/uzi/index.js';

export type IssuingCaName = 'zorgverlener' | 'medewerker-op-naam' | 'medewerker-niet-op-naam';
export type CaName = 'root' | 'persoon' | IssuingCaName;

export interface CaDefinition {
  readonly commonName: string;
  readonly issuer: CaName | null;
  /** basicConstraints pathLenConstraint; undefined = unlimited. */
  readonly pathLength?: number;
  readonly validityYears: number;
  readonly oidCa?: string;
  readonly cardType?: CardType;
}

export const SANDBOX_CA_ORGANISATION = 'ZORG-ID Companion Sandbox';
export const SANDBOX_COUNTRY = 'NL';

export const CA_DEFINITIONS: Readonly<Record<CaName, CaDefinition>> = {
  root: { commonName: 'SANDBOX ZORG-ID Companion Root CA', issuer: null, validityYears: 20 },
  persoon: {
    commonName: 'SANDBOX Zorg CSP Level 2 Persoon CA',
    issuer: 'root',
    pathLength: 1,
    validityYears: 15,
  },
  zorgverlener: {
    commonName: 'SANDBOX UZI-register Zorgverlener CA',
    issuer: 'persoon',
    pathLength: 0,
    validityYears: 10,
    oidCa: SANDBOX_OID_CA.zorgverlener,
    cardType: 'Z',
  },
  'medewerker-op-naam': {
    commonName: 'SANDBOX UZI-register Medewerker op naam CA',
    issuer: 'persoon',
    pathLength: 0,
    validityYears: 10,
    oidCa: SANDBOX_OID_CA.medewerkerOpNaam,
    cardType: 'N',
  },
  'medewerker-niet-op-naam': {
    commonName: 'SANDBOX UZI-register Medewerker niet op naam CA',
    issuer: 'persoon',
    pathLength: 0,
    validityYears: 10,
    oidCa: SANDBOX_OID_CA.medewerkerNietOpNaam,
    cardType: 'M',
  },
};

/** Parents before children, so generation can walk it in order. */
export const CA_ORDER: readonly CaName[] = [
  'root',
  'persoon',
  'zorgverlener',
  'medewerker-op-naam',
  'medewerker-niet-op-naam',
];
export const ISSUING_CAS: readonly IssuingCaName[] = [
  'zorgverlener',
  'medewerker-op-naam',
  'medewerker-niet-op-naam',
];

/** S (server) certificates are not cards: the sandbox has no server CA. */
export const ISSUING_CA_FOR_CARD_TYPE: Readonly<Record<Exclude<CardType, 'S'>, IssuingCaName>> = {
  Z: 'zorgverlener',
  N: 'medewerker-op-naam',
  M: 'medewerker-niet-op-naam',
};

export const ORGANISATIONS = {
  A: { name: 'Sandbox Huisartsenpraktijk De Linde', ura: '90000001' },
  B: { name: 'Sandbox Apotheek Het Anker', ura: '90000002' },
} as const;

export type CardProfileName =
  'zorgverlener' | 'medewerker' | 'niet-op-naam' | 'andere-organisatie' | 'verlopen' | 'ingetrokken';

export const CARD_PROFILE_NAMES: readonly CardProfileName[] = [
  'zorgverlener',
  'medewerker',
  'niet-op-naam',
  'andere-organisatie',
  'verlopen',
  'ingetrokken',
];

export const DEFAULT_PIN = '123456';
export const DEFAULT_PUK = '12345678';
/** Card version in the SAN string; the UZI-register profile uses 1. */
export const UZI_SAN_VERSION = '1';
const CHUID_NAMESPACE = 'zorgid-companion-sandbox-chuid:';
const CHUID_BYTES = 16;
/** Title for cards without a care role (N, M): the SAN says 00.000. */
const EMPLOYEE_TITLE = 'Medewerker';

export interface CardProfile {
  readonly name: CardProfileName;
  readonly description: string;
  readonly cardType: Exclude<CardType, 'S'>;
  readonly uziNumber: string;
  readonly organisation: { readonly name: string; readonly ura: string };
  readonly roleCode: string;
  readonly roleName: string;
  readonly agb: string;
  readonly givenName: string | null;
  readonly surname: string | null;
  readonly commonName: string;
  readonly title: string;
  readonly dateOfBirth: string;
  readonly pin: string;
  readonly puk: string;
  /** 16 bytes hex, stable per profile: the card's CHUID GUID. */
  readonly chuidGuid: string;
  /** notAfter lies in the past. */
  readonly expired: boolean;
  /** Listed on its issuing CA's CRL (and answered 'revoked' by OCSP). */
  readonly revoked: boolean;
}

function stableGuid(profile: CardProfileName): string {
  return createHash('sha256')
    .update(CHUID_NAMESPACE + profile)
    .digest('hex')
    .slice(0, CHUID_BYTES * 2);
}

interface ProfileInput {
  description: string;
  cardType: Exclude<CardType, 'S'>;
  uziNumber: string;
  organisation: { name: string; ura: string };
  roleCode: string;
  person: { givenName: string; surname: string } | { commonName: string };
  dateOfBirth: string;
  expired?: boolean;
  revoked?: boolean;
}

function profile(name: CardProfileName, input: ProfileInput): CardProfile {
  return {
    name,
    description: input.description,
    cardType: input.cardType,
    uziNumber: input.uziNumber,
    organisation: input.organisation,
    roleCode: input.roleCode,
    roleName: roleName(input.roleCode),
    agb: NO_AGB,
    givenName: 'givenName' in input.person ? input.person.givenName : null,
    surname: 'surname' in input.person ? input.person.surname : null,
    commonName:
      'commonName' in input.person
        ? input.person.commonName
        : `${input.person.givenName} ${input.person.surname}`,
    title: input.roleCode === NO_ROLE_CODE ? EMPLOYEE_TITLE : roleName(input.roleCode),
    dateOfBirth: input.dateOfBirth,
    pin: DEFAULT_PIN,
    puk: DEFAULT_PUK,
    chuidGuid: stableGuid(name),
    expired: input.expired ?? false,
    revoked: input.revoked ?? false,
  };
}

export const CARD_PROFILES: Readonly<Record<CardProfileName, CardProfile>> = {
  zorgverlener: profile('zorgverlener', {
    description: 'Zorgverlenerpas, huisarts bij organisatie A: the happy path',
    cardType: 'Z',
    uziNumber: '900200001',
    organisation: ORGANISATIONS.A,
    roleCode: '01.015',
    person: { givenName: 'Anna', surname: 'Sandbox-de Vries' },
    dateOfBirth: '1978-04-12',
  }),
  medewerker: profile('medewerker', {
    description: 'Medewerkerpas op naam bij organisatie A',
    cardType: 'N',
    uziNumber: '900200002',
    organisation: ORGANISATIONS.A,
    roleCode: NO_ROLE_CODE,
    person: { givenName: 'Bram', surname: 'Sandbox-Jansen' },
    dateOfBirth: '1990-09-30',
  }),
  'niet-op-naam': profile('niet-op-naam', {
    description: 'Medewerkerpas niet op naam bij organisatie A: cannot register for ZORG-ID',
    cardType: 'M',
    uziNumber: '900200003',
    organisation: ORGANISATIONS.A,
    roleCode: NO_ROLE_CODE,
    person: { commonName: 'Balie Sandbox Huisartsenpraktijk De Linde' },
    dateOfBirth: '1985-01-01',
  }),
  'andere-organisatie': profile('andere-organisatie', {
    description: 'Zorgverlenerpas, arts bij organisatie B',
    cardType: 'Z',
    uziNumber: '900200004',
    organisation: ORGANISATIONS.B,
    roleCode: '01.000',
    person: { givenName: 'Carla', surname: 'Sandbox-Bakker' },
    dateOfBirth: '1982-11-05',
  }),
  verlopen: profile('verlopen', {
    description: 'Zorgverlenerpas whose certificates have expired',
    cardType: 'Z',
    uziNumber: '900200005',
    organisation: ORGANISATIONS.A,
    roleCode: '01.015',
    person: { givenName: 'Dirk', surname: 'Sandbox-Visser' },
    dateOfBirth: '1969-06-21',
    expired: true,
  }),
  ingetrokken: profile('ingetrokken', {
    description: 'Zorgverlenerpas whose certificates are revoked (on the CRL)',
    cardType: 'Z',
    uziNumber: '900200006',
    organisation: ORGANISATIONS.A,
    roleCode: '01.015',
    person: { givenName: 'Eva', surname: 'Sandbox-Smit' },
    dateOfBirth: '1975-02-14',
    revoked: true,
  }),
};
