import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { INSPECT_CERT_EXIT, inspectCert } from '../../../cli/inspect-cert.js';
import { createCustomCertificate, uziOtherName } from '../../../sandbox/pki/index.js';
import { parseUziCertificate, pemToDer, UziParseError } from '../../../shared/uzi/index.js';
import { fixturePath, readFixture } from './fixtures.js';

const AUTH = 'card-zorgverlener-jan/authenticatie.pem';

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await inspectCert(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

const scratch = mkdtempSync(join(tmpdir(), 'inspect-cert-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('inspect-cert', () => {
  it('prints exactly one JSON object with the identity for --json', async () => {
    const { code, stdout, stderr } = await run([fixturePath(AUTH), '--json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const parsed = JSON.parse(stdout) as Record<string, unknown>;
    expect(parsed).toMatchObject({
      uziNumber: '900016528',
      cardType: 'Z',
      ura: '90000382',
      roleCode: '01.000',
      roleName: 'Arts',
      agb: '00000000',
      oidCa: '2.16.528.1.1007.99.217',
      organisationName: 'Tést Zorginstelling 03',
      givenName: 'Jan',
      surname: 'test-90014548',
      commonName: 'Jan test-90014548',
      notBefore: '2017-07-13T11:39:08.000Z',
      notAfter: '2020-07-12T11:39:08.000Z',
      issuer: 'TEST UZI-register Zorgverlener CA G3',
      keyUsage: ['digitalSignature'],
    });
  });

  it('prints a bilingual summary by default, marking the expired card', async () => {
    const { code, stdout } = await run([fixturePath(AUTH)]);
    expect(code).toBe(0);
    expect(stdout).toContain('UZI-nummer / UZI number');
    expect(stdout).toContain('900016528');
    expect(stdout).toContain('Tést Zorginstelling 03');
    expect(stdout).toContain('01.000 Arts');
    expect(stdout).toContain('VERLOPEN / EXPIRED');
  });

  it('reads DER files too', async () => {
    const file = join(scratch, 'auth.cer');
    writeFileSync(file, pemToDer(readFixture(AUTH)));
    const { code, stdout } = await run([file, '--json']);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { uziNumber: string }).uziNumber).toBe('900016528');
  });

  it('says "not a UZI certificate" for a CA certificate and for a generated plain one', async () => {
    const ca = await run([fixturePath('ca/test-zorg-csp-root-ca-g3.pem')]);
    expect(ca.code).toBe(INSPECT_CERT_EXIT.NOT_A_UZI_CERTIFICATE);
    expect(ca.stdout).toBe('');
    expect(ca.stderr).toContain('not a UZI certificate');
    const plain = await createCustomCertificate({ commonName: 'plain.example.test' });
    const file = join(scratch, 'plain.pem');
    writeFileSync(file, plain.pem);
    const result = await run([file, '--json']);
    expect(result.code).toBe(INSPECT_CERT_EXIT.NOT_A_UZI_CERTIFICATE);
    expect(result.stdout).toBe('');
  });

  it('says "not a certificate" for other files', async () => {
    const file = join(scratch, 'notes.txt');
    writeFileSync(file, 'dit is geen certificaat\n');
    const result = await run([file]);
    expect(result.code).toBe(INSPECT_CERT_EXIT.NOT_A_CERTIFICATE);
    expect(result.stderr).toContain('not a certificate');
    const badPem = join(scratch, 'bad.pem');
    writeFileSync(badPem, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    expect((await run([badPem])).code).toBe(INSPECT_CERT_EXIT.NOT_A_CERTIFICATE);
  });

  it('explains a missing file and wrong usage', async () => {
    const missing = await run([join(scratch, 'does-not-exist.pem')]);
    expect(missing.code).toBe(INSPECT_CERT_EXIT.fileUnreadable);
    expect(missing.stderr).toContain('File not found');
    const usage = await run([]);
    expect(usage.code).toBe(INSPECT_CERT_EXIT.usage);
    expect(usage.stderr).toContain('Usage');
    expect((await run([fixturePath(AUTH), '--yaml'])).code).toBe(INSPECT_CERT_EXIT.usage);
  });

  it('shows the card certificate from a chain file in any order', async () => {
    const card = readFixture(AUTH);
    const cas = ['ca/test-zorg-csp-root-ca-g3.pem', 'ca/test-uzi-register-zorgverlener-ca-g3.pem'].map(
      readFixture,
    );
    for (const [name, parts] of [
      ['ca-first.pem', [...cas, card]],
      ['card-middle.pem', [cas[0]!, card, cas[1]!]],
    ] as const) {
      const file = join(scratch, name);
      writeFileSync(file, parts.join('\n'));
      const { code, stdout, stderr } = await run([file, '--json']);
      expect(code).toBe(0);
      expect((JSON.parse(stdout) as { uziNumber: string }).uziNumber).toBe('900016528');
      expect(stderr).toContain('the UZI certificate is shown');
    }
  });

  it('refuses a certificate with a malformed extension in words, without a stack trace', async () => {
    const broken = await createCustomCertificate({
      commonName: 'Broken key usage',
      otherNames: [uziOtherName('2.16.528.1.1003.1.3.5.5.2-1-123456789-Z-12345678-01.015-00000000')],
      rawExtensions: [{ oid: '2.5.29.15', value: new Uint8Array([0x30, 0x03, 0x01]) }],
    });
    const file = join(scratch, 'broken.pem');
    writeFileSync(file, broken.pem);
    const result = await run([file]);
    expect(result.code).toBe(INSPECT_CERT_EXIT.NOT_A_CERTIFICATE);
    expect(result.stderr).toContain('not a certificate');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(() => parseUziCertificate(broken.der)).toThrow(UziParseError);
  });
});
