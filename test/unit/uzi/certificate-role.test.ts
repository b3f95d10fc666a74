import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { certificateRoleFromKeyUsage, certificateRoleOf } from '../../../shared/uzi/certificate-role.js';
import { parseUziCertificate } from '../../../shared/uzi/parse.js';
import { pemToDer } from '../../../shared/uzi/pem.js';
import { readFixture } from './fixtures.js';

const REAL_CARD = {
  'card-zorgverlener-jan/authenticatie.pem': 'authentication',
  'card-zorgverlener-jan/handtekening.pem': 'signature',
  'card-zorgverlener-jan/vertrouwelijkheid.pem': 'encryption',
  'ca/test-uzi-register-zorgverlener-ca-g3.pem': 'unknown',
  'ca/test-zorg-csp-root-ca-g3.pem': 'unknown',
} as const;

/** A self-signed certificate with exactly this keyUsage, minted by the system's openssl. */
function certificateWithKeyUsage(keyUsage: string): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'role-'));
  try {
    const pem = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        pem,
        '-subj',
        '/CN=role test',
        '-days',
        '1',
        '-addext',
        `keyUsage=critical,${keyUsage}`,
        '-addext',
        'basicConstraints=critical,CA:FALSE',
      ],
      { stdio: 'ignore' },
    );
    return pemToDer(readFileSync(pem, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('one certificate role rule (host, parser, verifier)', () => {
  it.each(Object.entries(REAL_CARD))('reads the real UZI TEST certificate %s as %s', (file, role) => {
    const der = pemToDer(readFixture(file));
    expect(certificateRoleOf(der)).toBe(role);
  });

  it('the parser reports the same role as the host reads', () => {
    for (const file of Object.keys(REAL_CARD).filter((name) => name.startsWith('card-'))) {
      const der = pemToDer(readFixture(file));
      expect(parseUziCertificate(der, new Date('2025-01-01')).certificateRole).toBe(certificateRoleOf(der));
    }
  });

  it('a certificate that may also decipher is never the authentication key', () => {
    expect(certificateRoleOf(certificateWithKeyUsage('digitalSignature,keyEncipherment'))).toBe('encryption');
    expect(certificateRoleFromKeyUsage(['digitalSignature', 'dataEncipherment'])).toBe('encryption');
  });

  it('nonRepudiation wins over any other bit', () => {
    expect(certificateRoleOf(certificateWithKeyUsage('digitalSignature,nonRepudiation'))).toBe('signature');
    expect(certificateRoleFromKeyUsage(['nonRepudiation', 'keyEncipherment'])).toBe('signature');
  });

  it('a CA key is no card key, whatever else it carries', () => {
    expect(certificateRoleFromKeyUsage(['digitalSignature', 'keyCertSign', 'cRLSign'])).toBe('unknown');
    expect(certificateRoleOf(certificateWithKeyUsage('digitalSignature,cRLSign'))).toBe('unknown');
  });

  it('no keyUsage, or an unreadable certificate, is unknown', () => {
    expect(certificateRoleFromKeyUsage([])).toBe('unknown');
    expect(certificateRoleOf(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]))).toBe('unknown');
  });
});
