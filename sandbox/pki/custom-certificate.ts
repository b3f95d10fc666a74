// Self-signed one-off certificates with arbitrary SAN otherNames: for tests that need a certificate
// the real profile would never produce (no UZI SAN, malformed SAN, odd card types).

import 'reflect-metadata';
import { AsnConvert } from '@peculiar/asn1-schema';
import { GeneralName, OtherName, SubjectAlternativeName } from '@peculiar/asn1-x509';
import * as x509 from '@peculiar/x509';
import { EXTENSION_OID, SAN_OTHER_NAME, SUBJECT_ATTRIBUTE, encodeIa5String } from '../../shared/uzi/index.js';
import { randomSerialHex } from './certificates.js';
import {
  generateRsaKeyPair,
  importPrivateKey,
  importPublicKey,
  SIGNING_ALGORITHM,
  subtleCrypto,
} from './crypto.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface CustomOtherName {
  typeId: string;
  /** The complete inner TLV (e.g. from encodeIa5String). */
  value: ArrayBuffer;
}

export interface CustomCertificateOptions {
  commonName: string;
  /** Issuer CN; the certificate is self-signed either way, but the names may differ (no chain needed). */
  issuerCommonName?: string;
  otherNames?: CustomOtherName[];
  keyUsage?: x509.KeyUsageFlags;
  notBefore?: Date;
  notAfter?: Date;
  /** Raw extensions added as given (OID, DER value), e.g. a malformed one for parser tests. */
  rawExtensions?: Array<{ oid: string; value: Uint8Array<ArrayBuffer> }>;
}

export interface CustomCertificate {
  der: Uint8Array;
  pem: string;
}

function name(cn: string): x509.Name {
  return new x509.Name([{ [SUBJECT_ATTRIBUTE.commonName]: [{ utf8String: cn }] }]);
}

/** Shorthand for a 2.5.5.5 otherName carrying `value` as IA5String. */
export function uziOtherName(value: string): CustomOtherName {
  return { typeId: SAN_OTHER_NAME.uziIdentity, value: encodeIa5String(value) };
}

export async function createCustomCertificate(options: CustomCertificateOptions): Promise<CustomCertificate> {
  const keys = await generateRsaKeyPair();
  const extensions: x509.Extension[] = [];
  if (options.otherNames && options.otherNames.length > 0) {
    const san = new SubjectAlternativeName(
      options.otherNames.map(
        (o) => new GeneralName({ otherName: new OtherName({ typeId: o.typeId, value: o.value }) }),
      ),
    );
    extensions.push(new x509.Extension(EXTENSION_OID.subjectAltName, false, AsnConvert.serialize(san)));
  }
  if (options.keyUsage !== undefined) extensions.push(new x509.KeyUsagesExtension(options.keyUsage, true));
  for (const raw of options.rawExtensions ?? [])
    extensions.push(new x509.Extension(raw.oid, false, raw.value));
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerialHex(),
      subject: name(options.commonName),
      issuer: name(options.issuerCommonName ?? options.commonName),
      notBefore: options.notBefore ?? new Date(now - DAY_MS),
      notAfter: options.notAfter ?? new Date(now + 365 * DAY_MS),
      publicKey: await importPublicKey(keys.publicKeyPem),
      signingKey: await importPrivateKey(keys.privateKeyPem),
      signingAlgorithm: SIGNING_ALGORITHM,
      extensions,
    },
    subtleCrypto,
  );
  return { der: new Uint8Array(certificate.rawData), pem: certificate.toString('pem') + '\n' };
}
