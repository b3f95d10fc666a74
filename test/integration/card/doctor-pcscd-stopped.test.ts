// `zorgid-companion doctor` when pcscd (the .deb's dependency) really stops: this test owns pcscd
// (rig tier, under the machine-wide lock, no shared sandbox services), starts it, checks that
// doctor passes PC/SC, stops the process and checks that doctor fails PC/SC with the fix.
// Run: npx tsx test/helpers/run-rig.ts -- npx vitest run --project rig test/integration/card/doctor-pcscd-stopped.test.ts
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doctorCommand, DOCTOR_EXIT_CODES } from '../../../cli/doctor.js';
import { installHost } from '../../../cli/install-host.js';
import { startPcscd, type PcscdHandle } from '../../../sandbox/services/pcscd.js';
import { FIXES, type SupportReportJson } from '../../../shared/diagnostics/index.js';
import { OPENSC_PKCS11 } from './helpers.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'zorgid-doctor-pcscd-'));
const home = path.join(tmp, 'home');
const root = path.join(tmp, 'root');
let pcscd: PcscdHandle | undefined;

async function doctor(): Promise<{ code: number; report: SupportReportJson; text: string }> {
  let stdout = '';
  const code = await doctorCommand(
    ['--json', '--browser', 'chromium'],
    { stdout: (text) => (stdout += text), stderr: () => undefined },
    { homeDir: home, rootDir: root, env: process.env },
  );
  return { code, report: JSON.parse(stdout) as SupportReportJson, text: stdout };
}

beforeAll(async () => {
  pcscd = await startPcscd({ logFile: path.join(tmp, 'pcscd.log') });
  installHost({
    browsers: ['chromium'],
    scope: 'user',
    platform: 'linux',
    homeDir: home,
    launcherEnv: { ZORGID_PKCS11_MODULE: OPENSC_PKCS11 },
  });
});

afterAll(async () => {
  await pcscd?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('doctor with pcscd stopped for real', () => {
  it('PC/SC passes while pcscd runs, fails with the fix once the process is gone', async () => {
    const running = await doctor();
    expect(running.report.checks.find((c) => c.id === 'pcsc')?.status).toBe('pass');

    await pcscd!.stop();
    pcscd = undefined;
    const stopped = await doctor();
    const pcsc = stopped.report.checks.find((c) => c.id === 'pcsc');
    expect(pcsc, JSON.stringify(stopped.report.checks)).toMatchObject({
      status: 'fail',
      code: 'PCSC_UNAVAILABLE',
    });
    expect(pcsc?.fix).toEqual(FIXES.PCSC_UNAVAILABLE);
    expect(stopped.code).toBe(DOCTOR_EXIT_CODES.fail);
    expect(stopped.text).not.toMatch(/\n\s+at /);
  });
});
