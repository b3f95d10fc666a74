// `install-host --pkcs11-module PATH`: a machine without SafeSign (here: OpenSC) registers the host
// with the module it should use. Run through the built CLI as an administrator would, with a temp
// HOME; the path lands in the host's config file, which the host reads however the browser starts
// it (the Firefox end-to-end test starts the host this way, with no ZORGID_PKCS11_MODULE).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveSystemPkcs11Module } from '../../../native-host/src/token/pkcs11/system-module.js';
import { OPENSC_PKCS11_MODULE, REPO_ROOT } from '../../../testing/lib/paths.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'zorgid-pkcs11-option-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(home: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
  delete env.ZORGID_PKCS11_MODULE;
  const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'zorgid-companion.js'), ...args], {
    env,
    encoding: 'utf8',
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const configOf = (home: string) => path.join(home, '.config', 'zorgid-companion', 'config.json');
function writeConfig(home: string, text: string): void {
  mkdirSync(path.dirname(configOf(home)), { recursive: true });
  writeFileSync(configOf(home), text);
}

describe('install-host --pkcs11-module', () => {
  it('writes the module into the host config, where the host finds it without any environment', () => {
    const home = mkdtempSync(path.join(tmp, 'home-'));
    const result = cli(home, 'install-host', '--browser', 'firefox', '--pkcs11-module', OPENSC_PKCS11_MODULE);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(readFileSync(configOf(home), 'utf8'))).toEqual({
      pkcs11Modules: [OPENSC_PKCS11_MODULE],
    });

    const saved = process.env.ZORGID_PKCS11_MODULE;
    delete process.env.ZORGID_PKCS11_MODULE;
    try {
      expect(
        resolveSystemPkcs11Module({
          configFilePath: configOf(home),
          systemConfigFilePath: path.join(tmp, 'none'),
        }),
      ).toEqual({ path: OPENSC_PKCS11_MODULE, source: 'configFile' });
    } finally {
      if (saved !== undefined) process.env.ZORGID_PKCS11_MODULE = saved;
    }

    // A second run changes nothing; uninstall removes the file install created.
    expect(
      cli(home, 'install-host', '--browser', 'firefox', '--pkcs11-module', OPENSC_PKCS11_MODULE).stdout,
    ).toContain('Nothing changed');
    expect(cli(home, 'uninstall-host', '--browser', 'firefox').code).toBe(0);
    expect(existsSync(configOf(home))).toBe(false);
  });

  it('keeps the other settings of an existing config file, on install and on uninstall', () => {
    const home = mkdtempSync(path.join(tmp, 'home-'));
    cli(home, 'install-host', '--browser', 'firefox');
    writeConfig(home, JSON.stringify({ logLevel: 'debug' }));
    expect(
      cli(home, 'install-host', '--browser', 'firefox', '--pkcs11-module', OPENSC_PKCS11_MODULE).code,
    ).toBe(0);
    expect(JSON.parse(readFileSync(configOf(home), 'utf8'))).toEqual({
      logLevel: 'debug',
      pkcs11Modules: [OPENSC_PKCS11_MODULE],
    });
    expect(cli(home, 'uninstall-host', '--browser', 'firefox').code).toBe(0);
    expect(JSON.parse(readFileSync(configOf(home), 'utf8'))).toEqual({ logLevel: 'debug' });
  });

  it.each([
    ['a relative path', ['opensc-pkcs11.so'], /absoluut pad/],
    ['a path that does not exist', ['/usr/lib/no-such-module.so'], /niet gevonden/],
    ['a folder', ['/usr/lib'], /niet gevonden/],
    ['no path at all', [], /vraagt een pad/],
  ])('refuses %s with a clear message and writes nothing', (_case, value, message) => {
    const home = mkdtempSync(path.join(tmp, 'home-'));
    const result = cli(home, 'install-host', '--browser', 'firefox', '--pkcs11-module', ...value);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(path.join(home, '.mozilla'))).toBe(false);
    expect(existsSync(configOf(home))).toBe(false);
  });

  it('a config file that is not JSON is refused, not overwritten', () => {
    const home = mkdtempSync(path.join(tmp, 'home-'));
    cli(home, 'install-host', '--browser', 'firefox');
    writeConfig(home, '{ broken');
    const result = cli(home, 'install-host', '--browser', 'firefox', '--pkcs11-module', OPENSC_PKCS11_MODULE);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/geen JSON-object/);
    expect(readFileSync(configOf(home), 'utf8')).toBe('{ broken');
  });
});
