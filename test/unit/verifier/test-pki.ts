// Certificates made on the fly for tests: a small UZI-like PKI (root → issuing CA → card certificates)
// with real RSA keys, so the verifier is tested against real signatures, chains and CRLs.
// @peculiar/x509's tsyringe needs the Reflect metadata API: the reflect-metadata package, loaded first.
import 'reflect-metadata';
import { constants, createPrivateKey, privateEncrypt, sign as nodeSign, type KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { GeneralName, OtherName, SubjectAlternativeName, id_ce_subjectAltName } from '@peculiar/asn1-x509';
import * as x509 from '@peculiar/x509';
import { AUTH_TOKEN_ALGORITHM, AUTH_TOKEN_FORMAT, type AuthToken } from '../../../shared/protocol/token.js';
import { authSignedData } from '../../../verifier/signed-data.js';
import type { CardType } from '../../../shared/uzi/types.js';

const RSA = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
} as const;
const EKU = { clientAuth: '1.3.6.1.5.5.7.3.2', emailProtection: '1.3.6.1.5.5.7.3.4' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;
const IA5_STRING_TAG = 0x16;

export type CardUsage = 'authentication' | 'signature' | 'encryption';

export interface TestCa {
  name: string;
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
  pem: string;
}

export interface TestCard {
  der: Buffer;
  pem: string;
  privateKey: KeyObject;
  privateKeyPem: string;
  serialHex: string;
}

export interface CardOptions {
  uziNumber?: string;
  cardType?: CardType;
  ura?: string;
  roleCode?: string;
  givenName?: string;
  surname?: string;
  organisationName?: string;
  usage?: CardUsage;
  /** false: no UZI SAN at all (an ordinary certificate). */
  uziSan?: boolean;
  notBefore?: Date;
  notAfter?: Date;
  issuer?: TestCa;
  /** Certificate policies; default the UZI TEST policy of the usage (.211 / .212 / .213). */
  policies?: string[];
  /** 'ec': a P-256 key (the token still claims RS256). */
  keyAlgorithm?: 'rsa' | 'ec';
  /** A card certificate that claims to be a CA. */
  claimsCa?: boolean;
  extraExtensions?: x509.Extension[];
  /** The OID CA in the UZI SAN; default the UZI TEST Zorgverlener CA. */
  oidCa?: string;
}

export const TEST_POLICY = {
  authentication: '2.16.528.1.1007.99.211',
  signature: '2.16.528.1.1007.99.212',
  encryption: '2.16.528.1.1007.99.213',
} as const;

async function generateKeys(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(RSA, true, ['sign', 'verify']);
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', key)).toString('base64');
  return `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----\n`;
}

function uziSanExtension(value: string): x509.Extension {
  const ascii = Buffer.from(value, 'ascii');
  const ia5 = Buffer.concat([Buffer.from([IA5_STRING_TAG, ascii.length]), ascii]);
  const san = new SubjectAlternativeName([
    new GeneralName({ otherName: new OtherName({ typeId: '2.5.5.5', value: new Uint8Array(ia5).buffer }) }),
  ]);
  return new x509.Extension(id_ce_subjectAltName, false, AsnConvert.serialize(san));
}

export async function createCa(
  name: string,
  issuer: TestCa | null,
  notBefore: Date,
  notAfter: Date,
  pathLength?: number,
): Promise<TestCa> {
  const keys = await generateKeys();
  const extensions = [
    new x509.BasicConstraintsExtension(true, pathLength, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
  ];
  const cert = issuer
    ? await x509.X509CertificateGenerator.create({
        subject: `CN=${name}, O=Sandbox UZI-register, C=NL`,
        issuer: issuer.cert.subject,
        publicKey: keys.publicKey,
        signingKey: issuer.keys.privateKey,
        notBefore,
        notAfter,
        extensions,
      })
    : await x509.X509CertificateGenerator.createSelfSigned({
        name: `CN=${name}, O=Sandbox UZI-register, C=NL`,
        keys,
        notBefore,
        notAfter,
        extensions,
      });
  return { name, cert, keys, pem: cert.toString('pem') };
}

export interface TestPki {
  root: TestCa;
  issuing: TestCa;
  /** PEMs a verifier trusts: root and issuing CA. */
  caPems: string[];
  issueCard(options?: CardOptions): Promise<TestCard>;
  createCrl(
    revokedSerialsHex: string[],
    issuer?: TestCa,
    times?: { thisUpdate?: Date; nextUpdate?: Date },
  ): Promise<Buffer>;
}

export async function createTestPki(label = 'TEST Sandbox'): Promise<TestPki> {
  const now = Date.now();
  const root = await createCa(
    `${label} Root CA`,
    null,
    new Date(now - 365 * DAY_MS),
    new Date(now + 3650 * DAY_MS),
  );
  const issuing = await createCa(
    `${label} UZI-register Zorgverlener CA`,
    root,
    new Date(now - 365 * DAY_MS),
    new Date(now + 1825 * DAY_MS),
  );

  async function issueCard(options: CardOptions = {}): Promise<TestCard> {
    const o = {
      uziNumber: '900012345',
      cardType: 'Z' as const,
      ura: '90000001',
      roleCode: '01.015',
      givenName: 'Anna',
      surname: 'de Vries',
      organisationName: 'Sandbox Huisartsenpraktijk De Linde',
      usage: 'authentication' as CardUsage,
      uziSan: true,
      notBefore: new Date(now - DAY_MS),
      notAfter: new Date(now + 3 * 365 * DAY_MS),
      issuer: issuing,
      ...options,
    };
    const keys =
      o.keyAlgorithm === 'ec'
        ? await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])
        : await generateKeys();
    const usageFlags: Record<CardUsage, number> = {
      authentication: x509.KeyUsageFlags.digitalSignature,
      signature: x509.KeyUsageFlags.nonRepudiation,
      encryption: x509.KeyUsageFlags.keyEncipherment | x509.KeyUsageFlags.dataEncipherment,
    };
    const extensions: x509.Extension[] = [
      new x509.BasicConstraintsExtension(o.claimsCa === true),
      new x509.KeyUsagesExtension(usageFlags[o.usage], true),
      new x509.CertificatePolicyExtension(o.policies ?? [TEST_POLICY[o.usage]], false),
      ...(o.extraExtensions ?? []),
    ];
    if (o.usage === 'authentication') {
      extensions.push(new x509.ExtendedKeyUsageExtension([EKU.clientAuth, EKU.emailProtection]));
    }
    if (o.uziSan) {
      extensions.push(
        uziSanExtension(
          `${o.oidCa ?? '2.16.528.1.1007.99.217'}-1-${o.uziNumber}-${o.cardType}-${o.ura}-${o.roleCode}-00000000`,
        ),
      );
    }
    const subject: x509.JsonName = [
      { C: ['NL'] },
      { O: [o.organisationName] },
      { '2.5.4.12': ['Huisarts'] },
      { '2.5.4.42': [o.givenName] },
      { '2.5.4.4': [o.surname] },
      { '2.5.4.5': [o.uziNumber] },
      { CN: [`${o.givenName} ${o.surname}`] },
    ];
    const cert = await x509.X509CertificateGenerator.create({
      subject,
      issuer: o.issuer.cert.subject,
      publicKey: keys.publicKey,
      signingKey: o.issuer.keys.privateKey,
      notBefore: o.notBefore,
      notAfter: o.notAfter,
      extensions,
    });
    const keyPem = await privateKeyPem(keys.privateKey);
    return {
      der: Buffer.from(cert.rawData),
      pem: cert.toString('pem'),
      privateKey: createPrivateKey(keyPem),
      privateKeyPem: keyPem,
      serialHex: cert.serialNumber,
    };
  }

  async function createCrl(
    revokedSerialsHex: string[],
    issuer: TestCa = issuing,
    times: { thisUpdate?: Date; nextUpdate?: Date } = {},
  ): Promise<Buffer> {
    const crl = await x509.X509CrlGenerator.create({
      issuer: issuer.cert.subject,
      thisUpdate: times.thisUpdate ?? new Date(now - DAY_MS),
      nextUpdate: times.nextUpdate ?? new Date(now + 7 * DAY_MS),
      signingAlgorithm: RSA,
      signingKey: issuer.keys.privateKey,
      entries: revokedSerialsHex.map((serialNumber) => ({
        serialNumber,
        revocationDate: new Date(now - DAY_MS),
      })),
    });
    return Buffer.from(crl.rawData);
  }

  return { root, issuing, caPems: [root.pem, issuing.pem], issueCard, createCrl };
}

/** Stands in for the card + extension: signs SHA-256(origin) ‖ SHA-256(challenge) with the card's key. */
export function makeAuthToken(card: TestCard, origin: string, challenge: string): AuthToken {
  const signature = nodeSign('sha256', authSignedData(origin, challenge), card.privateKey);
  return {
    format: AUTH_TOKEN_FORMAT,
    algorithm: AUTH_TOKEN_ALGORITHM,
    certificate: card.der.toString('base64'),
    signature: signature.toString('base64'),
    origin,
    challenge,
  };
}

/** Stands in for the card's sign operation: PKCS#1 v1.5 over a given SHA-256 hash (DigestInfo added). */
export function signHash(card: TestCard, hash: Buffer): Buffer {
  const digestInfoPrefix = Buffer.from('3031300d060960864801650304020105000420', 'hex');
  return privateEncrypt(
    { key: card.privateKey, padding: constants.RSA_PKCS1_PADDING },
    Buffer.concat([digestInfoPrefix, hash]),
  );
}
