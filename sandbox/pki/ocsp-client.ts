// An OCSP client (RFC 6960) for the verifier's `checkOcsp` hook: asks a responder over HTTP and
// believes only a response signed by the certificate's issuer (or a responder it delegated to),
// fresh, for the certificate asked about. Anything else is 'unknown', never 'good'.

import { createHash, randomBytes, verify, X509Certificate } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AuthorityInfoAccessSyntax,
  Certificate,
  id_ad_ocsp,
  id_pe_authorityInfoAccess,
} from '@peculiar/asn1-x509';
import type { OcspStatus } from '../../verifier/index.js';
import {
  children,
  contextTag,
  decodeOid,
  explicit,
  nullValue,
  octetString,
  oid,
  readTlv,
  sequence,
  TAG,
  tlv,
  type Tlv,
} from './der.js';
import { PKI_CONTENT_TYPES } from './urls.js';

const OID = {
  sha1: '1.3.14.3.2.26',
  ocspBasic: '1.3.6.1.5.5.7.48.1.1',
  ocspNonce: '1.3.6.1.5.5.7.48.1.2',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
} as const;

const SIGNATURE_HASH: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};

const RESPONSE_SUCCESSFUL = 0;
const CERT_STATUS_BY_TAG: Readonly<Record<number, OcspStatus>> = {
  [contextTag(0, false)]: 'good',
  [contextTag(1, true)]: 'revoked',
  [contextTag(2, false)]: 'unknown',
};
const NONCE_BYTES = 16;
const DEFAULT_TIMEOUT_MS = 3_000;
/** Clock skew we forgive between responder and verifier. */
const SKEW_MS = 5 * 60 * 1000;

export interface OcspCheckerOptions {
  /** Responder to ask; default: the OCSP URL in the certificate's Authority Information Access. */
  responderUrl?: string;
  timeoutMs?: number;
  now?: () => Date;
}

export type OcspChecker = (certificateDer: Uint8Array, issuerDer: Uint8Array) => Promise<OcspStatus>;

const sha1 = (bytes: Uint8Array): Uint8Array => new Uint8Array(createHash('sha1').update(bytes).digest());
const equalBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

/** The OCSP URL a certificate names in its Authority Information Access, if any. */
export function ocspUrlOf(certificateDer: Uint8Array): string | undefined {
  const cert = AsnConvert.parse(certificateDer, Certificate);
  const ext = cert.tbsCertificate.extensions?.find((e) => e.extnID === id_pe_authorityInfoAccess);
  if (!ext) return undefined;
  const aia = AsnConvert.parse(ext.extnValue, AuthorityInfoAccessSyntax);
  return aia.find((d) => d.accessMethod === id_ad_ocsp)?.accessLocation.uniformResourceIdentifier;
}

/** CertID (SHA-1, as most responders expect) of `certificateDer` issued by `issuerDer`. */
export function certId(certificateDer: Uint8Array, issuerDer: Uint8Array): Uint8Array {
  const cert = AsnConvert.parse(certificateDer, Certificate);
  const issuer = AsnConvert.parse(issuerDer, Certificate);
  const issuerName = new Uint8Array(AsnConvert.serialize(issuer.tbsCertificate.subject));
  const issuerKey = new Uint8Array(issuer.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey);
  return sequence(
    sequence(oid(OID.sha1), nullValue()),
    octetString(sha1(issuerName)),
    octetString(sha1(issuerKey)),
    tlv(TAG.integer, new Uint8Array(cert.tbsCertificate.serialNumber)),
  );
}

export function buildOcspRequest(id: Uint8Array, nonce: Uint8Array): Uint8Array {
  const nonceExtension = sequence(oid(OID.ocspNonce), octetString(octetString(nonce)));
  return sequence(sequence(sequence(sequence(id)), explicit(2, sequence(nonceExtension))));
}

function parseGeneralizedTime(element: Tlv): Date {
  const text = new TextDecoder().decode(element.content);
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.\d+)?Z$/.exec(text);
  if (element.tag !== TAG.generalizedTime || !m) throw new Error(`OCSP: bad time ${text}`);
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}

/** The CertID fields that identify a certificate, independent of how a responder re-encodes them. */
function certIdKey(id: Tlv): string {
  const [, nameHash, keyHash, serial] = children(id);
  return [nameHash, keyHash, serial].map((p) => Buffer.from(p?.content ?? []).toString('hex')).join('|');
}

/** Nonce from the responseExtensions, which follow the responses ([1] before them is the responder's name). */
function nonceOf(afterResponses: Tlv[]): Uint8Array | undefined {
  const wrapper = afterResponses.find((p) => p.tag === contextTag(1, true));
  const [extensions] = wrapper ? children(wrapper) : [];
  for (const ext of extensions ? children(extensions) : []) {
    const [id, value] = children(ext);
    if (id?.tag === TAG.oid && decodeOid(id.content) === OID.ocspNonce && value) {
      const inner = readTlv(value.content);
      return inner.tag === TAG.octetString ? inner.content : value.content;
    }
  }
  return undefined;
}

/** Keys whose signature we accept: the issuer's, or a responder certificate the issuer signed for OCSP. */
function trustedSigners(issuer: X509Certificate, basicParts: Tlv[]): X509Certificate[] {
  const certsWrapper = basicParts.find((p) => p.tag === contextTag(0, true));
  const [certs] = certsWrapper ? children(certsWrapper) : [];
  const delegated = (certs ? children(certs) : [])
    .map((c) => new X509Certificate(Buffer.from(c.raw)))
    .filter(
      (c) =>
        c.checkIssued(issuer) && c.verify(issuer.publicKey) && (c.keyUsage ?? []).includes(OID.ocspSigning),
    );
  return [issuer, ...delegated];
}

/** Reads a DER OCSPResponse for the one CertID asked; throws on anything not to be believed. */
export function readOcspResponse(
  responseDer: Uint8Array,
  asked: Uint8Array,
  issuerDer: Uint8Array,
  nonce: Uint8Array,
  now: Date,
): OcspStatus {
  const [status, responseBytes] = children(readTlv(responseDer));
  if (status?.tag !== TAG.enumerated || status.content[0] !== RESPONSE_SUCCESSFUL || !responseBytes) {
    throw new Error(`OCSP: responder status ${status?.content[0] ?? '?'}`);
  }
  const [typeAndValue] = children(responseBytes);
  const [type, value] = typeAndValue ? children(typeAndValue) : [];
  if (!type || decodeOid(type.content) !== OID.ocspBasic || !value)
    throw new Error('OCSP: not a basic response');
  const basicParts = children(readTlv(value.content));
  const [responseData, algorithm, signature] = basicParts;
  const [algorithmOid] = algorithm ? children(algorithm) : [];
  const hash = algorithmOid ? SIGNATURE_HASH[decodeOid(algorithmOid.content)] : undefined;
  if (!responseData || !hash || signature?.tag !== TAG.bitString) throw new Error('OCSP: unsigned response');
  const signatureBytes = signature.content.subarray(1);
  const issuer = new X509Certificate(Buffer.from(issuerDer));
  const signed = trustedSigners(issuer, basicParts).some((signer) =>
    verify(hash, responseData.raw, signer.publicKey, signatureBytes),
  );
  if (!signed) throw new Error('OCSP: signature not by the issuer or its responder');

  const dataParts = children(responseData);
  const responsesIndex = dataParts.findIndex((p) => p.tag === TAG.sequence);
  const responses = dataParts[responsesIndex];
  const echoed = nonceOf(dataParts.slice(responsesIndex + 1));
  if (echoed && !equalBytes(echoed, nonce)) throw new Error('OCSP: nonce mismatch (replayed response?)');
  const wanted = certIdKey(readTlv(asked));
  const single = (responses ? children(responses) : []).find((r) => {
    const [id] = children(r);
    return id !== undefined && certIdKey(id) === wanted;
  });
  if (!single) throw new Error('OCSP: no answer for this certificate');
  const [, certStatus, thisUpdate, nextUpdateWrapper] = children(single);
  if (!certStatus || !thisUpdate) throw new Error('OCSP: incomplete single response');
  if (parseGeneralizedTime(thisUpdate).getTime() > now.getTime() + SKEW_MS)
    throw new Error('OCSP: from the future');
  if (nextUpdateWrapper?.tag === contextTag(0, true)) {
    const [nextUpdate] = children(nextUpdateWrapper);
    if (nextUpdate && parseGeneralizedTime(nextUpdate).getTime() < now.getTime() - SKEW_MS) {
      throw new Error('OCSP: stale response');
    }
  }
  return CERT_STATUS_BY_TAG[certStatus.tag] ?? 'unknown';
}

/** A `checkOcsp` for createVerifier: 'unknown' when the responder cannot be reached or believed. */
export function createOcspChecker(options: OcspCheckerOptions = {}): OcspChecker {
  const now = options.now ?? (() => new Date());
  return async (certificateDer, issuerDer) => {
    try {
      const url = options.responderUrl ?? ocspUrlOf(certificateDer);
      if (!url) return 'unknown';
      const id = certId(certificateDer, issuerDer);
      const nonce = new Uint8Array(randomBytes(NONCE_BYTES));
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': PKI_CONTENT_TYPES.ocspRequest, Accept: PKI_CONTENT_TYPES.ocspResponse },
        body: Buffer.from(buildOcspRequest(id, nonce)),
        signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
      if (!response.ok) return 'unknown';
      return readOcspResponse(new Uint8Array(await response.arrayBuffer()), id, issuerDer, nonce, now());
    } catch (error) {
      console.error(`[ocsp] ${error instanceof Error ? error.message : String(error)}`);
      return 'unknown';
    }
  };
}
