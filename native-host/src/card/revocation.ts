// Is the card's authentication certificate revoked? Asks the OCSP responder the certificate names
// (RFC 6960), then falls back to its CRL (RFC 5280), with the issuing CA certificate fetched from the
// certificate's Authority Information Access. Only an answer signed by that issuer (or a responder
// it delegated to), fresh, for this serial counts as 'good' or 'revoked'; anything else is
// 'unknown' with the reason, which diagnostics show as a warning, never as a pass.
// The protocol rules are node-shared/revocation.ts (shared with the verifier); this is the host's
// policy: where the issuer comes from, the order of the methods, and the diagnostics answer.
import { X509Certificate } from 'node:crypto';
import type { RevocationResult } from '../../../shared/protocol/host.js';
import {
  REVOCATION_MAX_BYTES,
  REVOCATION_SKEW_MS,
  askOcsp,
  fetchFailureDetail,
  httpFetcher,
  judgeCrl,
  parseCrl,
  revocationIssuer,
  revocationUrls,
  type CrlVerdict,
  type Fetcher,
} from '../../../node-shared/revocation.js';

export const REVOCATION_LIMITS = Object.freeze({
  /** Per HTTP request; a revocation check must never hold up the diagnostics for long. */
  timeoutMs: 4_000,
  /** Responses larger than this are refused (a CRL of a large CA is well below). */
  maxBytes: REVOCATION_MAX_BYTES,
  /** Clock skew forgiven between responder and workstation. */
  skewMs: REVOCATION_SKEW_MS,
});

/** HTTP(S) GET/POST with the host's deadline and the shared size limit; redirects refused. */
export const httpFetch: Fetcher = httpFetcher(REVOCATION_LIMITS.timeoutMs);

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function checkRevocation(
  certificateDer: Uint8Array,
  options: { fetch?: Fetcher; now?: Date } = {},
): Promise<RevocationResult> {
  const get = options.fetch ?? httpFetch;
  const now = options.now ?? new Date();
  const tried: string[] = [];
  let leaf: X509Certificate;
  let urls: ReturnType<typeof revocationUrls>;
  try {
    leaf = new X509Certificate(Buffer.from(certificateDer));
    urls = revocationUrls(certificateDer);
  } catch (error) {
    return { status: 'unknown', reason: `certificate unreadable: ${reasonOf(error)}`, tried };
  }
  let issuer: X509Certificate | undefined;
  const problems: string[] = [];
  for (const url of urls.caIssuers) {
    tried.push(url);
    try {
      // A CA certificate as served: DER, or PEM (node:crypto reads both).
      const candidate = new X509Certificate(Buffer.from(await get(url)));
      if (leaf.checkIssued(candidate) && leaf.verify(candidate.publicKey)) {
        issuer = candidate;
        break;
      }
      problems.push(`${url}: not the issuer`);
    } catch (error) {
      problems.push(`${url}: ${fetchFailureDetail(error)}`);
    }
  }
  if (!issuer) {
    return {
      status: 'unknown',
      reason: problems.length > 0 ? problems.join('; ') : 'no CA issuer URL in the certificate',
      tried,
    };
  }
  const keys = revocationIssuer(issuer);
  for (const url of urls.ocsp) {
    tried.push(url);
    const verdict = await askOcsp(url, certificateDer, keys, { fetch: get, now: () => now });
    if (verdict.kind === 'good') return { status: 'good', method: 'ocsp', tried };
    if (verdict.kind === 'revoked') {
      return { status: 'revoked', revokedAt: verdict.revokedAt, method: 'ocsp', tried };
    }
    problems.push(
      `${url}: OCSP ${verdict.kind === 'unknown' ? 'responder does not know this certificate' : verdict.detail}`,
    );
  }
  for (const url of urls.crl) {
    tried.push(url);
    let bytes: Uint8Array;
    try {
      bytes = await get(url);
    } catch (error) {
      problems.push(`${url}: ${fetchFailureDetail(error)}`);
      continue;
    }
    const crl = parseCrl(bytes);
    const verdict: CrlVerdict = crl
      ? judgeCrl(crl, certificateDer, keys, now)
      : { kind: 'invalid', detail: 'unparsable' };
    if (verdict.kind === 'good') return { status: 'good', method: 'crl', tried };
    if (verdict.kind === 'revoked') {
      return {
        status: 'revoked',
        ...(verdict.revokedAt ? { revokedAt: verdict.revokedAt } : {}),
        method: 'crl',
        tried,
      };
    }
    problems.push(`${url}: CRL ${verdict.detail}`);
  }
  return {
    status: 'unknown',
    reason: problems.length > 0 ? problems.join('; ') : 'no OCSP or CRL URL in the certificate',
    tried,
  };
}
