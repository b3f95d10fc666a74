// A real PKCS#11 module that hangs for good at a chosen call (test/fixtures/pkcs11-hang), built with
// gcc into .sandbox/build on first use, and the three UZI-role certificates it hands out.
// Before @peculiar/x509: its tsyringe refuses to load without a Reflect metadata polyfill.
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import * as x509 from '@peculiar/x509';
import { createCustomCertificate } from '../../sandbox/pki/custom-certificate.js';
import { SANDBOX_STATE_DIR } from '../../sandbox/services/repo-root.js';
import { REPO_ROOT } from './host-process.js';

const execFileAsync = promisify(execFile);

export const HANGING_MODULE_SOURCE = path.join(REPO_ROOT, 'test', 'fixtures', 'pkcs11-hang', 'hang-pkcs11.c');
export const HANGING_MODULE_LIBRARY = path.join(SANDBOX_STATE_DIR, 'build', 'libhang-pkcs11.so');

/** Where the module hangs, as its HANG_AT environment variable names it. */
export const HANG_POINTS = ['initialize', 'get-slot-list', 'sign'] as const;
export type HangPoint = (typeof HANG_POINTS)[number];

/** The module's environment variables. */
export const HANG_ENV = Object.freeze({ point: 'HANG_AT', certificates: 'HANG_CERT' });

/** Compiles the module unless an up-to-date build exists; returns the .so path. */
export async function ensureHangingModule(): Promise<string> {
  const fresh =
    existsSync(HANGING_MODULE_LIBRARY) &&
    statSync(HANGING_MODULE_LIBRARY).mtimeMs >= statSync(HANGING_MODULE_SOURCE).mtimeMs;
  if (fresh) return HANGING_MODULE_LIBRARY;
  mkdirSync(path.dirname(HANGING_MODULE_LIBRARY), { recursive: true });
  await execFileAsync('gcc', [
    '-shared',
    '-fPIC',
    '-O2',
    '-o',
    HANGING_MODULE_LIBRARY,
    HANGING_MODULE_SOURCE,
  ]);
  return HANGING_MODULE_LIBRARY;
}

/** Key usage per card role, as the host tells the three certificates apart. */
const ROLE_KEY_USAGE = [
  { role: 'authentication', keyUsage: x509.KeyUsageFlags.digitalSignature },
  { role: 'signature', keyUsage: x509.KeyUsageFlags.nonRepudiation },
  { role: 'encryption', keyUsage: x509.KeyUsageFlags.keyEncipherment },
] as const;

/**
 * Writes an authentication, a signature and an encryption certificate (self-signed, DER) into dir
 * and returns the HANG_CERT value naming them: enough for the host to reach C_Sign.
 */
export async function writeRoleCertificates(dir: string): Promise<string> {
  const paths: string[] = [];
  for (const { role, keyUsage } of ROLE_KEY_USAGE) {
    const certificate = await createCustomCertificate({ commonName: `Hang test ${role}`, keyUsage });
    const file = path.join(dir, `${role}.der`);
    await writeFile(file, certificate.der);
    paths.push(file);
  }
  return paths.join(':');
}
