// The host's revocation check (native-host/src/card/revocation.ts) against the sandbox's real OCSP
// responder and CRL (sandbox/pki, served by the portal): good, revoked, the CRL when OCSP fails,
// and 'unknown' (never 'good') when neither answers or an answer is not signed by the issuer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRevocation, httpFetch } from '../../../native-host/src/card/revocation.js';
import type { Fetcher } from '../../../node-shared/revocation.js';
import { createRevocationService, loadOrCreatePki, type SandboxPki } from '../../../sandbox/pki/index.js';
import { startPortal, type RunningPortal } from '../../../sandbox/portal/index.js';
import { SANDBOX_ORIGINS } from '../../../shared/origins.js';

const PKI_TIMEOUT_MS = 120_000;
let work: string;
let pki: SandboxPki;
let portal: RunningPortal;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'zorgid-revocation-check-'));
  pki = await loadOrCreatePki(join(work, 'pki'));
  portal = await startPortal({
    environment: 'acceptatie',
    port: 0,
    dataDir: join(work, 'portal'),
    trustedCaPems: [pki.chainPem()],
    revocationService: createRevocationService(pki),
  });
}, PKI_TIMEOUT_MS);

afterAll(async () => {
  await portal?.close();
  rmSync(work, { recursive: true, force: true });
});

/** The certificates name the sandbox's fixed address; this portal runs on a free port instead. */
const toPortal =
  (refuse: RegExp = /$^/): Fetcher =>
  (url, init) => {
    if (refuse.test(url)) return Promise.reject(new Error(`refused ${url}`));
    return httpFetch(url.replace(SANDBOX_ORIGINS.acceptatie, portal.url), init);
  };

const der = (profile: Parameters<SandboxPki['card']>[0]) =>
  new Uint8Array(pki.card(profile).authentication.certificateDer);

describe('revocation of the card certificate', () => {
  it('good by OCSP for the zorgverlener card', async () => {
    const result = await checkRevocation(der('zorgverlener'), { fetch: toPortal() });
    expect(result).toMatchObject({ status: 'good', method: 'ocsp' });
    expect(result.tried?.some((url) => url.endsWith('/pki/ocsp'))).toBe(true);
  });

  it('revoked by OCSP for the ingetrokken card, with the revocation time', async () => {
    const result = await checkRevocation(der('ingetrokken'), { fetch: toPortal() });
    expect(result).toMatchObject({ status: 'revoked', method: 'ocsp' });
    expect(Date.parse(result.revokedAt ?? '')).toBeLessThan(Date.now());
  });

  it('falls back to the CRL when the OCSP responder does not answer', async () => {
    const revoked = await checkRevocation(der('ingetrokken'), { fetch: toPortal(/\/pki\/ocsp/) });
    expect(revoked).toMatchObject({ status: 'revoked', method: 'crl' });
    const good = await checkRevocation(der('zorgverlener'), { fetch: toPortal(/\/pki\/ocsp/) });
    expect(good).toMatchObject({ status: 'good', method: 'crl' });
  });

  it('unknown, with the reason, when neither OCSP nor CRL answers', async () => {
    const result = await checkRevocation(der('ingetrokken'), { fetch: toPortal(/\/pki\/(ocsp|crl)/) });
    expect(result.status).toBe('unknown');
    expect(result.reason).toMatch(/refused .*ocsp.*refused .*crl/s);
  });

  it('unknown when the CA certificate served is not the issuer (a CRL signed by another key says nothing)', async () => {
    const wrongIssuer: Fetcher = (url, init) =>
      toPortal()(url.replace('/pki/ca/zorgverlener.crt', '/pki/ca/medewerker-op-naam.crt'), init);
    const result = await checkRevocation(der('ingetrokken'), { fetch: wrongIssuer });
    expect(result.status).toBe('unknown');
  });
});
