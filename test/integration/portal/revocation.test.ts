// The sandbox's revocation services over HTTP (/pki/ on the portal), checked with the real openssl
// binary and with the OCSP client the portal's verifier uses.
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CARD_CERTIFICATE_ROLES,
  createOcspChecker,
  createRevocationService,
  OCSP_PATH,
  loadOrCreatePki,
  ocspUrlOf,
  type SandboxPki,
} from '../../../sandbox/pki/index.js';
import { startPortal, type RunningPortal } from '../../../sandbox/portal/index.js';
import { buildOcspRequest, certId, readOcspResponse } from '../../../sandbox/pki/ocsp-client.js';

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
    expect(ocspUrlOf(new Uint8Array(cert.raw))).toBe('http://127.0.0.1:4410/pki/ocsp');
  });
});

describe('OCSP client (the verifier checkOcsp hook) against the responder', () => {
  it('reads good, revoked, and unknown for a certificate its responder cannot vouch for', async () => {
    const check = createOcspChecker({ responderUrl: `${portal.url}/pki/ocsp` });
    const der = (p: 'zorgverlener' | 'ingetrokken' | 'medewerker') =>
      new Uint8Array(pki.card(p).authentication.certificateDer);
    const issuer = (ca: 'zorgverlener' | 'medewerker-op-naam') => new Uint8Array(pki.cas[ca].certificateDer);
    expect(await check(der('zorgverlener'), issuer('zorgverlener'))).toBe('good');
    expect(await check(der('ingetrokken'), issuer('zorgverlener'))).toBe('revoked');
    expect(await check(der('medewerker'), issuer('medewerker-op-naam'))).toBe('good');
    // Under the wrong issuer the serial is not one that CA issued: unknown, not good.
    expect(await check(der('ingetrokken'), issuer('medewerker-op-naam'))).toBe('unknown');
  });

  it('refuses a genuine response checked against another issuer (signature) or another nonce', async () => {
    const issuerDer = new Uint8Array(pki.cas.zorgverlener.certificateDer);
    const id = certId(new Uint8Array(pki.card('ingetrokken').authentication.certificateDer), issuerDer);
    const nonce = new Uint8Array(16).fill(7);
    const response = await fetch(`${portal.url}${OCSP_PATH}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/ocsp-request' },
      body: Buffer.from(buildOcspRequest(id, nonce)),
    });
    const der = new Uint8Array(await response.arrayBuffer());
    expect(readOcspResponse(der, id, issuerDer, nonce, new Date())).toBe('revoked');
    const otherCa = new Uint8Array(pki.cas['medewerker-op-naam'].certificateDer);
    expect(() => readOcspResponse(der, id, otherCa, nonce, new Date())).toThrow(/signature/);
    expect(() => readOcspResponse(der, id, issuerDer, new Uint8Array(16), new Date())).toThrow(/nonce/);
    const inTwoDays = new Date(Date.now() + 2 * 24 * 60 * 60 * 1000);
    expect(() => readOcspResponse(der, id, issuerDer, nonce, inTwoDays)).toThrow(/stale/);
  });

  it('believes nothing from a responder that is not there', async () => {
    const check = createOcspChecker({ responderUrl: 'http://127.0.0.1:9/pki/ocsp', timeoutMs: 1_000 });
    const card = pki.card('ingetrokken').authentication.certificateDer;
    expect(await check(new Uint8Array(card), new Uint8Array(pki.cas.zorgverlener.certificateDer))).toBe(
      'unknown',
    );
  });
});
