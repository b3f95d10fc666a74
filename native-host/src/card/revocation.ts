// Is the card's authentication certificate revoked? Asks the OCSP responder the certificate names
// (RFC 6960), then falls back to its CRL (RFC 5280), with the issuing CA certificate fetched from the
// certificate's Authority Information Access. Only an answer signed by that issuer (or a responder
// it delegated to), fresh, for this serial counts as 'good' or 'revoked'; anything else is
// 'unknown' with the reason, which diagnostics show as a warning, never as a pass.
import { createHash, randomBytes, verify, X509Certificate } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AuthorityInfoAccessSyntax,
  Certificate,
  CertificateList,
  CRLDistributionPoints,
  Extension,
  id_ad_caIssuers,
  id_ad_ocsp,
  id_ce_cRLDistributionPoints,
  id_pe_authorityInfoAccess,
} from '@peculiar/asn1-x509';
import {
  BasicOCSPResponse,
  CertID,
  id_kp_OCSPSigning,
  id_pkix_ocsp_basic,
  id_pkix_ocsp_nonce,
  OCSPRequest,
  OCSPResponse,
  OCSPResponseStatus,
  Request,
  TBSRequest,
} from '@peculiar/asn1-ocsp';
import type { RevocationResult } from '../../../shared/protocol/host.js';

export const REVOCATION_LIMITS = Object.freeze({
  /** Per HTTP request; a revocation check must never hold up the diagnostics for long. */
  timeoutMs: 4_000,
  /** Responses larger than this are refused (a CRL of a large CA is well below). */
  maxBytes: 4 * 1024 * 1024,
  /** Clock skew forgiven between responder and workstation. */
  skewMs: 5 * 60 * 1000,
});

const OID = { sha1: '1.3.14.3.2.26' } as const;
const SIGNATURE_HASH: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};
const CONTENT_TYPES = {
  ocspRequest: 'application/ocsp-request',
  ocspResponse: 'application/ocsp-response',
} as const;

export type Fetcher = (
  url: string,
  init?: { method?: string; body?: Uint8Array; contentType?: string },
) => Promise<Uint8Array>;

/** HTTP(S) GET/POST with a deadline and a size limit (Node's fetch). */
export const httpFetch: Fetcher = async (url, init = {}) => {
  if (!/^https?:\/\//i.test(url)) throw new Error(`not an http URL: ${url}`);
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    ...(init.body
      ? { body: Buffer.from(init.body), headers: { 'content-type': init.contentType ?? '' } }
      : {}),
    signal: AbortSignal.timeout(REVOCATION_LIMITS.timeoutMs),
    redirect: 'follow',
  });
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${url}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > REVOCATION_LIMITS.maxBytes) throw new Error(`response too large from ${url}`);
  return bytes;
};

const sha1 = (bytes: ArrayBuffer | Uint8Array) =>
  new Uint8Array(createHash('sha1').update(new Uint8Array(bytes)).digest());
const hex = (bytes: ArrayBuffer | Uint8Array) => Buffer.from(new Uint8Array(bytes)).toString('hex');
/** Serial numbers compare without DER's leading zero byte. */
const serialHex = (bytes: ArrayBuffer | Uint8Array) => hex(bytes).replace(/^(00)+(?=.)/, '');

function extension<T>(cert: Certificate, id: string, type: new () => T): T | undefined {
  const ext = cert.tbsCertificate.extensions?.find((candidate: Extension) => candidate.extnID === id);
  return ext ? AsnConvert.parse(ext.extnValue, type) : undefined;
}

export function revocationUrls(certificateDer: Uint8Array): {
  ocsp: string[];
  caIssuers: string[];
  crl: string[];
} {
  const cert = AsnConvert.parse(certificateDer, Certificate);
  const aia = extension(cert, id_pe_authorityInfoAccess, AuthorityInfoAccessSyntax) ?? [];
  const uris = (method: string) =>
    aia
      .filter((entry) => entry.accessMethod === method)
      .map((entry) => entry.accessLocation.uniformResourceIdentifier)
      .filter((uri): uri is string => typeof uri === 'string');
  const cdp = extension(cert, id_ce_cRLDistributionPoints, CRLDistributionPoints) ?? [];
  const crl = cdp.flatMap((point) =>
    (point.distributionPoint?.fullName ?? [])
      .map((name) => name.uniformResourceIdentifier)
      .filter((uri): uri is string => typeof uri === 'string'),
  );
  return { ocsp: uris(id_ad_ocsp), caIssuers: uris(id_ad_caIssuers), crl };
}

/** A CA certificate as served: DER, or PEM. */
function certificateFrom(bytes: Uint8Array): X509Certificate {
  return new X509Certificate(Buffer.from(bytes));
}

function ocspRequestFor(leaf: Certificate, issuer: Certificate, nonce: Uint8Array): Uint8Array {
  const certId = new CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithm: OID.sha1, parameters: null }),
    issuerNameHash: new OctetString(sha1(AsnConvert.serialize(issuer.tbsCertificate.subject))),
    issuerKeyHash: new OctetString(sha1(issuer.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey)),
    serialNumber: leaf.tbsCertificate.serialNumber,
  });
  const request = new OCSPRequest({
    tbsRequest: new TBSRequest({
      requestList: [new Request({ reqCert: certId })],
      requestExtensions: [
        new Extension({
          extnID: id_pkix_ocsp_nonce,
          extnValue: new OctetString(AsnConvert.serialize(new OctetString(nonce))),
        }),
      ],
    }),
  });
  return new Uint8Array(AsnConvert.serialize(request));
}

/** Keys whose signature an OCSP answer may carry: the issuer's, or a responder it signed for OCSP. */
function ocspSigners(issuer: X509Certificate, basic: BasicOCSPResponse): X509Certificate[] {
  const delegated = (basic.certs ?? [])
    .map((cert) => new X509Certificate(Buffer.from(AsnConvert.serialize(cert))))
    .filter(
      (cert) =>
        cert.checkIssued(issuer) &&
        cert.verify(issuer.publicKey) &&
        (cert.keyUsage ?? []).includes(id_kp_OCSPSigning),
    );
  return [issuer, ...delegated];
}

type Answer = Pick<RevocationResult, 'status' | 'revokedAt'>;

function readOcspAnswer(der: Uint8Array, leaf: Certificate, issuer: X509Certificate, now: Date): Answer {
  const response = AsnConvert.parse(der, OCSPResponse);
  if (response.responseStatus !== OCSPResponseStatus.successful || !response.responseBytes) {
    throw new Error(`OCSP responder status ${response.responseStatus}`);
  }
  if (response.responseBytes.responseType !== id_pkix_ocsp_basic)
    throw new Error('OCSP: not a basic response');
  const basic = AsnConvert.parse(response.responseBytes.response.buffer, BasicOCSPResponse);
  const hash = SIGNATURE_HASH[basic.signatureAlgorithm.algorithm];
  if (!hash) throw new Error(`OCSP: unknown signature algorithm ${basic.signatureAlgorithm.algorithm}`);
  const signed = new Uint8Array(basic.tbsResponseDataRaw ?? AsnConvert.serialize(basic.tbsResponseData));
  const signature = new Uint8Array(basic.signature);
  if (!ocspSigners(issuer, basic).some((signer) => verify(hash, signed, signer.publicKey, signature))) {
    throw new Error('OCSP: answer not signed by the issuer');
  }
  const serial = serialHex(leaf.tbsCertificate.serialNumber);
  const single = basic.tbsResponseData.responses.find(
    (candidate) => serialHex(candidate.certID.serialNumber) === serial,
  );
  if (!single) throw new Error('OCSP: no answer for this certificate');
  const skew = REVOCATION_LIMITS.skewMs;
  if (single.thisUpdate.getTime() > now.getTime() + skew) throw new Error('OCSP: answer from the future');
  if (single.nextUpdate && single.nextUpdate.getTime() < now.getTime() - skew)
    throw new Error('OCSP: answer stale');
  if (single.certStatus.revoked) {
    return { status: 'revoked', revokedAt: single.certStatus.revoked.revocationTime.toISOString() };
  }
  if (single.certStatus.unknown !== undefined || single.certStatus.good === undefined) {
    throw new Error('OCSP: responder does not know this certificate');
  }
  return { status: 'good' };
}

function readCrlAnswer(der: Uint8Array, leaf: Certificate, issuer: X509Certificate, now: Date): Answer {
  const crl = AsnConvert.parse(der, CertificateList);
  const hash = SIGNATURE_HASH[crl.signatureAlgorithm.algorithm];
  if (!hash) throw new Error(`CRL: unknown signature algorithm ${crl.signatureAlgorithm.algorithm}`);
  const signed = new Uint8Array(crl.tbsCertListRaw ?? AsnConvert.serialize(crl.tbsCertList));
  if (!verify(hash, signed, issuer.publicKey, new Uint8Array(crl.signature))) {
    throw new Error('CRL: not signed by the issuer');
  }
  const next = crl.tbsCertList.nextUpdate?.getTime().getTime();
  if (next !== undefined && next < now.getTime() - REVOCATION_LIMITS.skewMs) throw new Error('CRL: stale');
  const serial = serialHex(leaf.tbsCertificate.serialNumber);
  const entry = (crl.tbsCertList.revokedCertificates ?? []).find(
    (candidate) => serialHex(candidate.userCertificate) === serial,
  );
  if (!entry) return { status: 'good' };
  const revokedAt = entry.revocationDate.getTime().getTime();
  return {
    status: 'revoked',
    ...(Number.isFinite(revokedAt) ? { revokedAt: new Date(revokedAt).toISOString() } : {}),
  };
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function checkRevocation(
  certificateDer: Uint8Array,
  options: { fetch?: Fetcher; now?: Date } = {},
): Promise<RevocationResult> {
  const get = options.fetch ?? httpFetch;
  const now = options.now ?? new Date();
  const tried: string[] = [];
  let leaf: Certificate;
  let urls: ReturnType<typeof revocationUrls>;
  try {
    leaf = AsnConvert.parse(certificateDer, Certificate);
    urls = revocationUrls(certificateDer);
  } catch (error) {
    return { status: 'unknown', reason: `certificate unreadable: ${reasonOf(error)}`, tried };
  }
  const leafX509 = new X509Certificate(Buffer.from(certificateDer));
  let issuer: X509Certificate | undefined;
  const problems: string[] = [];
  for (const url of urls.caIssuers) {
    tried.push(url);
    try {
      const candidate = certificateFrom(await get(url));
      if (leafX509.checkIssued(candidate) && leafX509.verify(candidate.publicKey)) {
        issuer = candidate;
        break;
      }
      problems.push(`${url}: not the issuer`);
    } catch (error) {
      problems.push(`${url}: ${reasonOf(error)}`);
    }
  }
  if (!issuer) {
    return {
      status: 'unknown',
      reason: problems.length > 0 ? problems.join('; ') : 'no CA issuer URL in the certificate',
      tried,
    };
  }
  const issuerAsn = AsnConvert.parse(issuer.raw, Certificate);
  for (const url of urls.ocsp) {
    tried.push(url);
    try {
      const body = ocspRequestFor(leaf, issuerAsn, new Uint8Array(randomBytes(16)));
      const answer = readOcspAnswer(
        await get(url, { method: 'POST', body, contentType: CONTENT_TYPES.ocspRequest }),
        leaf,
        issuer,
        now,
      );
      return { ...answer, method: 'ocsp', tried };
    } catch (error) {
      problems.push(`${url}: ${reasonOf(error)}`);
    }
  }
  for (const url of urls.crl) {
    tried.push(url);
    try {
      return { ...readCrlAnswer(await get(url), leaf, issuer, now), method: 'crl', tried };
    } catch (error) {
      problems.push(`${url}: ${reasonOf(error)}`);
    }
  }
  return {
    status: 'unknown',
    reason: problems.length > 0 ? problems.join('; ') : 'no OCSP or CRL URL in the certificate',
    tried,
  };
}
