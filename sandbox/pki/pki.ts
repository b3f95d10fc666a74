// The sandbox test PKI: generated on first use into a directory, reused afterwards.
//
// Layout of <dir>:
//   manifest.json                    format version + hash of the profile tables it was made from
//   root.pem  intermediates.pem  chain.pem   (chain = intermediates + root, for openssl -CAfile)
//   ca/<ca>.pem  ca/<ca>.key.pem
//   cards/<profile>/<authentication|signature|encryption>.pem (+ .key.pem)
//   crl/<issuing ca>.crl (DER) and .crl.pem: rebuilt on every load so they never go stale

import 'reflect-metadata';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { derToPem, type CardType } from '../../shared/uzi/index.js';
import {
  CARD_CERTIFICATE_ROLES,
  createCaCertificate,
  createCardCertificate,
  type CardCertificateRole,
  type IssuerMaterial,
  type Validity,
} from './certificates.js';
import { createCrls, type CrlSigner, type RevokedCertificate } from './crl.js';
import { generateRsaKeyPair, type KeyPairPem } from './crypto.js';
import {
  CA_DEFINITIONS,
  CA_ORDER,
  CARD_PROFILE_NAMES,
  CARD_PROFILES,
  ISSUING_CA_FOR_CARD_TYPE,
  ISSUING_CAS,
  type CaName,
  type CardProfile,
  type CardProfileName,
  type IssuingCaName,
} from './profiles.js';
import { revocationUrls } from './urls.js';

/** Bump when the layout or the certificate profile changes: older directories are regenerated. */
/** 3: card certificates carry their certificate policy. */
export const PKI_FORMAT_VERSION = 3;
const DAY_MS = 24 * 60 * 60 * 1000;
const YEAR_MS = 365 * DAY_MS;
export const CARD_VALIDITY_MS = 3 * YEAR_MS;
/** CAs start well in the past so the expired profile's certificates fall inside their validity. */
const CA_BACKDATE_MS = 5 * YEAR_MS;
/** Against clock skew between generator and verifier. */
const CARD_BACKDATE_MS = DAY_MS;
/** The expired profile expired this long ago. */
const EXPIRED_AGO_MS = 30 * DAY_MS;
/** Regenerate rather than hand out something that expires during a test run. */
const RENEW_MARGIN_MS = 30 * DAY_MS;
const REVOKED_AGO_MS = DAY_MS;
const PEM_CRL_LABEL = 'X509 CRL';
const MANIFEST_FILE = 'manifest.json';

export interface CertificateFiles {
  certificateDer: Buffer;
  certificatePem: string;
  privateKeyPem: string;
  certificatePath: string;
  privateKeyPath: string;
  serialNumberHex: string;
  notBefore: Date;
  notAfter: Date;
}

export interface CaFiles extends CertificateFiles {
  name: CaName;
  commonName: string;
}

/** What the card says about its holder, straight from the profile table (for comparing with parsed certs). */
export interface CardIdentitySummary {
  uziNumber: string;
  cardType: CardType;
  ura: string;
  organisationName: string;
  roleCode: string;
  roleName: string;
  agb: string;
  oidCa: string;
  givenName: string | null;
  surname: string | null;
  commonName: string;
  title: string;
}

export interface CardSet {
  profile: CardProfileName;
  definition: CardProfile;
  identity: CardIdentitySummary;
  issuingCa: IssuingCaName;
  authentication: CertificateFiles;
  signature: CertificateFiles;
  encryption: CertificateFiles;
  pin: string;
  puk: string;
  chuidGuid: string;
  dateOfBirth: string;
}

export interface SandboxPki {
  dir: string;
  /** True when this call generated the PKI, false when it reused one from disk. */
  generated: boolean;
  /** Time spent in loadOrCreatePki (generation or loading, plus CRLs). */
  elapsedMs: number;
  cas: Readonly<Record<CaName, CaFiles>>;
  paths: {
    root: string;
    intermediates: string;
    chain: string;
    crlDer(ca: IssuingCaName): string;
    crlPem(ca: IssuingCaName): string;
  };
  card(profile: CardProfileName): CardSet;
  cards(): CardSet[];
  /** Issuing CAs, the Persoon CA and the root, PEM concatenated. */
  chainPem(): string;
  rootPem(): string;
  intermediatesPem(): string;
  crlDer(ca: IssuingCaName): Buffer;
  crlPem(ca: IssuingCaName): string;
  /** Every certificate of every revoked profile. */
  revoked(): readonly RevokedCertificate[];
}

interface Manifest {
  formatVersion: number;
  definitionsHash: string;
  createdAt: string;
}

function definitionsHash(): string {
  const urls = ISSUING_CAS.map((ca) => revocationUrls(ca));
  return createHash('sha256').update(JSON.stringify({ CA_DEFINITIONS, CARD_PROFILES, urls })).digest('hex');
}

function issuingCaFor(profile: CardProfile): IssuingCaName {
  return ISSUING_CA_FOR_CARD_TYPE[profile.cardType];
}

function oidCaFor(profile: CardProfile): string {
  const oid = CA_DEFINITIONS[issuingCaFor(profile)].oidCa;
  if (!oid) throw new Error(`issuing CA for ${profile.name} has no OID CA`);
  return oid;
}

const caCertPath = (dir: string, ca: CaName): string => join(dir, 'ca', `${ca}.pem`);
const caKeyPath = (dir: string, ca: CaName): string => join(dir, 'ca', `${ca}.key.pem`);
const cardCertPath = (dir: string, p: CardProfileName, r: CardCertificateRole): string =>
  join(dir, 'cards', p, `${r}.pem`);
const cardKeyPath = (dir: string, p: CardProfileName, r: CardCertificateRole): string =>
  join(dir, 'cards', p, `${r}.key.pem`);
const crlDerPath = (dir: string, ca: IssuingCaName): string => join(dir, 'crl', `${ca}.crl`);
const crlPemPath = (dir: string, ca: IssuingCaName): string => join(dir, 'crl', `${ca}.crl.pem`);

/** Write via a temporary file and rename, so a concurrent reader never sees half a file. */
async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

function cardValidity(profile: CardProfile, now: Date): Validity {
  if (profile.expired) {
    const notAfter = new Date(now.getTime() - EXPIRED_AGO_MS);
    return { notBefore: new Date(notAfter.getTime() - CARD_VALIDITY_MS), notAfter };
  }
  const notBefore = new Date(now.getTime() - CARD_BACKDATE_MS);
  return { notBefore, notAfter: new Date(notBefore.getTime() + CARD_VALIDITY_MS) };
}

/** Generates a complete PKI into `dir` (which must not exist yet). */
async function generateInto(dir: string, now: Date): Promise<void> {
  const cardKeyJobs = CARD_PROFILE_NAMES.flatMap((p) => CARD_CERTIFICATE_ROLES.map((r) => [p, r] as const));
  // node:crypto generates in the libuv pool: all 23 keys in parallel.
  const [caKeys, cardKeys] = await Promise.all([
    Promise.all(CA_ORDER.map(() => generateRsaKeyPair())),
    Promise.all(cardKeyJobs.map(() => generateRsaKeyPair())),
  ]);

  const issuers = new Map<CaName, IssuerMaterial>();
  for (const [index, ca] of CA_ORDER.entries()) {
    const definition = CA_DEFINITIONS[ca];
    const keys = caKeys[index] as KeyPairPem;
    const notBefore = new Date(now.getTime() - CA_BACKDATE_MS);
    const validity = {
      notBefore,
      notAfter: new Date(notBefore.getTime() + definition.validityYears * YEAR_MS),
    };
    const issuer = definition.issuer === null ? null : (issuers.get(definition.issuer) ?? null);
    const certificate = await createCaCertificate(definition, keys, issuer, validity);
    issuers.set(ca, { certificate, privateKeyPem: keys.privateKeyPem });
    await writeAtomic(caCertPath(dir, ca), certificate.toString('pem') + '\n');
    await writeAtomic(caKeyPath(dir, ca), keys.privateKeyPem);
  }

  await Promise.all(
    cardKeyJobs.map(async ([profileName, role], index) => {
      const profile = CARD_PROFILES[profileName];
      const issuer = issuers.get(issuingCaFor(profile));
      if (!issuer) throw new Error(`no issuing CA for ${profileName}`);
      const keys = cardKeys[index] as KeyPairPem;
      const certificate = await createCardCertificate(
        profile,
        role,
        oidCaFor(profile),
        keys,
        issuer,
        cardValidity(profile, now),
        revocationUrls(issuingCaFor(profile)),
      );
      await writeAtomic(cardCertPath(dir, profileName, role), certificate.toString('pem') + '\n');
      await writeAtomic(cardKeyPath(dir, profileName, role), keys.privateKeyPem);
    }),
  );

  const manifest: Manifest = {
    formatVersion: PKI_FORMAT_VERSION,
    definitionsHash: definitionsHash(),
    createdAt: now.toISOString(),
  };
  await writeAtomic(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
}

async function readCertificateFiles(
  certificatePath: string,
  privateKeyPath: string,
): Promise<CertificateFiles> {
  const [certificatePem, privateKeyPem] = await Promise.all([
    readFile(certificatePath, 'utf8'),
    readFile(privateKeyPath, 'utf8'),
  ]);
  const certificate = new x509.X509Certificate(certificatePem);
  return {
    certificateDer: Buffer.from(certificate.rawData),
    certificatePem,
    privateKeyPem,
    certificatePath,
    privateKeyPath,
    serialNumberHex: certificate.serialNumber.toLowerCase(),
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
  };
}

interface LoadedFiles {
  cas: Record<CaName, CaFiles>;
  cards: Record<CardProfileName, Record<CardCertificateRole, CertificateFiles>>;
}

/** Reads a generated PKI; undefined when it is missing, from another format, or about to expire. */
async function tryLoad(dir: string, now: Date): Promise<LoadedFiles | undefined> {
  try {
    const manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as Partial<Manifest>;
    if (manifest.formatVersion !== PKI_FORMAT_VERSION || manifest.definitionsHash !== definitionsHash()) {
      return undefined;
    }
    const cas = {} as Record<CaName, CaFiles>;
    for (const ca of CA_ORDER) {
      const files = await readCertificateFiles(caCertPath(dir, ca), caKeyPath(dir, ca));
      cas[ca] = { ...files, name: ca, commonName: CA_DEFINITIONS[ca].commonName };
    }
    const cards = {} as LoadedFiles['cards'];
    for (const profile of CARD_PROFILE_NAMES) {
      const set = {} as Record<CardCertificateRole, CertificateFiles>;
      for (const role of CARD_CERTIFICATE_ROLES) {
        set[role] = await readCertificateFiles(
          cardCertPath(dir, profile, role),
          cardKeyPath(dir, profile, role),
        );
      }
      cards[profile] = set;
    }
    const renewBy = now.getTime() + RENEW_MARGIN_MS;
    const mustStayValid = [
      ...Object.values(cas),
      ...CARD_PROFILE_NAMES.filter((p) => !CARD_PROFILES[p].expired).flatMap((p) => Object.values(cards[p])),
    ];
    if (mustStayValid.some((c) => c.notAfter.getTime() < renewBy)) return undefined;
    return { cas, cards };
  } catch {
    return undefined;
  }
}

function identitySummary(profile: CardProfile): CardIdentitySummary {
  return {
    uziNumber: profile.uziNumber,
    cardType: profile.cardType,
    ura: profile.organisation.ura,
    organisationName: profile.organisation.name,
    roleCode: profile.roleCode,
    roleName: profile.roleName,
    agb: profile.agb,
    oidCa: oidCaFor(profile),
    givenName: profile.givenName,
    surname: profile.surname,
    commonName: profile.commonName,
    title: profile.title,
  };
}

function revokedCertificates(files: LoadedFiles, now: Date): RevokedCertificate[] {
  return CARD_PROFILE_NAMES.filter((p) => CARD_PROFILES[p].revoked).flatMap((p) =>
    CARD_CERTIFICATE_ROLES.map((role) => ({
      issuingCa: issuingCaFor(CARD_PROFILES[p]),
      serialNumberHex: files.cards[p][role].serialNumberHex,
      revokedAt: new Date(Math.max(files.cards[p][role].notBefore.getTime(), now.getTime() - REVOKED_AGO_MS)),
    })),
  );
}

/**
 * Loads the sandbox PKI from `dir`, generating it first when it is missing, stale or from an older
 * format. Safe to call from several processes at once: generation happens in a staging directory
 * that is renamed into place.
 */
export async function loadOrCreatePki(dir: string, now: Date = new Date()): Promise<SandboxPki> {
  const started = performance.now();
  let generated = false;
  let files = await tryLoad(dir, now);
  if (!files) {
    const staging = `${dir}.staging-${process.pid}-${randomBytes(4).toString('hex')}`;
    await mkdir(dirname(dir), { recursive: true });
    await generateInto(staging, now);
    files = await tryLoad(dir, now);
    if (files) {
      // Another process won the race: use its PKI so everyone shares one root.
      await rm(staging, { recursive: true, force: true });
    } else {
      await rm(dir, { recursive: true, force: true });
      try {
        await rename(staging, dir);
        generated = true;
      } catch {
        await rm(staging, { recursive: true, force: true });
      }
      files = await tryLoad(dir, now);
      if (!files) throw new Error(`sandbox PKI in ${dir} could not be generated or loaded`);
    }
  }
  return finishLoad(dir, files, now, generated, started);
}

function crlSigners(cas: Readonly<Record<CaName, CaFiles>>): Record<IssuingCaName, CrlSigner> {
  return Object.fromEntries(
    ISSUING_CAS.map((ca) => [
      ca,
      { certificate: new x509.X509Certificate(cas[ca].certificatePem), privateKeyPem: cas[ca].privateKeyPem },
    ]),
  ) as Record<IssuingCaName, CrlSigner>;
}

async function finishLoad(
  dir: string,
  files: LoadedFiles,
  now: Date,
  generated: boolean,
  started: number,
): Promise<SandboxPki> {
  const { cas, cards } = files;
  const revoked = revokedCertificates(files, now);
  const crls = await createCrls(crlSigners(cas), revoked, now);
  const crlPems = {} as Record<IssuingCaName, string>;
  for (const ca of ISSUING_CAS) {
    crlPems[ca] = derToPem(crls[ca], PEM_CRL_LABEL);
    await writeAtomic(crlDerPath(dir, ca), crls[ca]);
    await writeAtomic(crlPemPath(dir, ca), crlPems[ca]);
  }

  const intermediates = [...ISSUING_CAS, 'persoon' as const].map((ca) => cas[ca].certificatePem).join('');
  const root = cas.root.certificatePem;
  const chain = intermediates + root;
  const paths = {
    root: join(dir, 'root.pem'),
    intermediates: join(dir, 'intermediates.pem'),
    chain: join(dir, 'chain.pem'),
    crlDer: (ca: IssuingCaName) => crlDerPath(dir, ca),
    crlPem: (ca: IssuingCaName) => crlPemPath(dir, ca),
  };
  await writeAtomic(paths.root, root);
  await writeAtomic(paths.intermediates, intermediates);
  await writeAtomic(paths.chain, chain);

  const cardSets = Object.fromEntries(
    CARD_PROFILE_NAMES.map((name) => {
      const definition = CARD_PROFILES[name];
      const set: CardSet = {
        profile: name,
        definition,
        identity: identitySummary(definition),
        issuingCa: issuingCaFor(definition),
        authentication: cards[name].authentication,
        signature: cards[name].signature,
        encryption: cards[name].encryption,
        pin: definition.pin,
        puk: definition.puk,
        chuidGuid: definition.chuidGuid,
        dateOfBirth: definition.dateOfBirth,
      };
      return [name, set];
    }),
  ) as Record<CardProfileName, CardSet>;

  return {
    dir,
    generated,
    elapsedMs: performance.now() - started,
    cas,
    paths,
    card: (profile) => cardSets[profile],
    cards: () => CARD_PROFILE_NAMES.map((p) => cardSets[p]),
    chainPem: () => chain,
    rootPem: () => root,
    intermediatesPem: () => intermediates,
    crlDer: (ca) => Buffer.from(crls[ca]),
    crlPem: (ca) => crlPems[ca],
    revoked: () => revoked,
  };
}

/** DER CRL per issuing CA, freshly signed at `now`. */
export async function buildCrl(
  pki: SandboxPki,
  now: Date = new Date(),
): Promise<Record<IssuingCaName, Uint8Array>> {
  return createCrls(crlSigners(pki.cas), pki.revoked(), now);
}
