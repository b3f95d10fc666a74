// Builds the sandbox CA and card certificates in the UZI-pas profile (see docs/background/domain.md).

import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { GeneralName, OtherName, SubjectAlternativeName } from '@peculiar/asn1-x509';
import * as x509 from '@peculiar/x509';
import {
  EXTENDED_KEY_USAGE,
  EXTENSION_OID,
  SAN_OTHER_NAME,
  SANDBOX_CERTIFICATE_POLICY,
  SUBJECT_ATTRIBUTE,
  encodeIa5String,
  encodeUtf8String,
  formatUpn,
  formatUziSan,
} from '../../shared/uzi/index.js';
import {
  importPrivateKey,
  importPublicKey,
  SIGNING_ALGORITHM,
  subtleCrypto,
  type KeyPairPem,
} from './crypto.js';
import {
  SANDBOX_CA_ORGANISATION,
  SANDBOX_COUNTRY,
  UZI_SAN_VERSION,
  type CaDefinition,
  type CardProfile,
} from './profiles.js';
import type { RevocationUrls } from './urls.js';

export type CardCertificateRole = 'authentication' | 'signature' | 'encryption';
export const CARD_CERTIFICATE_ROLES: readonly CardCertificateRole[] = [
  'authentication',
  'signature',
  'encryption',
];

const SERIAL_BYTES = 16;
/** Keeps the DER INTEGER positive without a leading zero byte. */
const SERIAL_FIRST_BYTE_MASK = 0x7f;
const SERIAL_FIRST_BYTE_MIN = 0x10;

/** The three key pairs of a UZI-pas, as on the real TEST card in test/fixtures/uzi-test-certs. */
const CARD_CERTIFICATE_PROFILE: Readonly<
  Record<CardCertificateRole, { keyUsage: x509.KeyUsageFlags; extendedKeyUsage: string[]; upn: boolean }>
> = {
  authentication: {
    keyUsage: x509.KeyUsageFlags.digitalSignature,
    extendedKeyUsage: [
      EXTENDED_KEY_USAGE.clientAuth,
      EXTENDED_KEY_USAGE.emailProtection,
      EXTENDED_KEY_USAGE.msDocumentSigning,
    ],
    upn: true,
  },
  signature: {
    keyUsage: x509.KeyUsageFlags.nonRepudiation,
    extendedKeyUsage: [EXTENDED_KEY_USAGE.emailProtection, EXTENDED_KEY_USAGE.msDocumentSigning],
    upn: false,
  },
  encryption: {
    keyUsage: x509.KeyUsageFlags.keyEncipherment | x509.KeyUsageFlags.dataEncipherment,
    extendedKeyUsage: [EXTENDED_KEY_USAGE.emailProtection, EXTENDED_KEY_USAGE.msEncryptedFileSystem],
    upn: false,
  },
};

export function randomSerialHex(): string {
  const bytes = randomBytes(SERIAL_BYTES);
  bytes[0] = Math.max((bytes[0] ?? 0) & SERIAL_FIRST_BYTE_MASK, SERIAL_FIRST_BYTE_MIN);
  return bytes.toString('hex');
}

export interface IssuerMaterial {
  certificate: x509.X509Certificate;
  privateKeyPem: string;
}

export interface Validity {
  notBefore: Date;
  notAfter: Date;
}

function caName(definition: CaDefinition): x509.Name {
  return new x509.Name([
    { [SUBJECT_ATTRIBUTE.country]: [{ printableString: SANDBOX_COUNTRY }] },
    { [SUBJECT_ATTRIBUTE.organisation]: [{ utf8String: SANDBOX_CA_ORGANISATION }] },
    { [SUBJECT_ATTRIBUTE.commonName]: [{ utf8String: definition.commonName }] },
  ]);
}

function cardName(profile: CardProfile): x509.Name {
  const attributes: [string, x509.JsonAttributeObject][] = [
    [SUBJECT_ATTRIBUTE.country, { printableString: SANDBOX_COUNTRY }],
    [SUBJECT_ATTRIBUTE.organisation, { utf8String: profile.organisation.name }],
    [SUBJECT_ATTRIBUTE.title, { utf8String: profile.title }],
  ];
  if (profile.surname !== null) attributes.push([SUBJECT_ATTRIBUTE.surname, { utf8String: profile.surname }]);
  if (profile.givenName !== null)
    attributes.push([SUBJECT_ATTRIBUTE.givenName, { utf8String: profile.givenName }]);
  attributes.push([SUBJECT_ATTRIBUTE.serialNumber, { printableString: profile.uziNumber }]);
  attributes.push([SUBJECT_ATTRIBUTE.commonName, { utf8String: profile.commonName }]);
  return new x509.Name(attributes.map(([oid, value]) => ({ [oid]: [value] })));
}

function otherName(typeId: string, value: ArrayBuffer): GeneralName {
  return new GeneralName({ otherName: new OtherName({ typeId, value }) });
}

function uziSanExtension(profile: CardProfile, oidCa: string, withUpn: boolean): x509.Extension {
  const uziSan = formatUziSan({
    oidCa,
    version: UZI_SAN_VERSION,
    uziNumber: profile.uziNumber,
    cardType: profile.cardType,
    ura: profile.organisation.ura,
    roleCode: profile.roleCode,
    agb: profile.agb,
  });
  const names = [otherName(SAN_OTHER_NAME.uziIdentity, encodeIa5String(uziSan))];
  // Same order as the real card: UPN first.
  if (withUpn) {
    names.unshift(
      otherName(SAN_OTHER_NAME.upn, encodeUtf8String(formatUpn(profile.uziNumber, profile.organisation.ura))),
    );
  }
  const der = AsnConvert.serialize(new SubjectAlternativeName(names));
  return new x509.Extension(EXTENSION_OID.subjectAltName, false, der);
}

export async function createCaCertificate(
  definition: CaDefinition,
  keys: KeyPairPem,
  issuer: IssuerMaterial | null,
  validity: Validity,
): Promise<x509.X509Certificate> {
  const publicKey = await importPublicKey(keys.publicKeyPem);
  const signingKey = await importPrivateKey(issuer ? issuer.privateKeyPem : keys.privateKeyPem);
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(true, definition.pathLength, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    await x509.SubjectKeyIdentifierExtension.create(publicKey, false, subtleCrypto),
  ];
  if (issuer) {
    extensions.push(
      await x509.AuthorityKeyIdentifierExtension.create(issuer.certificate.publicKey, false, subtleCrypto),
    );
  }
  return x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerialHex(),
      subject: caName(definition),
      issuer: issuer ? issuer.certificate.subjectName : caName(definition),
      notBefore: validity.notBefore,
      notAfter: validity.notAfter,
      publicKey,
      signingKey,
      signingAlgorithm: SIGNING_ALGORITHM,
      extensions,
    },
    subtleCrypto,
  );
}

export async function createCardCertificate(
  profile: CardProfile,
  role: CardCertificateRole,
  oidCa: string,
  keys: KeyPairPem,
  issuer: IssuerMaterial,
  validity: Validity,
  revocation: RevocationUrls,
): Promise<x509.X509Certificate> {
  const shape = CARD_CERTIFICATE_PROFILE[role];
  const publicKey = await importPublicKey(keys.publicKeyPem);
  return x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerialHex(),
      subject: cardName(profile),
      issuer: issuer.certificate.subjectName,
      notBefore: validity.notBefore,
      notAfter: validity.notAfter,
      publicKey,
      signingKey: await importPrivateKey(issuer.privateKeyPem),
      signingAlgorithm: SIGNING_ALGORITHM,
      extensions: [
        uziSanExtension(profile, oidCa, shape.upn),
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(shape.keyUsage, true),
        new x509.ExtendedKeyUsageExtension(shape.extendedKeyUsage, false),
        await x509.SubjectKeyIdentifierExtension.create(publicKey, false, subtleCrypto),
        await x509.AuthorityKeyIdentifierExtension.create(issuer.certificate.publicKey, false, subtleCrypto),
        // As on the real card: where to find the issuer, its CRL and its OCSP responder.
        new x509.AuthorityInfoAccessExtension({ caIssuers: revocation.caIssuers, ocsp: revocation.ocsp }),
        new x509.CRLDistributionPointsExtension([revocation.crl]),
        // As on the TEST card: the CPS policy of the certificate's role (verifiers require it).
        new x509.CertificatePolicyExtension([SANDBOX_CERTIFICATE_POLICY[role]], false),
      ],
    },
    subtleCrypto,
  );
}
