// The running sandbox (started by scripts/with-sandbox.ts) serves revocation data at exactly the URLs
// its card certificates name: openssl follows the certificate's own AIA and CDP URLs.
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxPki } from '../../../sandbox/card/pki-profiles.js';
import type { CardProfileName, SandboxPki } from '../../../sandbox/pki/index.js';
import { SANDBOX_ORIGINS } from '../../../shared/origins.js';

const execFileAsync = promisify(execFile);
let pki: SandboxPki;
let work: string;

beforeAll(async () => {
  pki = await sandboxPki();
  work = mkdtempSync(join(tmpdir(), 'zorgid-revocation-urls-'));
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

function ocspUrlOf(profile: CardProfileName): string {
  const cert = new X509Certificate(pki.card(profile).authentication.certificatePem);
  const ocsp = /OCSP - URI:(\S+)/.exec(cert.infoAccess ?? '')?.[1];
  expect(ocsp).toBeDefined();
  return ocsp!;
}

describe.each(Object.values(SANDBOX_ORIGINS))('sandbox portal %s', (origin) => {
  it.each([
    ['zorgverlener', 'good'],
    ['ingetrokken', 'revoked'],
  ] as const)('OCSP: openssl hears %s is %s', async (profile, status) => {
    const card = pki.card(profile).authentication;
    const url = origin + new URL(ocspUrlOf(profile)).pathname;
    const { stdout, stderr } = await execFileAsync('openssl', [
      'ocsp',
      ...['-issuer', pki.cas.zorgverlener.certificatePath, '-cert', card.certificatePath],
      ...['-url', url, '-CAfile', pki.paths.chain],
    ]);
    expect(stdout + stderr).toContain('Response verify OK');
    expect(stdout).toContain(`${card.certificatePath}: ${status}`);
  });
});

describe('the URLs in the certificates themselves', () => {
  it('the AIA OCSP URL is the acceptatie instance', () => {
    expect(ocspUrlOf('zorgverlener')).toBe(`${SANDBOX_ORIGINS.acceptatie}/pki/ocsp`);
  });

  it('the CRL distribution point serves a CRL that revokes the ingetrokken card', async () => {
    const { stdout: text } = await execFileAsync('openssl', [
      'x509',
      ...[
        '-in',
        pki.card('ingetrokken').authentication.certificatePath,
        '-noout',
        '-ext',
        'crlDistributionPoints',
      ],
    ]);
    const crlUrl = /URI:(\S+)/.exec(text)?.[1];
    expect(crlUrl).toBe(`${SANDBOX_ORIGINS.acceptatie}/pki/crl/zorgverlener.crl`);
    const response = await fetch(crlUrl!);
    expect(response.headers.get('content-type')).toBe('application/pkix-crl');
    const crlFile = join(work, 'zorgverlener.crl');
    writeFileSync(crlFile, Buffer.from(await response.arrayBuffer()));
    const pem = join(work, 'crl.pem');
    await execFileAsync('openssl', ['crl', '-inform', 'DER', '-in', crlFile, '-out', pem]);
    // openssl verify with the CRL fetched from the CDP: revoked for ingetrokken, OK for zorgverlener.
    const verify = (profile: CardProfileName) =>
      execFileAsync('openssl', [
        'verify',
        ...['-CAfile', pki.paths.chain, '-crl_check', '-CRLfile', pem],
        pki.card(profile).authentication.certificatePath,
      ]).then(
        (r) => r.stdout + r.stderr,
        (e: { stdout?: string; stderr?: string }) => (e.stdout ?? '') + (e.stderr ?? ''),
      );
    expect(await verify('zorgverlener')).toContain(': OK');
    expect(await verify('ingetrokken')).toContain('certificate revoked');
  });
});
