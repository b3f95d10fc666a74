// Revocation, fail closed (modelled on Web eID's OcspCertificateRevocationChecker): every configured
// method must say "good"; an unreachable responder, an untrusted or stale answer, `unknown`, a missing,
// foreign, unparsable or stale CRL each reject with their own code. Good answers are cached for their
// validity (OCSP nextUpdate, CRL nextUpdate), so a busy back end asks once per card per period.

import { X509Certificate as NodeCertificate, createHash, randomBytes, verify } from 'node:crypto';
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
  CertificateList,
  Extension,
  id_ad_ocsp,
  id_ce_cRLDistributionPoints,
  id_pe_authorityInfoAccess,
} from '@peculiar/asn1-x509';
import { derOf, findExtension, normaliseSerial, parseCertificateAsn, signedPartOf } from './asn1.js';
import {
  DEFAULT_REVOCATION_SKEW_MS,
  DEFAULT_REVOCATION_TIMEOUT_MS,
  OCSP_NO_NEXT_UPDATE_MAX_AGE_MS,
  fail,
  type CrlOptions,
  type OcspOptions,
  type RevocationOptions,
  type VerifyFailure,
} from './types.js';

type Outcome = { ok: true } | VerifyFailure;
const OK: Outcome = { ok: true };

/** Signature algorithms we accept on OCSP responses and CRLs, by OID, with node:crypto's hash name. */
const SIGNATURE_HASH: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};
const CERT_ID_HASH: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
};
const SHA1_OID = '1.3.14.3.2.26';
const NONCE_BYTES = 32;
const CONTENT_TYPE = { request: 'application/ocsp-request', response: 'application/ocsp-response' } as const;
/** Largest OCSP response / CRL we read: a UZI CRL is a few hundred KB at most. */
const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
/** Bound on cached answers (one per certificate / CRL URL): old ones go first. */
const MAX_CACHE_ENTRIES = 50_000;

/** CRL extensions we understand; any other critical one (delta CRL, issuing distribution point) rejects. */
const KNOWN_CRL_EXTENSIONS = new Set(['2.5.29.20', '2.5.29.35', '2.5.29.46']);
/** CRL entry extensions we understand (reason code, invalidity date). */
const KNOWN_CRL_ENTRY_EXTENSIONS = new Set(['2.5.29.21', '2.5.29.24']);

export type RevocationCheck = (leaf: NodeCertificate, issuer: NodeCertificate) => Promise<Outcome>;

class BoundedCache<V> {
  readonly #map = new Map<string, { value: V; until: number }>();
  get(key: string, now: number): V | undefined {
    const hit = this.#map.get(key);
    if (!hit) return undefined;
    if (hit.until < now) {
      this.#map.delete(key);
      return undefined;
    }
    return hit.value;
  }
  set(key: string, value: V, until: number): void {
    this.#map.delete(key);
    if (this.#map.size >= MAX_CACHE_ENTRIES) {
      const oldest = this.#map.keys().next().value;
      if (oldest !== undefined) this.#map.delete(oldest);
    }
    this.#map.set(key, { value, until });
  }
}

async function fetchBytes(
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; detail: string }> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    if (!response.ok) return { ok: false, detail: `HTTP ${response.status}` };
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.length > MAX_RESPONSE_BYTES) return { ok: false, detail: 'response too large' };
    return { ok: true, bytes };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.name : 'fetch failed' };
  }
}

function sameBytes(a: ArrayBuffer | Uint8Array, b: ArrayBuffer | Uint8Array): boolean {
  return Buffer.from(a instanceof Uint8Array ? a : new Uint8Array(a)).equals(
    Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)),
  );
}

function unknownCritical(extensions: Extension[] | undefined, known: Set<string>): string | undefined {
  return extensions?.find((e) => e.critical && !known.has(e.extnID))?.extnID;
}

// ---------------------------------------------------------------- OCSP

export function ocspUrlOf(leaf: NodeCertificate): string | undefined {
  const ext = findExtension(parseCertificateAsn(new Uint8Array(leaf.raw)), id_pe_authorityInfoAccess);
  if (!ext) return undefined;
  const aia = AsnConvert.parse(ext.extnValue, AuthorityInfoAccessSyntax);
  return aia.find((d) => d.accessMethod === id_ad_ocsp)?.accessLocation.uniformResourceIdentifier;
}

interface IssuerKeys {
  nameDer: Buffer;
  keyBits: Buffer;
}

function issuerKeys(issuer: NodeCertificate): IssuerKeys {
  const asn = parseCertificateAsn(new Uint8Array(issuer.raw));
  return {
    nameDer: derOf(asn.tbsCertificate.subject),
    keyBits: Buffer.from(asn.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey),
  };
}

function leafSerial(leaf: NodeCertificate): ArrayBuffer {
  const bytes = new Uint8Array(parseCertificateAsn(new Uint8Array(leaf.raw)).tbsCertificate.serialNumber);
  return bytes.slice().buffer;
}

function buildRequest(leaf: NodeCertificate, keys: IssuerKeys, nonce: Uint8Array): Uint8Array {
  const hash = (b: Buffer) => new OctetString(createHash('sha1').update(b).digest());
  const reqCert = new CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithm: SHA1_OID, parameters: null }),
    issuerNameHash: hash(keys.nameDer),
    issuerKeyHash: hash(keys.keyBits),
    serialNumber: leafSerial(leaf),
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

/** Responder keys we believe: the issuer itself, or a certificate the issuer signed for OCSP signing. */
function responderKeys(issuer: NodeCertificate, basic: BasicOCSPResponse, now: Date): NodeCertificate[] {
  const delegated: NodeCertificate[] = [];
  for (const asn of basic.certs ?? []) {
    let cert: NodeCertificate;
    try {
      cert = new NodeCertificate(Buffer.from(AsnConvert.serialize(asn)));
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

interface OcspAnswer {
  outcome: Outcome;
  /** Until when the answer may be reused; 0: not cacheable. */
  until: number;
}

function readOcspResponse(
  der: Uint8Array,
  leaf: NodeCertificate,
  issuer: NodeCertificate,
  keys: IssuerKeys,
  nonce: Uint8Array,
  options: OcspOptions,
  now: Date,
  skewMs: number,
): OcspAnswer {
  const invalid = (detail: string): OcspAnswer => ({
    outcome: fail('OCSP_RESPONSE_INVALID', detail),
    until: 0,
  });
  let basic: BasicOCSPResponse;
  try {
    const response = AsnConvert.parse(der, OCSPResponse);
    if (response.responseStatus !== OCSPResponseStatus.successful) {
      return invalid(`responder status ${OCSPResponseStatus[response.responseStatus] ?? '?'}`);
    }
    if (!response.responseBytes || response.responseBytes.responseType !== id_pkix_ocsp_basic) {
      return invalid('not a basic OCSP response');
    }
    basic = AsnConvert.parse(response.responseBytes.response.buffer, BasicOCSPResponse);
  } catch {
    return invalid('unparsable');
  }
  const hash = SIGNATURE_HASH[basic.signatureAlgorithm.algorithm];
  if (!hash || !basic.tbsResponseDataRaw) return invalid('unsupported signature algorithm');
  const signed = Buffer.from(basic.tbsResponseDataRaw);
  const signature = Buffer.from(basic.signature);
  const trusted = responderKeys(issuer, basic, now).some((signer) => {
    try {
      return verify(hash, signed, signer.publicKey, signature);
    } catch {
      return false;
    }
  });
  if (!trusted) {
    return {
      outcome: fail('OCSP_RESPONDER_UNTRUSTED', 'not signed by the issuer or a responder it delegated to'),
      until: 0,
    };
  }
  const data = basic.tbsResponseData;
  const echoed = echoedNonce(data.responseExtensions);
  if (echoed ? !sameBytes(echoed, nonce) : options.requireNonce === true) {
    return { outcome: fail('OCSP_NONCE_MISMATCH', echoed ? 'another nonce' : 'no nonce'), until: 0 };
  }
  const serial = normaliseSerial(Buffer.from(leafSerial(leaf)).toString('hex'));
  const single = data.responses.find((r) => {
    const hashName = CERT_ID_HASH[r.certID.hashAlgorithm.algorithm];
    if (!hashName) return false;
    return (
      normaliseSerial(Buffer.from(r.certID.serialNumber).toString('hex')) === serial &&
      sameBytes(r.certID.issuerNameHash.buffer, createHash(hashName).update(keys.nameDer).digest()) &&
      sameBytes(r.certID.issuerKeyHash.buffer, createHash(hashName).update(keys.keyBits).digest())
    );
  });
  if (!single) return invalid('no answer for this certificate');
  const at = now.getTime();
  if (single.thisUpdate.getTime() > at + skewMs) {
    return { outcome: fail('OCSP_RESPONSE_STALE', 'thisUpdate in the future'), until: 0 };
  }
  const expires = single.nextUpdate
    ? single.nextUpdate.getTime()
    : single.thisUpdate.getTime() + OCSP_NO_NEXT_UPDATE_MAX_AGE_MS;
  if (expires < at - skewMs) {
    return { outcome: fail('OCSP_RESPONSE_STALE', 'past nextUpdate'), until: 0 };
  }
  const cacheUntil = single.nextUpdate ? expires : 0;
  if (single.certStatus.revoked) return { outcome: fail('CERT_REVOKED', 'OCSP'), until: cacheUntil };
  if (single.certStatus.good === null) return { outcome: OK, until: cacheUntil };
  return { outcome: fail('REVOCATION_UNKNOWN', 'OCSP status unknown'), until: 0 };
}

function createOcspCheck(options: OcspOptions, now: () => Date, skewMs: number): RevocationCheck {
  const cache = new BoundedCache<Outcome>();
  const timeoutMs = options.timeoutMs ?? DEFAULT_REVOCATION_TIMEOUT_MS;
  return async (leaf, issuer) => {
    const key = `${issuer.fingerprint256}|${normaliseSerial(leaf.serialNumber)}`;
    const cached = cache.get(key, now().getTime());
    if (cached) return cached;
    const url = options.responderUrl ?? ocspUrlOf(leaf);
    if (!url) return fail('OCSP_NO_RESPONDER', 'no OCSP URL in the certificate');
    const keys = issuerKeys(issuer);
    const nonce = new Uint8Array(randomBytes(NONCE_BYTES));
    const fetched = await fetchBytes(
      url,
      {
        method: 'POST',
        headers: { 'Content-Type': CONTENT_TYPE.request, Accept: CONTENT_TYPE.response },
        body: Buffer.from(buildRequest(leaf, keys, nonce)),
      },
      timeoutMs,
    );
    if (!fetched.ok) return fail('OCSP_UNREACHABLE', fetched.detail);
    const answer = readOcspResponse(fetched.bytes, leaf, issuer, keys, nonce, options, now(), skewMs);
    if (answer.until > 0) cache.set(key, answer.outcome, answer.until);
    return answer.outcome;
  };
}

// ---------------------------------------------------------------- CRL

interface ParsedCrl {
  crl: CertificateList;
  der: Uint8Array;
}

function parseCrl(der: Uint8Array): ParsedCrl | null {
  try {
    return { crl: AsnConvert.parse(der, CertificateList), der };
  } catch {
    return null;
  }
}

function crlDistributionUrls(leaf: NodeCertificate): string[] {
  const ext = findExtension(parseCertificateAsn(new Uint8Array(leaf.raw)), id_ce_cRLDistributionPoints);
  if (!ext) return [];
  const points = AsnConvert.parse(ext.extnValue, CRLDistributionPoints);
  return points.flatMap((p) =>
    (p.distributionPoint?.fullName ?? []).flatMap((n) =>
      n.uniformResourceIdentifier ? [n.uniformResourceIdentifier] : [],
    ),
  );
}

/** One CRL judged for one certificate: signed by the issuer, fresh, understood; then revoked or not. */
function judgeCrl(
  parsed: ParsedCrl,
  leaf: NodeCertificate,
  issuer: NodeCertificate,
  keys: IssuerKeys,
  now: Date,
  skewMs: number,
): Outcome {
  const { crl, der } = parsed;
  if (!derOf(crl.tbsCertList.issuer).equals(keys.nameDer)) return fail('CRL_INVALID', 'another issuer');
  const hash = SIGNATURE_HASH[crl.signatureAlgorithm.algorithm];
  let signedByIssuer = false;
  try {
    signedByIssuer =
      hash !== undefined && verify(hash, signedPartOf(der), issuer.publicKey, Buffer.from(crl.signature));
  } catch {
    signedByIssuer = false;
  }
  if (!signedByIssuer) return fail('CRL_INVALID', 'not signed by the issuer');
  const critical = unknownCritical(crl.tbsCertList.crlExtensions, KNOWN_CRL_EXTENSIONS);
  if (critical) return fail('CRL_INVALID', `unsupported critical extension ${critical}`);
  const at = now.getTime();
  if (crl.tbsCertList.thisUpdate.getTime().getTime() > at + skewMs) {
    return fail('CRL_INVALID', 'thisUpdate in the future');
  }
  const nextUpdate = crl.tbsCertList.nextUpdate?.getTime().getTime();
  if (nextUpdate === undefined) return fail('CRL_STALE', 'no nextUpdate');
  if (nextUpdate < at - skewMs) return fail('CRL_STALE', `nextUpdate ${new Date(nextUpdate).toISOString()}`);
  const serial = normaliseSerial(leaf.serialNumber);
  for (const entry of crl.tbsCertList.revokedCertificates ?? []) {
    const entryCritical = unknownCritical(entry.crlEntryExtensions, KNOWN_CRL_ENTRY_EXTENSIONS);
    if (entryCritical) return fail('CRL_INVALID', `unsupported critical entry extension ${entryCritical}`);
    if (normaliseSerial(Buffer.from(entry.userCertificate).toString('hex')) === serial) {
      return fail('CERT_REVOKED', `serial ${leaf.serialNumber}, CRL`);
    }
  }
  return OK;
}

function createCrlCheck(options: CrlOptions, now: () => Date, skewMs: number): RevocationCheck {
  const given = (options.ders ?? []).map((der) => parseCrl(der));
  const fetched = new BoundedCache<ParsedCrl>();
  const timeoutMs = options.timeoutMs ?? DEFAULT_REVOCATION_TIMEOUT_MS;

  /** The CRLs at the certificate's distribution points; only CRLs that passed are cached. */
  async function fetchCrls(
    leaf: NodeCertificate,
  ): Promise<{ url: string; crl: ParsedCrl }[] | VerifyFailure> {
    const urls = crlDistributionUrls(leaf);
    if (urls.length === 0) return fail('CRL_MISSING', 'no CRL distribution point in the certificate');
    const out: { url: string; crl: ParsedCrl }[] = [];
    let lastFailure: VerifyFailure | null = null;
    for (const url of urls) {
      const cached = fetched.get(url, now().getTime());
      if (cached) {
        out.push({ url, crl: cached });
        continue;
      }
      const got = await fetchBytes(url, { method: 'GET' }, timeoutMs);
      if (!got.ok) {
        lastFailure = fail('CRL_UNREACHABLE', got.detail);
        continue;
      }
      const parsed = parseCrl(got.bytes);
      if (!parsed) return fail('CRL_INVALID', 'unparsable CRL');
      out.push({ url, crl: parsed });
    }
    return out.length > 0 ? out : (lastFailure ?? fail('CRL_MISSING'));
  }

  return async (leaf, issuer) => {
    // A CRL handed in that does not parse is a configuration fault: say so on every attempt.
    if (given.some((p) => p === null)) return fail('CRL_INVALID', 'a configured CRL is unparsable');
    const keys = issuerKeys(issuer);
    const candidates: { url?: string; crl: ParsedCrl }[] = (given as ParsedCrl[])
      .filter((p) => derOf(p.crl.tbsCertList.issuer).equals(keys.nameDer))
      .map((crl) => ({ crl }));
    if (candidates.length === 0 && options.fetch === true) {
      const got = await fetchCrls(leaf);
      if (!Array.isArray(got)) return got;
      // A distribution point serving another issuer's CRL is judged (and refused) like any other.
      candidates.push(...got);
    }
    if (candidates.length === 0) return fail('CRL_MISSING', 'no CRL of this issuer');
    // Every CRL must pass: one forged or stale CRL is never outvoted by a good one.
    for (const candidate of candidates) {
      const outcome = judgeCrl(candidate.crl, leaf, issuer, keys, now(), skewMs);
      if (!outcome.ok) return outcome;
    }
    for (const { url, crl } of candidates) {
      if (url) fetched.set(url, crl, crl.crl.tbsCertList.nextUpdate?.getTime().getTime() ?? 0);
    }
    return OK;
  };
}

// ---------------------------------------------------------------- policy

/** Throws on a configuration that would check nothing: revocation is never off by accident. */
export function createRevocationCheck(
  options: RevocationOptions | undefined,
  now: () => Date,
): RevocationCheck | null {
  if (options === undefined) {
    throw new Error(
      "createVerifier: `revocation` is required (e.g. `{}` for OCSP at the card's responder); to skip the check say `{ mode: 'off-i-accept-the-risk' }`.",
    );
  }
  if (options.mode === 'off-i-accept-the-risk') return null;
  const skewMs = options.clockSkewMs ?? DEFAULT_REVOCATION_SKEW_MS;
  const checks: RevocationCheck[] = [];
  // CRLs first: handed-in ones answer without the network.
  if (options.crl) checks.push(createCrlCheck(options.crl, now, skewMs));
  if (options.ocsp !== false) checks.push(createOcspCheck(options.ocsp ?? {}, now, skewMs));
  if (checks.length === 0) {
    throw new Error(
      'createVerifier: `revocation` turns OCSP off and gives no `crl`: nothing would be checked.',
    );
  }
  return async (leaf, issuer) => {
    for (const check of checks) {
      const outcome = await check(leaf, issuer);
      if (!outcome.ok) return outcome;
    }
    return OK;
  };
}
