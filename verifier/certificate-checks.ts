import { X509Certificate as NodeCertificate } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  BasicConstraints,
  CertificatePolicies,
  ExtendedKeyUsage,
  KeyUsage,
  KeyUsageFlags,
  id_ce_basicConstraints,
  id_ce_certificatePolicies,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
} from '@peculiar/asn1-x509';
import {
  UZI_CERTIFICATE_POLICIES,
  UZI_TEST_OID_ARC,
  oidCaEnvironment,
  type PolicyUsage,
} from '../shared/uzi/oids.js';
import { certificateRoleFromKeyUsage, keyUsageOf } from '../shared/uzi/certificate-role.js';
import { findExtension, parseCertificateAsn } from './asn1.js';
import { fail, type VerifyFailure } from './types.js';

/** Longest chain we walk: card → issuing CA → intermediate → root, with room to spare. */
const MAX_CHAIN_DEPTH = 6;
const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

export type RequiredUsage = 'authentication' | 'signature';

interface TrustPool {
  certificates: NodeCertificate[];
}

export function createTrustPool(pems: string[]): TrustPool {
  const certificates: NodeCertificate[] = [];
  for (const pem of pems) {
    for (const block of pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []) {
      certificates.push(new NodeCertificate(block));
    }
  }
  return { certificates };
}

function inValidity(cert: NodeCertificate, now: Date): boolean {
  return now >= new Date(cert.validFrom) && now <= new Date(cert.validTo);
}

function findIssuer(pool: TrustPool, cert: NodeCertificate): NodeCertificate | null {
  for (const candidate of pool.certificates) {
    if (candidate.ca && cert.checkIssued(candidate) && cert.verify(candidate.publicKey)) return candidate;
  }
  return null;
}

/** Walks from the card certificate up to a trusted CA (signatures only; validity is `checkPathValidity`). */
export function findPath(
  pool: TrustPool,
  leaf: NodeCertificate,
): { ok: true; issuer: NodeCertificate; path: NodeCertificate[] } | VerifyFailure {
  const issuer = findIssuer(pool, leaf);
  if (!issuer) return fail('CERT_UNTRUSTED', 'no trusted issuer');
  const path: NodeCertificate[] = [];
  let current = issuer;
  for (let depth = 0; depth < MAX_CHAIN_DEPTH; depth++) {
    path.push(current);
    if (current.checkIssued(current)) break;
    const next = findIssuer(pool, current);
    // A trusted intermediate without its root in the pool is still trusted: it was configured.
    if (!next) break;
    current = next;
  }
  return { ok: true, issuer, path };
}

/** Every CA on the path must be valid at `now`. */
export function checkPathValidity(path: NodeCertificate[], now: Date): { ok: true } | VerifyFailure {
  const invalid = path.find((ca) => !inValidity(ca, now));
  return invalid ? fail('CERT_UNTRUSTED', `CA not valid now: ${invalid.subject}`) : { ok: true };
}

/** Walks from the card certificate to a trusted CA; every CA on the way must be valid at `now`. */
export function checkChain(
  pool: TrustPool,
  leaf: NodeCertificate,
  now: Date,
): { ok: true; issuer: NodeCertificate; path: NodeCertificate[] } | VerifyFailure {
  const found = findPath(pool, leaf);
  if (!found.ok) return found;
  const valid = checkPathValidity(found.path, now);
  return valid.ok ? found : valid;
}

/** Extensions we process (RFC 5280 §4.2: a critical extension we do not understand rejects). */
const KNOWN_EXTENSIONS = new Set([
  '2.5.29.14', // subjectKeyIdentifier
  '2.5.29.15', // keyUsage
  '2.5.29.17', // subjectAltName
  '2.5.29.19', // basicConstraints
  '2.5.29.31', // cRLDistributionPoints
  '2.5.29.32', // certificatePolicies
  '2.5.29.35', // authorityKeyIdentifier
  '2.5.29.37', // extKeyUsage
  '2.5.29.9', // subjectDirectoryAttributes
  '1.3.6.1.5.5.7.1.1', // authorityInfoAccess
  '1.3.6.1.5.5.7.1.3', // qcStatements
]);

export function checkCriticalExtensions(ders: Uint8Array[]): { ok: true } | VerifyFailure {
  for (const der of ders) {
    const unknown = parseCertificateAsn(der).tbsCertificate.extensions?.find(
      (ext) => ext.critical && !KNOWN_EXTENSIONS.has(ext.extnID),
    );
    if (unknown) return fail('CERT_CRITICAL_EXTENSION_UNKNOWN', unknown.extnID);
  }
  return { ok: true };
}

function basicConstraintsOf(der: Uint8Array): BasicConstraints | null {
  const ext = findExtension(parseCertificateAsn(der), id_ce_basicConstraints);
  return ext ? AsnConvert.parse(ext.extnValue, BasicConstraints) : null;
}

/**
 * Basic constraints along the path: the card certificate is no CA; every CA above it says cA, may
 * sign certificates, and its pathLenConstraint covers the CAs below it.
 */
export function checkBasicConstraints(
  leafDer: Uint8Array,
  path: NodeCertificate[],
): { ok: true } | VerifyFailure {
  if (basicConstraintsOf(leafDer)?.cA) return fail('CERT_CHAIN_INVALID', 'card certificate is a CA');
  for (const [below, ca] of path.entries()) {
    const der = new Uint8Array(ca.raw);
    const constraints = basicConstraintsOf(der);
    if (!constraints?.cA) return fail('CERT_CHAIN_INVALID', `not a CA: ${ca.subject}`);
    if (constraints.pathLenConstraint !== undefined && below > constraints.pathLenConstraint) {
      return fail('CERT_CHAIN_INVALID', `path length exceeded below ${ca.subject}`);
    }
    const keyUsage = findExtension(parseCertificateAsn(der), id_ce_keyUsage);
    if (
      keyUsage &&
      !(AsnConvert.parse(keyUsage.extnValue, KeyUsage).toNumber() & KeyUsageFlags.keyCertSign)
    ) {
      return fail('CERT_CHAIN_INVALID', `CA may not sign certificates: ${ca.subject}`);
    }
  }
  return { ok: true };
}

/** The token says RS256 and signing is PKCS#1 v1.5: only an RSA key of at least 2048 bits fits. */
const MIN_RSA_BITS = 2048;

export function checkKeyAlgorithm(leaf: NodeCertificate): { ok: true } | VerifyFailure {
  const key = leaf.publicKey;
  if (key.asymmetricKeyType !== 'rsa') {
    return fail('CERT_KEY_ALGORITHM_MISMATCH', `${key.asymmetricKeyType ?? 'unknown'} key, RSA expected`);
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) return fail('CERT_KEY_ALGORITHM_MISMATCH', `RSA key of ${bits} bits`);
  return { ok: true };
}

function policiesOf(der: Uint8Array): string[] {
  const ext = findExtension(parseCertificateAsn(der), id_ce_certificatePolicies);
  return ext ? AsnConvert.parse(ext.extnValue, CertificatePolicies).map((p) => p.policyIdentifier) : [];
}

export type AcceptedPolicies = Readonly<Record<PolicyUsage, readonly string[]>>;

export const DEFAULT_ACCEPTED_POLICIES: AcceptedPolicies = {
  authentication: UZI_CERTIFICATE_POLICIES.authentication.map((p) => p.oid),
  signature: UZI_CERTIFICATE_POLICIES.signature.map((p) => p.oid),
};

export function checkPolicies(
  der: Uint8Array,
  usage: RequiredUsage,
  accepted: AcceptedPolicies,
): { ok: true } | VerifyFailure {
  const policies = policiesOf(der);
  if (!policies.some((oid) => accepted[usage].includes(oid))) {
    return fail('CERT_POLICY_MISSING', policies.length ? policies.join(', ') : 'no certificatePolicies');
  }
  return { ok: true };
}

/**
 * TEST and sandbox cards: the OID CA in the UZI SAN, or a policy, in the UZI-register's test arc
 * (never used in production, see shared/uzi/oids.ts).
 */
export function isTestCertificate(der: Uint8Array, oidCa: string): boolean {
  const env = oidCaEnvironment(oidCa);
  if (env === 'test' || env === 'sandbox') return true;
  return policiesOf(der).some((oid) => oid.startsWith(`${UZI_TEST_OID_ARC}.`));
}

export function checkValidity(leaf: NodeCertificate, now: Date): { ok: true } | VerifyFailure {
  if (now < new Date(leaf.validFrom)) return fail('CERT_NOT_YET_VALID', `valid from ${leaf.validFrom}`);
  if (now > new Date(leaf.validTo)) return fail('CERT_EXPIRED', `valid until ${leaf.validTo}`);
  return { ok: true };
}

export function checkKeyUsage(der: Uint8Array, usage: RequiredUsage): { ok: true } | VerifyFailure {
  const cert = parseCertificateAsn(der);
  if (!findExtension(cert, id_ce_keyUsage)) return fail('WRONG_KEY_USAGE', 'no keyUsage');
  // The same rule that makes the host pick this key (shared/uzi/certificate-role.ts).
  const role = certificateRoleFromKeyUsage(keyUsageOf(cert));
  if (usage === 'authentication') {
    if (role !== 'authentication') {
      return fail('WRONG_KEY_USAGE', `not an authentication certificate (key usage says ${role})`);
    }
    const ekuExt = findExtension(cert, id_ce_extKeyUsage);
    const eku = ekuExt ? AsnConvert.parse(ekuExt.extnValue, ExtendedKeyUsage) : [];
    if (!eku.includes(EKU_CLIENT_AUTH)) {
      return fail('WRONG_KEY_USAGE', 'not an authentication certificate (clientAuth missing)');
    }
    return { ok: true };
  }
  if (role !== 'signature') {
    return fail('WRONG_KEY_USAGE', `not a signature certificate (key usage says ${role})`);
  }
  return { ok: true };
}
