// doctor's policy-file check against files written as an administrator would place them (under a
// temporary root), including hand-edited mistakes: an unknown key, a wrong type, broken JSON, a
// force-install address nobody answers on. The address check uses a real server on 127.0.0.1.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROMIUM_EXTENSION_ID, GECKO_EXTENSION_ID } from '../../../cli/ids.js';
import { findPolicyFiles, policyFilesCheck, unreachable } from '../../../cli/policy-files.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'zorgid-policy-files-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function root(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmp, 'root-'));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

const CHROMIUM_FILE = 'etc/chromium/policies/managed/zorgid-companion.json';
const FIREFOX_FILE = 'etc/firefox/policies/policies.json';
const answers = () => Promise.resolve(undefined);

describe('doctor: policy files', () => {
  it('no policy file for the extension: no check at all', async () => {
    const dir = root({
      'etc/chromium/policies/managed/other.json': { HomepageLocation: 'https://x.example' },
    });
    expect(findPolicyFiles(dir)).toEqual([]);
    expect(await policyFilesCheck(findPolicyFiles(dir), answers)).toBeUndefined();
  });

  it('valid settings from `policy`: pass', async () => {
    const dir = root({
      [CHROMIUM_FILE]: { '3rdparty': { extensions: { [CHROMIUM_EXTENSION_ID]: { sandboxAllowed: false } } } },
    });
    const check = await policyFilesCheck(findPolicyFiles(dir), answers);
    expect(check?.status).toBe('pass');
  });

  it('Chromium: an unknown key and a wrong type fail, naming the file, each key and the fix', async () => {
    const dir = root({
      [CHROMIUM_FILE]: {
        '3rdparty': {
          extensions: { [CHROMIUM_EXTENSION_ID]: { sandboxAllowed: 'ja', onbekendeSleutel: 1 } },
        },
      },
    });
    const check = (await policyFilesCheck(findPolicyFiles(dir), answers))!;
    expect(check.status).toBe('fail');
    expect(check.detail.nl).toContain(path.join(dir, CHROMIUM_FILE));
    expect(check.detail.nl).toContain('policy.sandboxAllowed: expected true or false');
    expect(check.detail.nl).toContain('policy.onbekendeSleutel: not in the schema');
    expect(check.fix?.nl).toMatch(/zorgid-companion policy/);
  });

  it("Firefox: a wrong type in 3rdparty fails; stepMapCorrections as an object is Firefox's form", async () => {
    const dir = root({
      [FIREFOX_FILE]: {
        policies: {
          '3rdparty': {
            Extensions: { [GECKO_EXTENSION_ID]: { logLevel: 3, stepMapCorrections: { steps: {} } } },
          },
        },
      },
    });
    const check = (await policyFilesCheck(findPolicyFiles(dir), answers))!;
    expect(check.status).toBe('fail');
    expect(check.detail.en).toContain('policy.logLevel');
    expect(check.detail.en).not.toContain('stepMapCorrections');
  });

  it('a file that is not JSON fails and says so', async () => {
    const dir = root({ [CHROMIUM_FILE]: '{ "3rdparty": ' });
    const check = (await policyFilesCheck(findPolicyFiles(dir), answers))!;
    expect(check.status).toBe('fail');
    expect(check.detail.en).toContain('not valid JSON');
  });

  it('a force-install address nobody answers on fails; one that answers passes (real sockets)', async () => {
    const server = createServer((_request, response) => response.writeHead(404).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const live = `http://127.0.0.1:${(server.address() as AddressInfo).port}/updates.xml`;
    // A port that was free a moment ago: closed again, nothing listens there.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const dead = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/updates.xml`;
    await new Promise((resolve) => closed.close(resolve));
    try {
      expect(await unreachable(live)).toBeUndefined();
      expect(await unreachable(dead)).toBe('ECONNREFUSED');
      const forced = (url: string) =>
        root({ [CHROMIUM_FILE]: { ExtensionInstallForcelist: [`${CHROMIUM_EXTENSION_ID};${url}`] } });
      expect((await policyFilesCheck(findPolicyFiles(forced(live))))?.status).toBe('pass');
      const check = (await policyFilesCheck(findPolicyFiles(forced(dead))))!;
      expect(check.status).toBe('fail');
      expect(check.detail.en).toContain(`install address unreachable: ${dead}`);
      const firefox = root({
        [FIREFOX_FILE]: {
          policies: {
            ExtensionSettings: {
              [GECKO_EXTENSION_ID]: { installation_mode: 'force_installed', install_url: dead },
            },
          },
        },
      });
      expect((await policyFilesCheck(findPolicyFiles(firefox)))?.status).toBe('fail');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
