// Revocation, fail closed (modelled on Web eID's OcspCertificateRevocationChecker): every configured
// method must say "good"; an unreachable responder, an untrusted or stale answer, `unknown`, a missing,
// foreign, unparsable or stale CRL each reject with their own code. Good answers are cached for their
// validity (OCSP nextUpdate, CRL nextUpdate), so a busy back end asks once per card per period.
// The protocol rules (request, response and CRL judgement, URLs, fetching) live in
// node-shared/revocation.ts, shared with the host; this file is the verifier's policy on top.

import type { X509Certificate as NodeCertificate } from 'node:crypto';
import type { CertificateList } from '@peculiar/asn1-x509';
import {
  askOcsp,
  crlNamesIssuer,
  crlNextUpdate,
  fetchFailureDetail,
  httpFetcher,
  judgeCrl,
  parseCrl,
  revocationIssuer,
  revocationUrls,
  type CrlVerdict,
  type OcspVerdict,
  type RevocationIssuer,
} from '../node-shared/revocation.js';
import { normaliseSerial } from './asn1.js';
import {
  DEFAULT_REVOCATION_SKEW_MS,
  DEFAULT_REVOCATION_TIMEOUT_MS,
  fail,
  type CrlOptions,
  type OcspOptions,
  type RevocationOptions,
  type VerifyFailure,
} from './types.js';

type Outcome = { ok: true } | VerifyFailure;
const OK: Outcome = { ok: true };

/** Bound on cached answers (one per certificate / CRL URL): old ones go first. */
const MAX_CACHE_ENTRIES = 50_000;

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

const leafDerOf = (leaf: NodeCertificate) => new Uint8Array(leaf.raw);

// ---------------------------------------------------------------- OCSP

export function ocspUrlOf(leaf: NodeCertificate): string | undefined {
  return revocationUrls(leafDerOf(leaf)).ocsp[0];
}

function ocspOutcome(verdict: OcspVerdict | { kind: 'unreachable'; detail: string }): Outcome {
  switch (verdict.kind) {
    case 'good':
      return OK;
    case 'revoked':
      return fail('CERT_REVOKED', 'OCSP');
    case 'unknown':
      return fail('REVOCATION_UNKNOWN', 'OCSP status unknown');
    case 'unreachable':
      return fail('OCSP_UNREACHABLE', verdict.detail);
    case 'invalid':
      return fail('OCSP_RESPONSE_INVALID', verdict.detail);
    case 'untrusted':
      return fail('OCSP_RESPONDER_UNTRUSTED', verdict.detail);
    case 'nonce-mismatch':
      return fail('OCSP_NONCE_MISMATCH', verdict.detail);
    case 'stale':
      return fail('OCSP_RESPONSE_STALE', verdict.detail);
  }
}

function createOcspCheck(options: OcspOptions, now: () => Date, skewMs: number): RevocationCheck {
  const cache = new BoundedCache<Outcome>();
  const fetch = httpFetcher(options.timeoutMs ?? DEFAULT_REVOCATION_TIMEOUT_MS);
  return async (leaf, issuer) => {
    const key = `${issuer.fingerprint256}|${normaliseSerial(leaf.serialNumber)}`;
    const cached = cache.get(key, now().getTime());
    if (cached) return cached;
    const url = options.responderUrl ?? ocspUrlOf(leaf);
    if (!url) return fail('OCSP_NO_RESPONDER', 'no OCSP URL in the certificate');
    const verdict = await askOcsp(url, leafDerOf(leaf), revocationIssuer(issuer), {
      fetch,
      now,
      skewMs,
      ...(options.requireNonce === undefined ? {} : { requireNonce: options.requireNonce }),
    });
    const outcome = ocspOutcome(verdict);
    if ((verdict.kind === 'good' || verdict.kind === 'revoked') && verdict.until > 0) {
      cache.set(key, outcome, verdict.until);
    }
    return outcome;
  };
}

// ---------------------------------------------------------------- CRL

function crlOutcome(verdict: CrlVerdict, leaf: NodeCertificate): Outcome {
  switch (verdict.kind) {
    case 'good':
      return OK;
    case 'revoked':
      return fail('CERT_REVOKED', `serial ${leaf.serialNumber}, CRL`);
    case 'invalid':
      return fail('CRL_INVALID', verdict.detail);
    case 'stale':
      return fail('CRL_STALE', verdict.detail);
  }
}

function createCrlCheck(options: CrlOptions, now: () => Date, skewMs: number): RevocationCheck {
  const given = (options.ders ?? []).map((der) => parseCrl(der));
  const fetched = new BoundedCache<CertificateList>();
  const fetch = httpFetcher(options.timeoutMs ?? DEFAULT_REVOCATION_TIMEOUT_MS);

  /** The CRLs at the certificate's distribution points; only CRLs that passed are cached. */
  async function fetchCrls(
    leaf: NodeCertificate,
  ): Promise<{ url: string; crl: CertificateList }[] | VerifyFailure> {
    const urls = revocationUrls(leafDerOf(leaf)).crl;
    if (urls.length === 0) return fail('CRL_MISSING', 'no CRL distribution point in the certificate');
    const out: { url: string; crl: CertificateList }[] = [];
    let lastFailure: VerifyFailure | null = null;
    for (const url of urls) {
      const cached = fetched.get(url, now().getTime());
      if (cached) {
        out.push({ url, crl: cached });
        continue;
      }
      let bytes: Uint8Array;
      try {
        bytes = await fetch(url, { method: 'GET' });
      } catch (error) {
        lastFailure = fail('CRL_UNREACHABLE', fetchFailureDetail(error));
        continue;
      }
      const parsed = parseCrl(bytes);
      if (!parsed) return fail('CRL_INVALID', 'unparsable CRL');
      out.push({ url, crl: parsed });
    }
    return out.length > 0 ? out : (lastFailure ?? fail('CRL_MISSING'));
  }

  return async (leaf, issuer) => {
    // A CRL handed in that does not parse is a configuration fault: say so on every attempt.
    if (given.some((p) => p === null)) return fail('CRL_INVALID', 'a configured CRL is unparsable');
    const keys: RevocationIssuer = revocationIssuer(issuer);
    const candidates: { url?: string; crl: CertificateList }[] = (given as CertificateList[])
      .filter((crl) => crlNamesIssuer(crl, keys))
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
      const outcome = crlOutcome(judgeCrl(candidate.crl, leafDerOf(leaf), keys, now(), skewMs), leaf);
      if (!outcome.ok) return outcome;
    }
    for (const { url, crl } of candidates) {
      if (url) fetched.set(url, crl, crlNextUpdate(crl));
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
