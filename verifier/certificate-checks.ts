import { X509Certificate as NodeCertificate, verify } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  CertificateList,
  ExtendedKeyUsage,
  KeyUsage,
  KeyUsageFlags,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
} from '@peculiar/asn1-x509';
import { derOf, findExtension, normaliseSerial, parseCertificateAsn, signedPartOf } from './asn1.js';
import { fail, type RevocationOptions, type VerifyFailure } from './types.js';

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

/** Walks from the card certificate to a trusted CA; every CA on the way must be valid at `now`. */
export function checkChain(
  pool: TrustPool,
  leaf: NodeCertificate,
  now: Date,
): { ok: true; issuer: NodeCertificate } | VerifyFailure {
  const issuer = findIssuer(pool, leaf);
  if (!issuer) return fail('CERT_UNTRUSTED', 'no trusted issuer');
  let current = issuer;
  for (let depth = 0; depth < MAX_CHAIN_DEPTH; depth++) {
    if (!inValidity(current, now)) return fail('CERT_UNTRUSTED', `CA not valid now: ${current.subject}`);
    if (current.checkIssued(current)) break;
    const next = findIssuer(pool, current);
    // A trusted intermediate without its root in the pool is still trusted: it was configured.
    if (!next) break;
    current = next;
  }
  return { ok: true, issuer };
}

export function checkValidity(leaf: NodeCertificate, now: Date): { ok: true } | VerifyFailure {
  if (now < new Date(leaf.validFrom)) return fail('CERT_NOT_YET_VALID', `valid from ${leaf.validFrom}`);
  if (now > new Date(leaf.validTo)) return fail('CERT_EXPIRED', `valid until ${leaf.validTo}`);
  return { ok: true };
}

export function checkKeyUsage(der: Uint8Array, usage: RequiredUsage): { ok: true } | VerifyFailure {
  const cert = parseCertificateAsn(der);
  const keyUsageExt = findExtension(cert, id_ce_keyUsage);
  if (!keyUsageExt) return fail('WRONG_KEY_USAGE', 'no keyUsage');
  const flags = AsnConvert.parse(keyUsageExt.extnValue, KeyUsage).toNumber();
  if (usage === 'authentication') {
    if (!(flags & KeyUsageFlags.digitalSignature)) {
      return fail('WRONG_KEY_USAGE', 'not an authentication certificate (digitalSignature missing)');
    }
    const ekuExt = findExtension(cert, id_ce_extKeyUsage);
    const eku = ekuExt ? AsnConvert.parse(ekuExt.extnValue, ExtendedKeyUsage) : [];
    if (!eku.includes(EKU_CLIENT_AUTH)) {
      return fail('WRONG_KEY_USAGE', 'not an authentication certificate (clientAuth missing)');
    }
    return { ok: true };
  }
  if (!(flags & KeyUsageFlags.nonRepudiation)) {
    return fail('WRONG_KEY_USAGE', 'not a signature certificate (nonRepudiation missing)');
  }
  return { ok: true };
}

/** CRL signature algorithms we accept, by OID, with node:crypto's hash name. */
const CRL_SIGNATURE_HASH: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};

function crlRevokes(crlDer: Uint8Array, leaf: NodeCertificate, issuer: NodeCertificate): boolean {
  let crl: CertificateList;
  try {
    crl = AsnConvert.parse(crlDer, CertificateList);
  } catch {
    return false;
  }
  const issuerAsn = parseCertificateAsn(new Uint8Array(issuer.raw));
  if (!derOf(crl.tbsCertList.issuer).equals(derOf(issuerAsn.tbsCertificate.subject))) return false;
  const hash = CRL_SIGNATURE_HASH[crl.signatureAlgorithm.algorithm];
  // A CRL that does not verify says nothing: we neither trust its entries nor its silence.
  if (!hash || !verify(hash, signedPartOf(crlDer), issuer.publicKey, Buffer.from(crl.signature)))
    return false;
  const serial = normaliseSerial(leaf.serialNumber);
  return (crl.tbsCertList.revokedCertificates ?? []).some(
    (entry) => normaliseSerial(Buffer.from(entry.userCertificate).toString('hex')) === serial,
  );
}

export async function checkRevocation(
  leaf: NodeCertificate,
  issuer: NodeCertificate,
  revocation: RevocationOptions | undefined,
): Promise<{ ok: true } | VerifyFailure> {
  if (!revocation) return { ok: true };
  for (const der of revocation.crlDers ?? []) {
    if (crlRevokes(der, leaf, issuer)) return fail('CERT_REVOKED', `serial ${leaf.serialNumber}`);
  }
  if (revocation.checkOcsp) {
    const status = await revocation.checkOcsp(new Uint8Array(leaf.raw), new Uint8Array(issuer.raw));
    if (status === 'revoked') return fail('CERT_REVOKED', 'OCSP');
  }
  return { ok: true };
}
