// The sandbox's revocation services over HTTP (/pki/ on the portal), checked with the real openssl
// binary and with the verifier's own revocation check (forged, replayed and untrusted answers are
// attacked in test/integration/verifier/ocsp-attacks.test.ts).
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CARD_CERTIFICATE_ROLES,
  createRevocationService,
  loadOrCreatePki,
  type SandboxPki,
} from '../../../sandbox/pki/index.js';
import { startPortal, type RunningPortal } from '../../../sandbox/portal/index.js';
import { createRevocationCheck, ocspUrlOf } from '../../../verifier/revocation.js';

const execFileAsync = promisify(execFile);
const PKI_TIMEOUT_MS = 120_000;

let work: string;
let pki: SandboxPki;
let portal: RunningPortal;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'zorgid-revocation-'));
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

async function run(file: string, args: string[]): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(file, args);
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: (e.stdout ?? '') + (e.stderr ?? '') + e.message };
  }
}

function opensslOcsp(certificatePath: string) {
  return run('openssl', [
    'ocsp',
    ...['-issuer', pki.cas.zorgverlener.certificatePath, '-cert', certificatePath],
    ...['-url', `${portal.url}/pki/ocsp`, '-CAfile', pki.paths.chain],
  ]);
}

describe('OCSP responder at /pki/ocsp, asked by openssl ocsp', () => {
  it('says good for the zorgverlener card, with a response that verifies', async () => {
    const path = pki.card('zorgverlener').authentication.certificatePath;
    const result = await opensslOcsp(path);
    expect(result.ok, result.output).toBe(true);
    expect(result.output).toContain('Response verify OK');
    expect(result.output).toContain(`${path}: good`);
  }, 30_000);

  it('says revoked for every certificate of the ingetrokken card', async () => {
    for (const role of CARD_CERTIFICATE_ROLES) {
      const path = pki.card('ingetrokken')[role].certificatePath;
      const result = await opensslOcsp(path);
      expect(result.ok, result.output).toBe(true);
      expect(result.output).toContain('Response verify OK');
      expect(result.output).toContain(`${path}: revoked`);
    }
  }, 30_000);

  it('answers the RFC 6960 GET form as well', async () => {
    const requestFile = join(work, 'req.der');
    await execFileAsync('openssl', [
      'ocsp',
      ...['-issuer', pki.cas.zorgverlener.certificatePath],
      ...['-cert', pki.card('ingetrokken').authentication.certificatePath, '-reqout', requestFile],
    ]);
    const encoded = encodeURIComponent(readFileSync(requestFile).toString('base64'));
    const response = await fetch(`${portal.url}/pki/ocsp/${encoded}`);
    expect(response.headers.get('content-type')).toBe('application/ocsp-response');
    const responseFile = join(work, 'resp-get.der');
    writeFileSync(responseFile, Buffer.from(await response.arrayBuffer()));
    const text = await run('openssl', ['ocsp', '-respin', responseFile, '-resp_text', '-noverify']);
    expect(text.output).toContain('Cert Status: revoked');
  }, 30_000);
});

describe('CRL and CA certificates over HTTP', () => {
  it('serves each issuing CA CRL as DER listing exactly the revoked serials', async () => {
    const response = await fetch(`${portal.url}/pki/crl/zorgverlener.crl`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pkix-crl');
    const crlFile = join(work, 'zorgverlener.crl');
    writeFileSync(crlFile, Buffer.from(await response.arrayBuffer()));
    const text = await run('openssl', [
      'crl',
      ...['-inform', 'DER', '-in', crlFile, '-text', '-noout', '-CAfile', pki.paths.chain],
    ]);
    expect(text.ok, text.output).toBe(true);
    expect(text.output).toContain('verify OK');
    const listed = [...text.output.matchAll(/Serial Number: ([0-9A-F]+)/g)].map((m) => m[1]?.toLowerCase());
    const revoked = CARD_CERTIFICATE_ROLES.map((r) => pki.card('ingetrokken')[r].serialNumberHex);
    expect(listed.sort()).toEqual([...revoked].sort());
    expect(listed).not.toContain(pki.card('zorgverlener').authentication.serialNumberHex);
  });

  it('serves the CA certificates as DER and 404 for anything else', async () => {
    const response = await fetch(`${portal.url}/pki/ca/zorgverlener.crt`);
    expect(response.headers.get('content-type')).toBe('application/pkix-cert');
    expect(Buffer.from(await response.arrayBuffer()).equals(pki.cas.zorgverlener.certificateDer)).toBe(true);
    for (const path of ['/pki/crl/root.crl', '/pki/ca/nope.crt', '/pki/crl/../pki.crl', '/pki/ocsp']) {
      expect((await fetch(`${portal.url}${path}`)).status, path).toBe(404);
    }
  });
});

describe('the sandbox card certificates point at these services', () => {
  it('name the CRL, OCSP and CA issuer URLs on 127.0.0.1:4410', () => {
    const cert = new X509Certificate(pki.card('zorgverlener').signature.certificatePem);
    expect(cert.infoAccess).toContain('OCSP - URI:http://127.0.0.1:4410/pki/ocsp');
    expect(cert.infoAccess).toContain('CA Issuers - URI:http://127.0.0.1:4410/pki/ca/zorgverlener.crt');
    expect(ocspUrlOf(cert)).toBe('http://127.0.0.1:4410/pki/ocsp');
  });
});

describe('the verifier’s revocation check (shared with the host) against the responder', () => {
  const node = (der: Buffer | Uint8Array) => new X509Certificate(Buffer.from(der));
  const card = (p: 'zorgverlener' | 'ingetrokken' | 'medewerker') =>
    node(pki.card(p).authentication.certificateDer);
  const ca = (name: 'zorgverlener' | 'medewerker-op-naam') => node(pki.cas[name].certificateDer);
  const ocspAt = (responderUrl: string, now = () => new Date(), timeoutMs?: number) => {
    const check = createRevocationCheck(
      { ocsp: { responderUrl, ...(timeoutMs === undefined ? {} : { timeoutMs }) } },
      now,
    );
    if (!check) throw new Error('revocation check is off');
    return check;
  };

  it('reads good and revoked, and nothing good for a certificate its responder cannot vouch for', async () => {
    const check = ocspAt(`${portal.url}/pki/ocsp`);
    expect(await check(card('zorgverlener'), ca('zorgverlener'))).toEqual({ ok: true });
    expect(await check(card('ingetrokken'), ca('zorgverlener'))).toMatchObject({
      ok: false,
      code: 'CERT_REVOKED',
    });
    expect(await check(card('medewerker'), ca('medewerker-op-naam'))).toEqual({ ok: true });
    // Under the wrong issuer the serial is not one that CA issued: never good.
    expect((await check(card('ingetrokken'), ca('medewerker-op-naam'))).ok).toBe(false);
  });

  it('refuses a genuine answer once the clock is past its nextUpdate (stale)', async () => {
    const inTwoDays = () => new Date(Date.now() + 2 * 24 * 60 * 60 * 1000);
    const check = ocspAt(`${portal.url}/pki/ocsp`, inTwoDays);
    expect(await check(card('zorgverlener'), ca('zorgverlener'))).toMatchObject({
      ok: false,
      code: 'OCSP_RESPONSE_STALE',
    });
  });

  it('believes nothing from a responder that is not there', async () => {
    const check = ocspAt('http://127.0.0.1:9/pki/ocsp', () => new Date(), 1_000);
    expect(await check(card('ingetrokken'), ca('zorgverlener'))).toMatchObject({
      ok: false,
      code: 'OCSP_UNREACHABLE',
    });
  });
});
