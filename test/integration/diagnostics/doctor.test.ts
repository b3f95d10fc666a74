// `zorgid-companion doctor` against the real stack: host manifest in a temp HOME, the built host
// spawned as the browser would, real pcscd and the virtual UZI-pas (zorgverlener in reader 0).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { doctorCommand, DOCTOR_EXIT_CODES } from '../../../cli/doctor.js';
import { installHost } from '../../../cli/install-host.js';
import { manifestPath } from '../../../cli/host-locations.js';
import { CHROMIUM_EXTENSION_ID } from '../../../cli/ids.js';
import { FIXES, REFERENCE_PATTERN, type SupportReportJson } from '../../../shared/diagnostics/index.js';
import { cardControl } from '../../helpers/card-control.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'zorgid-doctor-'));
const home = path.join(tmp, 'home');
// An empty root for the system-scope manifest directories, so this machine's /etc does not count.
const root = path.join(tmp, 'root');
const card = cardControl();
const READER_0 = 0;
const PROFILE = 'zorgverlener';
const manifest = () => manifestPath('linux', 'chromium', { scope: 'user', homeDir: home });

async function doctor(args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await doctorCommand(
    args,
    { stdout: (text) => (stdout += `${text}\n`), stderr: (text) => (stderr += `${text}\n`) },
    { homeDir: home, rootDir: root, env: process.env },
  );
  return { code, stdout, stderr };
}

const check = (report: SupportReportJson, id: string) => report.checks.find((c) => c.id === id);

beforeAll(() => {
  if (!process.env.ZORGID_PKCS11_MODULE)
    throw new Error('Run through scripts/with-sandbox.ts (ZORGID_PKCS11_MODULE)');
  installHost({
    browsers: ['chromium'],
    scope: 'user',
    platform: 'linux',
    homeDir: home,
    launcherEnv: { ZORGID_PKCS11_MODULE: process.env.ZORGID_PKCS11_MODULE },
  });
});
afterEach(async () => {
  await card.insert(READER_0, PROFILE);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('zorgid-companion doctor', () => {
  it('all checks pass with the card in the reader; --json parses; exit code 0', async () => {
    const { code, stdout } = await doctor(['--json']);
    const report = JSON.parse(stdout) as SupportReportJson;
    const notPassing = report.checks.filter((c) => c.status !== 'pass');
    expect(notPassing).toEqual([]);
    expect(code).toBe(DOCTOR_EXIT_CODES.pass);
    expect(report.reference).toMatch(REFERENCE_PATTERN);
    expect(report.checks.map((c) => c.id)).toEqual([
      'host-installation',
      'host',
      'pcsc',
      'readers',
      'card',
      'certificates',
      'pin',
      'pkcs11',
    ]);
    expect(check(report, 'card')?.data).toMatchObject({ cardType: 'Z' });
    expect(check(report, 'pkcs11')?.data).toMatchObject({ module: process.env.ZORGID_PKCS11_MODULE });
    // The UZI number never appears in full; its masked form does.
    expect(String(check(report, 'card')?.data?.uziNumber)).toMatch(/^\*{6}\d{3}$/);
  });

  it('prints readable Dutch by default and English with --lang en', async () => {
    const nl = await doctor();
    expect(nl.stdout).toMatch(/supportrapport/);
    expect(nl.stdout).toMatch(/\[ OK \] Kaart: UZI-pas, zorgverlenerpas \(Z\)/);
    const en = await doctor(['--lang', 'en']);
    expect(en.stdout).toMatch(/\[ OK \] Card: UZI-pas, care provider card \(Z\)/);
  });

  it('card removed: the card check fails with the fix text, exit code 2', async () => {
    await card.remove(READER_0);
    let result = await doctor(['--json']);
    // pcscd may need a moment to report the reader empty.
    for (let attempt = 0; attempt < 10 && result.code !== DOCTOR_EXIT_CODES.fail; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      result = await doctor(['--json']);
    }
    const report = JSON.parse(result.stdout) as SupportReportJson;
    expect(result.code).toBe(DOCTOR_EXIT_CODES.fail);
    expect(check(report, 'card')).toMatchObject({ status: 'fail', code: 'NO_CARD', fix: FIXES.NO_CARD });
    expect(check(report, 'pcsc')?.status).toBe('pass');
    const text = await doctor();
    expect(text.stdout).toContain(FIXES.NO_CARD.nl);
  });

  it('a host manifest naming another extension id fails the installation check', async () => {
    const file = manifest();
    const original = readFileSync(file, 'utf8');
    try {
      const wrong = {
        ...(JSON.parse(original) as Record<string, unknown>),
        allowed_origins: ['chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/'],
      };
      writeFileSync(file, JSON.stringify(wrong));
      const { code, stdout } = await doctor(['--json']);
      const report = JSON.parse(stdout) as SupportReportJson;
      expect(code).toBe(DOCTOR_EXIT_CODES.fail);
      expect(check(report, 'host-installation')).toMatchObject({ status: 'fail' });
      expect(check(report, 'host-installation')?.detail.nl).toMatch(/allowed_origins/);
      expect(check(report, 'host')?.status).toBe('pass');
    } finally {
      writeFileSync(file, original);
    }
  });

  it('a hand-edited policy file (unknown key, wrong type) fails the policy check, naming key and fix', async () => {
    const dir = path.join(root, 'etc/chromium/policies/managed');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'zorgid-companion.json'),
      JSON.stringify({
        '3rdparty': { extensions: { [CHROMIUM_EXTENSION_ID]: { sandboxAllowed: 'ja', onbekend: 1 } } },
      }),
    );
    try {
      const { code, stdout } = await doctor(['--json']);
      const report = JSON.parse(stdout) as SupportReportJson;
      expect(code).toBe(DOCTOR_EXIT_CODES.fail);
      expect(report.problem).toBe('policy');
      const policy = check(report, 'policy');
      expect(policy?.status).toBe('fail');
      expect(policy?.detail.nl).toContain('policy.sandboxAllowed: expected true or false');
      expect(policy?.detail.nl).toContain('policy.onbekend: not in the schema');
      expect(policy?.fix?.nl).toMatch(/zorgid-companion policy/);
      const text = await doctor();
      expect(text.stdout).toContain('policy.sandboxAllowed');
    } finally {
      rmSync(path.join(root, 'etc'), { recursive: true, force: true });
    }
  });

  it('refuses an unknown browser name with the usage and exit code 2', async () => {
    const { code, stderr } = await doctor(['--browser', 'netscape']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/doctor/);
  });
});
