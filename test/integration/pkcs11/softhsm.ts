// A private SoftHSM2 token holding the three UZI-like key pairs of a fresh test PKI.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPki, type TestPki } from '../../unit/card-session/test-certificates.js';

export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';
export const USER_PIN = '123456';
const SO_PIN = '12345678';
const TOKEN_LABEL = 'Jan Test';

export interface SoftHsmToken {
  /** Environment for the worker: SOFTHSM2_CONF pointing at the private token dir. */
  env: Record<string, string>;
  pki: TestPki;
  cleanup(): void;
}

export function createSoftHsmToken(): SoftHsmToken {
  const dir = mkdtempSync(join(tmpdir(), 'zorgid-softhsm-'));
  const tokens = join(dir, 'tokens');
  mkdirSync(tokens);
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  const env = { ...process.env, SOFTHSM2_CONF: conf };
  const run = (command: string, args: string[]) =>
    execFileSync(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });

  const pki = createTestPki();
  run('softhsm2-util', [
    '--init-token',
    '--free',
    '--label',
    TOKEN_LABEL,
    '--so-pin',
    SO_PIN,
    '--pin',
    USER_PIN,
  ]);
  for (const pair of pki.keyPairs) {
    run(
      'softhsm2-util',
      ['--import', pair.privateKeyFile, '--token', TOKEN_LABEL, '--label', pair.label].concat([
        '--id',
        pair.id,
        '--pin',
        USER_PIN,
      ]),
    );
    run(
      'pkcs11-tool',
      ['--module', SOFTHSM_MODULE, '--token-label', TOKEN_LABEL, '--login', '--pin', USER_PIN].concat([
        '--write-object',
        pair.certificateFile,
        '--type',
        'cert',
        '--id',
        pair.id,
        '--label',
        pair.label,
      ]),
    );
  }
  return {
    env: { SOFTHSM2_CONF: conf },
    pki,
    cleanup: () => {
      pki.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
