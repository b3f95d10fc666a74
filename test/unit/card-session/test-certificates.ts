// A throwaway test PKI made with openssl: one CA and the three UZI-like key pairs, told apart only
// by key usage. Labels are deliberately misleading so tests prove we never classify by label.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestKeyPair {
  role: 'authentication' | 'signature' | 'encryption';
  keyUsage: string;
  /** CKA_ID, hex. */
  id: string;
  label: string;
  certificateDer: Buffer;
  privateKeyPem: string;
  /** PKCS#8 PEM file path (softhsm2-util --import wants a file). */
  privateKeyFile: string;
  certificateFile: string;
}

export interface TestPki {
  dir: string;
  keyPairs: TestKeyPair[];
  cleanup(): void;
}

const KEY_PAIRS: readonly Pick<TestKeyPair, 'role' | 'keyUsage' | 'id' | 'label'>[] = [
  {
    role: 'encryption',
    keyUsage: 'critical,keyEncipherment,dataEncipherment',
    id: '01',
    label: 'Authenticatie',
  },
  { role: 'authentication', keyUsage: 'critical,digitalSignature', id: '02', label: 'Handtekening' },
  { role: 'signature', keyUsage: 'critical,nonRepudiation', id: '03', label: 'Vertrouwelijkheid' },
];

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

export function createTestPki(options: { days?: number } = {}): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'zorgid-pki-'));
  const days = String(options.days ?? 30);
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      days,
    ].concat(['-subj', '/CN=TEST ZORG-ID Companion CA', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']),
    dir,
  );
  const keyPairs = KEY_PAIRS.map((pair) => {
    const name = pair.role;
    writeFileSync(join(dir, `${name}.ext`), `keyUsage=${pair.keyUsage}\nbasicConstraints=CA:FALSE\n`);
    openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', `${name}.key`], dir);
    openssl(
      [
        'req',
        '-new',
        '-key',
        `${name}.key`,
        '-subj',
        `/CN=Jan Test ${name}/serialNumber=900016528`,
        '-out',
        `${name}.csr`,
      ],
      dir,
    );
    openssl(
      [
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-days',
        days,
      ].concat(['-extfile', `${name}.ext`, '-outform', 'DER', '-out', `${name}.der`]),
      dir,
    );
    return {
      ...pair,
      certificateDer: readFileSync(join(dir, `${name}.der`)),
      privateKeyPem: readFileSync(join(dir, `${name}.key`), 'utf8'),
      privateKeyFile: join(dir, `${name}.key`),
      certificateFile: join(dir, `${name}.der`),
    };
  });
  return { dir, keyPairs, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function caCertificateDer(pki: TestPki): Buffer {
  const pem = readFileSync(join(pki.dir, 'ca.pem'), 'utf8');
  const body = pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
  return Buffer.from(body, 'base64');
}
