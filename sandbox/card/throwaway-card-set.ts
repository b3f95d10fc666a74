// Disposable card sets for tests and demos until the sandbox PKI (sandbox/pki/) provides real ones:
// fresh RSA keys with self-signed certificates whose key usages match the UZI-pas roles.

import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { CardKey, CardKeyRole, CardSet } from './card-set.js';

const KEY_USAGE_BY_ROLE: Readonly<Record<CardKeyRole, string>> = {
  authentication: 'critical,digitalSignature',
  signature: 'critical,nonRepudiation',
  encryption: 'critical,keyEncipherment,dataEncipherment',
};

const CERT_VALIDITY_DAYS = '1095';

export interface ThrowawayOptions {
  commonName?: string;
  pin?: string;
  puk?: string;
  modulusBits?: number;
}

export function throwawayCardSet(options: ThrowawayOptions = {}): CardSet {
  const dir = mkdtempSync(path.join(tmpdir(), 'zorgid-card-'));
  try {
    const commonName = options.commonName ?? 'Test Zorgverlener';
    const key = (role: CardKeyRole): CardKey => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: options.modulusBits ?? 2048 });
      const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const keyFile = path.join(dir, `${role}.key`);
      const certFile = path.join(dir, `${role}.der`);
      writeFileSync(keyFile, privateKeyPem, { mode: 0o600 });
      execFileSync('openssl', [
        'req',
        '-x509',
        '-new',
        '-key',
        keyFile,
        '-sha256',
        '-days',
        CERT_VALIDITY_DAYS,
        '-outform',
        'DER',
        '-out',
        certFile,
        '-subj',
        `/C=NL/O=Testpraktijk/CN=${commonName}`,
        '-addext',
        `keyUsage=${KEY_USAGE_BY_ROLE[role]}`,
        '-addext',
        'basicConstraints=critical,CA:FALSE',
      ]);
      return { certificateDer: readFileSync(certFile), privateKeyPem };
    };
    return {
      pin: options.pin ?? '123456',
      puk: options.puk ?? '12345678',
      chuidGuid: randomBytes(16).toString('hex'),
      authentication: key('authentication'),
      signature: key('signature'),
      encryption: key('encryption'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
