// The revocation protocol rules, once, for the verifier (fail closed, one Outcome code per failure)
// and the host (diagnostics: 'good' | 'revoked' | 'unknown'): building an OCSP request (RFC 6960),
// judging an OCSP response and a CRL (RFC 5280), reading the OCSP/CRL/caIssuers URLs of a
// certificate, and one HTTP fetcher. Policy (what to ask first, caches, timeouts, how a failure is
// reported) stays with each caller; the fetcher is injected so tests and callers can route it.
//
// Where the two former copies disagreed, the stricter rule won (see docs in each constant):
// redirects are refused (the host used to follow them), responses above 4 MiB are refused (the
// verifier allowed 10 MiB), SHA-1 signatures on responses and CRLs are refused (the host accepted
// them), a CertID must match issuer name and key hashes as well as the serial (the host matched the
// serial only), a delegated responder must be within its validity, an echoed nonce must be ours and
// an OCSP answer without nextUpdate is believed only briefly (the host checked neither), and a CRL
// must name the issuer, carry nextUpdate, have no thisUpdate in the future and no unknown critical
// extension (the host checked none of these). Signatures are checked over the bytes as received,
// never over a re-encoding.
import { X509Certificate, createHash, randomBytes, verify } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  BasicOCSPResponse,
  CertID,
  OCSPRequest,
  OCSPResponse,
  OCSPResponseStatus,
  Request,
  TBSRequest,
  id_kp_OCSPSigning,
  id_pkix_ocsp_basic,
  id_pkix_ocsp_nonce,
} from '@peculiar/asn1-ocsp';
import {
  AlgorithmIdentifier,
  AuthorityInfoAccessSyntax,
  CRLDistributionPoints,
  Certificate,
  CertificateList,
  Extension,
  id_ad_caIssuers,
  id_ad_ocsp,
  id_ce_cRLDistributionPoints,
  id_pe_authorityInfoAccess,
} from '@peculiar/asn1-x509';

/** Clock skew forgiven on OCSP and CRL times (thisUpdate in the future, nextUpdate in the past). */
export const REVOCATION_SKEW_MS = 5 * 60 * 1000;
/** An OCSP response without nextUpdate is believed only this long after its thisUpdate (Web eID: 2 min). */
export const OCSP_NO_NEXT_UPDATE_MAX_AGE_MS = 2 * 60 * 1000;
/** Largest OCSP response or CRL read: a UZI CRL is a few hundred KB; the smaller of the two old limits. */
export const REVOCATION_MAX_BYTES = 4 * 1024 * 1024;
/** RFC 8954 allows 1 to 32 octets; the most entropy it allows. */
const NONCE_BYTES = 32;

/**
 * Signature algorithms accepted on OCSP responses and CRLs, by OID, with node:crypto's hash name.
 * No SHA-1 (sha1WithRSAEncryption): a collision-prone hash is no proof a card is not revoked.
 */
const SIGNATURE_HASH: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};
/** CertID hashes: only identify the certificate (the response signature carries the trust). */
const CERT_ID_HASH: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
};
/** Requests use SHA-1 CertIDs: what every responder (and RFC 5019) understands. */
const REQUEST_CERT_ID_HASH = { oid: '1.3.14.3.2.26', name: 'sha1' } as const;
/** CRL extensions understood (CRL number, authority key id, freshest CRL); any other critical one rejects. */
const KNOWN_CRL_EXTENSIONS = new Set(['2.5.29.20', '2.5.29.35', '2.5.29.46']);
/** CRL entry extensions understood (reason code, invalidity date). */
const KNOWN_CRL_ENTRY_EXTENSIONS = new Set(['2.5.29.21', '2.5.29.24']);

export const REVOCATION_CONTENT_TYPES = Object.freeze({
  ocspRequest: 'application/ocsp-request',
  ocspResponse: 'application/ocsp-response',
});

// ---------------------------------------------------------------- fetching

export interface FetchInit {
  method?: 'GET' | 'POST';
  body?: Uint8Array;
  contentType?: string;
  accept?: string;
}

/** Bytes at a URL, or a rejection whose message says why (see fetchFailureDetail). */
export type Fetcher = (url: string, init?: FetchInit) => Promise<Uint8Array>;

/** A fetch that failed for a reason worth showing (HTTP status, size, scheme). */
export class RevocationFetchError extends Error {
  override name = 'RevocationFetchError';
}

/** Why a fetch failed, short and without a stack: for an Outcome detail or a diagnostics reason. */
export function fetchFailureDetail(error: unknown): string {
  if (!(error instanceof Error)) return 'fetch failed';
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'no answer in time';
  const cause = (error as { cause?: { code?: unknown } }).cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  return error.message;
}

/**
 * HTTP(S) with a deadline and a size limit (Node's fetch). Redirects are refused: a responder or
 * CRL host that sends us elsewhere is misconfigured or tampered with, and following would let it
 * point at any address (the host used to follow, the verifier refused: refusing is the safer rule).
 */
export function httpFetcher(timeoutMs: number): Fetcher {
  return async (url, init = {}) => {
    if (!/^https?:\/\//i.test(url)) throw new RevocationFetchError('not an http(s) URL');
    const headers: Record<string, string> = {};
    if (init.contentType) headers['Content-Type'] = init.contentType;
    if (init.accept) headers.Accept = init.accept;
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      headers,
      ...(init.body ? { body: Buffer.from(init.body) } : {}),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    if (!response.ok) throw new RevocationFetchError(`HTTP ${response.status}`);
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > REVOCATION_MAX_BYTES) {
      await response.body?.cancel();
      throw new RevocationFetchError('response too large');
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.length > REVOCATION_MAX_BYTES) throw new RevocationFetchError('response too large');
    return bytes;
  };
}

// ---------------------------------------------------------------- certificates

export interface RevocationUrls {
  ocsp: string[];
  caIssuers: string[];
  crl: string[];
}

function extensionOf<T>(cert: Certificate, id: string, type: new () => T): T | undefined {
  const ext = cert.tbsCertificate.extensions?.find((candidate) => candidate.extnID === id);
  return ext ? AsnConvert.parse(ext.extnValue, type) : undefined;
}

/** The OCSP responders and CA certificate locations (AIA) and the CRL distribution points. */
export function revocationUrls(certificateDer: Uint8Array): RevocationUrls {
  const cert = AsnConvert.parse(certificateDer, Certificate);
  const aia = extensionOf(cert, id_pe_authorityInfoAccess, AuthorityInfoAccessSyntax) ?? [];
  const uris = (method: string) =>
    aia
      .filter((entry) => entry.accessMethod === method)
      .map((entry) => entry.accessLocation.uniformResourceIdentifier)
      .filter((uri): uri is string => typeof uri === 'string');
  const cdp = extensionOf(cert, id_ce_cRLDistributionPoints, CRLDistributionPoints) ?? [];
  const crl = cdp.flatMap((point) =>
    (point.distributionPoint?.fullName ?? [])
      .map((name) => name.uniformResourceIdentifier)
      .filter((uri): uri is string => typeof uri === 'string'),
  );
  return { ocsp: uris(id_ad_ocsp), caIssuers: uris(id_ad_caIssuers), crl };
}

/** The issuing CA as OCSP and CRLs name it. */
export interface RevocationIssuer {
  certificate: X509Certificate;
  /** DER of the subject Name. */
  nameDer: Buffer;
  /** subjectPublicKey BIT STRING contents (what the CertID key hash covers). */
  keyBits: Buffer;
}

export function revocationIssuer(certificate: X509Certificate): RevocationIssuer {
  const asn = AsnConvert.parse(new Uint8Array(certificate.raw), Certificate);
  return {
    certificate,
    nameDer: Buffer.from(AsnConvert.serialize(asn.tbsCertificate.subject)),
    keyBits: Buffer.from(asn.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey),
  };
}

/** Serial numbers compare as unsigned hex without leading zeros (DER adds one for a high bit). */
function serialKey(bytes: ArrayBuffer | Uint8Array): string {
  const hex = Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('hex');
  return hex.replace(/^0+/, '') || '0';
}

function leafSerialBytes(leafDer: Uint8Array): ArrayBuffer {
  return AsnConvert.parse(leafDer, Certificate).tbsCertificate.serialNumber.slice(0);
}

function sameBytes(a: ArrayBuffer | Uint8Array, b: ArrayBuffer | Uint8Array): boolean {
  return Buffer.from(a instanceof Uint8Array ? a : new Uint8Array(a)).equals(
    Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)),
  );
}

function signedBy(
  hashOid: string,
  data: ArrayBuffer | undefined,
  signature: ArrayBuffer,
  key: X509Certificate,
) {
  const hash = SIGNATURE_HASH[hashOid];
  if (!hash || !data) return false;
  try {
    return verify(hash, new Uint8Array(data), key.publicKey, new Uint8Array(signature));
  } catch {
    return false;
  }
}

function unknownCritical(extensions: Extension[] | undefined, known: Set<string>): string | undefined {
  return extensions?.find((e) => e.critical && !known.has(e.extnID))?.extnID;
}

// ---------------------------------------------------------------- OCSP

export function newOcspNonce(): Uint8Array {
  return new Uint8Array(randomBytes(NONCE_BYTES));
}

/** A DER OCSPRequest for one certificate, with a nonce (RFC 8954: an OCTET STRING in the extension). */
export function buildOcspRequest(
  leafDer: Uint8Array,
  issuer: RevocationIssuer,
  nonce: Uint8Array,
): Uint8Array {
  const hash = (bytes: Buffer) =>
    new OctetString(createHash(REQUEST_CERT_ID_HASH.name).update(bytes).digest());
  const reqCert = new CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithm: REQUEST_CERT_ID_HASH.oid, parameters: null }),
    issuerNameHash: hash(issuer.nameDer),
    issuerKeyHash: hash(issuer.keyBits),
    serialNumber: leafSerialBytes(leafDer),
  });
  const nonceExtension = new Extension({
    extnID: id_pkix_ocsp_nonce,
    critical: false,
    extnValue: new OctetString(AsnConvert.serialize(new OctetString(nonce))),
  });
  const request = new OCSPRequest({
    tbsRequest: new TBSRequest({
      requestList: [new Request({ reqCert })],
      requestExtensions: [nonceExtension],
    }),
  });
  return new Uint8Array(AsnConvert.serialize(request));
}

/** The nonce a response echoes: RFC 8954 wraps it in an OCTET STRING; older responders may not. */
function echoedNonce(extensions: Extension[] | undefined): Uint8Array | undefined {
  const ext = extensions?.find((e) => e.extnID === id_pkix_ocsp_nonce);
  if (!ext) return undefined;
  const raw = new Uint8Array(ext.extnValue.buffer);
  try {
    return new Uint8Array(AsnConvert.parse(raw, OctetString).buffer);
  } catch {
    return raw;
  }
}

/** Keys believed: the issuer's, or a certificate the issuer signed for OCSP signing, valid now. */
function responderKeys(issuer: X509Certificate, basic: BasicOCSPResponse, now: Date): X509Certificate[] {
  const delegated: X509Certificate[] = [];
  for (const asn of basic.certs ?? []) {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(Buffer.from(AsnConvert.serialize(asn)));
    } catch {
      continue;
    }
    const eku = Array.isArray(cert.keyUsage) ? cert.keyUsage : [];
    if (
      cert.checkIssued(issuer) &&
      cert.verify(issuer.publicKey) &&
      eku.includes(id_kp_OCSPSigning) &&
      now >= new Date(cert.validFrom) &&
      now <= new Date(cert.validTo)
    ) {
      delegated.push(cert);
    }
  }
  return [issuer, ...delegated];
}

/** What an OCSP answer says; `until`: how long it may be reused (0: not at all). */
export type OcspVerdict =
  | { kind: 'good'; until: number }
  | { kind: 'revoked'; revokedAt: string; until: number }
  /** The responder does not know the certificate. */
  | { kind: 'unknown' }
  /** Unparsable, an error status, or no answer for this certificate. */
  | { kind: 'invalid'; detail: string }
  /** Not signed by the issuer or a responder it delegated to. */
  | { kind: 'untrusted'; detail: string }
  | { kind: 'nonce-mismatch'; detail: string }
  | { kind: 'stale'; detail: string };

export interface OcspJudgement {
  leafDer: Uint8Array;
  issuer: RevocationIssuer;
  /** The nonce sent; an echoed nonce must equal it. */
  nonce: Uint8Array;
  /** Also refuse a response that echoes no nonce (default: checked only when echoed). */
  requireNonce?: boolean;
  now: Date;
  skewMs?: number;
}

export function judgeOcspResponse(der: Uint8Array, j: OcspJudgement): OcspVerdict {
  const skewMs = j.skewMs ?? REVOCATION_SKEW_MS;
  let basic: BasicOCSPResponse;
  try {
    const response = AsnConvert.parse(der, OCSPResponse);
    if (response.responseStatus !== OCSPResponseStatus.successful) {
      const status = OCSPResponseStatus[response.responseStatus] ?? String(response.responseStatus);
      return { kind: 'invalid', detail: `responder status ${status}` };
    }
    if (response.responseBytes?.responseType !== id_pkix_ocsp_basic) {
      return { kind: 'invalid', detail: 'not a basic OCSP response' };
    }
    basic = AsnConvert.parse(response.responseBytes.response.buffer, BasicOCSPResponse);
  } catch {
    return { kind: 'invalid', detail: 'unparsable' };
  }
  if (!SIGNATURE_HASH[basic.signatureAlgorithm.algorithm] || !basic.tbsResponseDataRaw) {
    return { kind: 'invalid', detail: 'unsupported signature algorithm' };
  }
  const trusted = responderKeys(j.issuer.certificate, basic, j.now).some((signer) =>
    signedBy(basic.signatureAlgorithm.algorithm, basic.tbsResponseDataRaw, basic.signature, signer),
  );
  if (!trusted) {
    return { kind: 'untrusted', detail: 'not signed by the issuer or a responder it delegated to' };
  }
  const data = basic.tbsResponseData;
  const echoed = echoedNonce(data.responseExtensions);
  if (echoed ? !sameBytes(echoed, j.nonce) : j.requireNonce === true) {
    return { kind: 'nonce-mismatch', detail: echoed ? 'another nonce' : 'no nonce' };
  }
  const serial = serialKey(leafSerialBytes(j.leafDer));
  const single = data.responses.find((r) => {
    const hashName = CERT_ID_HASH[r.certID.hashAlgorithm.algorithm];
    if (!hashName) return false;
    const digest = (bytes: Buffer) => createHash(hashName).update(bytes).digest();
    return (
      serialKey(r.certID.serialNumber) === serial &&
      sameBytes(r.certID.issuerNameHash.buffer, digest(j.issuer.nameDer)) &&
      sameBytes(r.certID.issuerKeyHash.buffer, digest(j.issuer.keyBits))
    );
  });
  if (!single) return { kind: 'invalid', detail: 'no answer for this certificate' };
  const at = j.now.getTime();
  if (single.thisUpdate.getTime() > at + skewMs) return { kind: 'stale', detail: 'thisUpdate in the future' };
  const expires = single.nextUpdate
    ? single.nextUpdate.getTime()
    : single.thisUpdate.getTime() + OCSP_NO_NEXT_UPDATE_MAX_AGE_MS;
  if (expires < at - skewMs) return { kind: 'stale', detail: 'past nextUpdate' };
  // Without nextUpdate the responder promised nothing about tomorrow: never reuse such an answer.
  const until = single.nextUpdate ? expires : 0;
  if (single.certStatus.revoked) {
    return { kind: 'revoked', revokedAt: single.certStatus.revoked.revocationTime.toISOString(), until };
  }
  if (single.certStatus.good === null) return { kind: 'good', until };
  return { kind: 'unknown' };
}

export interface OcspQuery {
  fetch: Fetcher;
  requireNonce?: boolean;
  now: () => Date;
  skewMs?: number;
}

/** Asks one responder about one certificate: the request, the POST, the judgement. */
export async function askOcsp(
  url: string,
  leafDer: Uint8Array,
  issuer: RevocationIssuer,
  query: OcspQuery,
): Promise<OcspVerdict | { kind: 'unreachable'; detail: string }> {
  const nonce = newOcspNonce();
  let der: Uint8Array;
  try {
    der = await query.fetch(url, {
      method: 'POST',
      body: buildOcspRequest(leafDer, issuer, nonce),
      contentType: REVOCATION_CONTENT_TYPES.ocspRequest,
      accept: REVOCATION_CONTENT_TYPES.ocspResponse,
    });
  } catch (error) {
    return { kind: 'unreachable', detail: fetchFailureDetail(error) };
  }
  return judgeOcspResponse(der, {
    leafDer,
    issuer,
    nonce,
    now: query.now(),
    ...(query.requireNonce === undefined ? {} : { requireNonce: query.requireNonce }),
    ...(query.skewMs === undefined ? {} : { skewMs: query.skewMs }),
  });
}

// ---------------------------------------------------------------- CRL

export function parseCrl(der: Uint8Array): CertificateList | null {
  try {
    return AsnConvert.parse(der, CertificateList);
  } catch {
    return null;
  }
}

/** Whether a CRL names this issuer (a CRL of another CA says nothing about this card). */
export function crlNamesIssuer(crl: CertificateList, issuer: RevocationIssuer): boolean {
  return Buffer.from(AsnConvert.serialize(crl.tbsCertList.issuer)).equals(issuer.nameDer);
}

/** Until when a CRL that passed may be reused (ms since the epoch; 0 when it has no nextUpdate). */
export function crlNextUpdate(crl: CertificateList): number {
  return crl.tbsCertList.nextUpdate?.getTime().getTime() ?? 0;
}

export type CrlVerdict =
  | { kind: 'good' }
  | { kind: 'revoked'; revokedAt?: string }
  /** Another issuer, not signed by the issuer, an unknown critical extension, thisUpdate in the future. */
  | { kind: 'invalid'; detail: string }
  /** No nextUpdate, or past it. */
  | { kind: 'stale'; detail: string };

/** One CRL judged for one certificate: of the issuer, signed by it, fresh, understood; then the entry. */
export function judgeCrl(
  crl: CertificateList,
  leafDer: Uint8Array,
  issuer: RevocationIssuer,
  now: Date,
  skewMs = REVOCATION_SKEW_MS,
): CrlVerdict {
  if (!crlNamesIssuer(crl, issuer)) return { kind: 'invalid', detail: 'another issuer' };
  if (!signedBy(crl.signatureAlgorithm.algorithm, crl.tbsCertListRaw, crl.signature, issuer.certificate)) {
    return { kind: 'invalid', detail: 'not signed by the issuer' };
  }
  const critical = unknownCritical(crl.tbsCertList.crlExtensions, KNOWN_CRL_EXTENSIONS);
  if (critical) return { kind: 'invalid', detail: `unsupported critical extension ${critical}` };
  const at = now.getTime();
  if (crl.tbsCertList.thisUpdate.getTime().getTime() > at + skewMs) {
    return { kind: 'invalid', detail: 'thisUpdate in the future' };
  }
  const nextUpdate = crl.tbsCertList.nextUpdate?.getTime().getTime();
  // A CRL without nextUpdate never goes stale: it proves nothing about today.
  if (nextUpdate === undefined) return { kind: 'stale', detail: 'no nextUpdate' };
  if (nextUpdate < at - skewMs) {
    return { kind: 'stale', detail: `nextUpdate ${new Date(nextUpdate).toISOString()}` };
  }
  const serial = serialKey(leafSerialBytes(leafDer));
  for (const entry of crl.tbsCertList.revokedCertificates ?? []) {
    // An entry extension we do not understand may change what the entry means: refuse the whole CRL.
    const entryCritical = unknownCritical(entry.crlEntryExtensions, KNOWN_CRL_ENTRY_EXTENSIONS);
    if (entryCritical)
      return { kind: 'invalid', detail: `unsupported critical entry extension ${entryCritical}` };
    if (serialKey(entry.userCertificate) === serial) {
      const revokedAt = entry.revocationDate.getTime().getTime();
      return Number.isFinite(revokedAt)
        ? { kind: 'revoked', revokedAt: new Date(revokedAt).toISOString() }
        : { kind: 'revoked' };
    }
  }
  return { kind: 'good' };
}
