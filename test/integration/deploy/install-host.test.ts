import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HOST_BROWSERS, type HostBrowser } from '../../../cli/host-locations.js';
import { CHROMIUM_EXTENSION_ID, GECKO_EXTENSION_ID, HOST_NAME } from '../../../cli/ids.js';
import { installHost, uninstallHost } from '../../../cli/install-host.js';
import { verifyHostInstallation } from '../../../cli/verify-host.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'zorgid-install-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const fresh = (name: string) => mkdtempSync(path.join(tmp, `${name}-`));
const all = [...HOST_BROWSERS];

function listTree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

const LINUX_USER_DIRS: Record<HostBrowser, string> = {
  chrome: '.config/google-chrome/NativeMessagingHosts',
  chromium: '.config/chromium/NativeMessagingHosts',
  edge: '.config/microsoft-edge/NativeMessagingHosts',
  brave: '.config/BraveSoftware/Brave-Browser/NativeMessagingHosts',
  firefox: '.mozilla/native-messaging-hosts',
};

describe('install-host on Linux (user scope, temp HOME)', () => {
  it('writes a manifest per browser with the right ids and an executable launcher, and verify passes', () => {
    const home = fresh('home');
    const result = installHost({ browsers: all, scope: 'user', platform: 'linux', homeDir: home });
    expect(result.changed).toBe(true);
    for (const browser of all) {
      const file = path.join(home, LINUX_USER_DIRS[browser], `${HOST_NAME}.json`);
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      expect(manifest.name).toBe(HOST_NAME);
      expect(path.isAbsolute(manifest.path as string)).toBe(true);
      expect((manifest.path as string).startsWith(home)).toBe(true);
      if (browser === 'firefox') expect(manifest.allowed_extensions).toEqual([GECKO_EXTENSION_ID]);
      else expect(manifest.allowed_origins).toEqual([`chrome-extension://${CHROMIUM_EXTENSION_ID}/`]);
    }
    const verification = verifyHostInstallation({
      browsers: all,
      scope: 'user',
      platform: 'linux',
      homeDir: home,
    });
    expect(verification.filter((v) => !v.ok)).toEqual([]);
    // Everything under the home: nothing shared between users of a terminal server.
    expect(result.files.every((file) => file.path.startsWith(home))).toBe(true);
  });

  it('runs the launcher: it starts node with the host entry', () => {
    const home = fresh('run');
    const entry = path.join(home, 'fake-entry.mjs');
    writeFileSync(entry, "process.stderr.write('entry ran ' + process.argv.slice(2).join(' '));\n");
    const result = installHost({
      browsers: ['chromium'],
      scope: 'user',
      platform: 'linux',
      homeDir: home,
      hostEntry: entry,
    });
    const launcher = result.files.find((file) => file.browser === undefined)!.path;
    const output = execFileSync(launcher, ['chrome-extension://x/'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(output).toBe('');
    const stderr = execFileSync('sh', ['-c', `"${launcher}" arg 2>&1 1>/dev/null`], { encoding: 'utf8' });
    expect(stderr).toBe('entry ran arg');
  });

  it('is idempotent: the second run changes nothing and says so', () => {
    const home = fresh('idem');
    installHost({ browsers: all, scope: 'user', platform: 'linux', homeDir: home });
    const snapshot = () =>
      listTree(home)
        .filter((f) => statSync(path.join(home, f)).isFile())
        .map((f) => [f, readFileSync(path.join(home, f), 'utf8'), statSync(path.join(home, f)).mtimeMs]);
    const before = snapshot();
    const second = installHost({ browsers: all, scope: 'user', platform: 'linux', homeDir: home });
    expect(second.changed).toBe(false);
    expect(second.files.every((file) => file.action === 'unchanged')).toBe(true);
    expect(snapshot()).toEqual(before);
  });

  it('uninstall removes exactly what install wrote, leaving what was there before', () => {
    const home = fresh('uninstall');
    const keep = path.join(home, '.config/google-chrome/NativeMessagingHosts/other.host.json');
    execFileSync('mkdir', ['-p', path.dirname(keep)]);
    writeFileSync(keep, '{"name":"other.host"}');
    const before = listTree(home);
    installHost({ browsers: all, scope: 'user', platform: 'linux', homeDir: home });
    const removed = uninstallHost({ browsers: all, scope: 'user', platform: 'linux', homeDir: home });
    expect(removed.changed).toBe(true);
    expect(listTree(home)).toEqual(before);
    expect(uninstallHost({ browsers: all, scope: 'user', platform: 'linux', homeDir: home }).changed).toBe(
      false,
    );
  });

  it('keeps the launcher while another browser still uses it', () => {
    const home = fresh('partial');
    installHost({ browsers: ['chrome', 'firefox'], scope: 'user', platform: 'linux', homeDir: home });
    uninstallHost({ browsers: ['chrome'], scope: 'user', platform: 'linux', homeDir: home });
    expect(
      verifyHostInstallation({ browsers: ['firefox'], scope: 'user', platform: 'linux', homeDir: home })[0]!
        .ok,
    ).toBe(true);
    expect(
      verifyHostInstallation({ browsers: ['chrome'], scope: 'user', platform: 'linux', homeDir: home })[0]!
        .ok,
    ).toBe(false);
  });

  it('writes the system paths under a root prefix', () => {
    const root = fresh('root');
    installHost({
      browsers: all,
      scope: 'system',
      platform: 'linux',
      homeDir: '/nonexistent',
      rootDir: root,
    });
    for (const dir of [
      'etc/opt/chrome/native-messaging-hosts',
      'etc/chromium/native-messaging-hosts',
      'etc/opt/edge/native-messaging-hosts',
      'usr/lib/mozilla/native-messaging-hosts',
    ]) {
      expect(existsSync(path.join(root, dir, `${HOST_NAME}.json`)), dir).toBe(true);
    }
  });
});

describe('verifyHostInstallation catches what browsers reject', () => {
  const setup = () => {
    const home = fresh('verify');
    installHost({ browsers: ['chrome', 'firefox'], scope: 'user', platform: 'linux', homeDir: home });
    const file = path.join(home, LINUX_USER_DIRS.chrome, `${HOST_NAME}.json`);
    return { home, file, manifest: JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> };
  };
  const problemsOf = (home: string, browser: HostBrowser = 'chrome') =>
    verifyHostInstallation({
      browsers: [browser],
      scope: 'user',
      platform: 'linux',
      homeDir: home,
    })[0]!.problems.join('\n');

  it('a wrong extension id', () => {
    const { home, file, manifest } = setup();
    writeFileSync(
      file,
      JSON.stringify({
        ...manifest,
        allowed_origins: ['chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/'],
      }),
    );
    expect(problemsOf(home)).toMatch(/allowed_origins/);
  });

  it('a missing trailing slash', () => {
    const { home, file, manifest } = setup();
    writeFileSync(
      file,
      JSON.stringify({ ...manifest, allowed_origins: [`chrome-extension://${CHROMIUM_EXTENSION_ID}`] }),
    );
    expect(problemsOf(home)).toMatch(/trailing slash/);
  });

  it('a launcher that is not executable', () => {
    const { home, manifest } = setup();
    chmodSync(manifest.path as string, 0o644);
    expect(problemsOf(home)).toMatch(/niet uitvoerbaar/);
    expect(problemsOf(home, 'firefox')).toMatch(/not executable/);
  });

  it('a missing manifest, invalid JSON and a wrong Firefox id', () => {
    const { home, file } = setup();
    expect(problemsOf(home, 'edge')).toMatch(/ontbreekt/);
    writeFileSync(file, '{');
    expect(problemsOf(home)).toMatch(/JSON/);
    const ff = path.join(home, LINUX_USER_DIRS.firefox, `${HOST_NAME}.json`);
    const manifest = JSON.parse(readFileSync(ff, 'utf8')) as Record<string, unknown>;
    writeFileSync(ff, JSON.stringify({ ...manifest, allowed_extensions: ['other@example.org'] }));
    expect(problemsOf(home, 'firefox')).toMatch(/allowed_extensions/);
  });
});

describe('install-host for macOS and Windows (generated here, not run there)', () => {
  it('macOS user scope: Library/Application Support paths', () => {
    const home = fresh('mac');
    installHost({ browsers: all, scope: 'user', platform: 'darwin', homeDir: home });
    for (const dir of [
      'Library/Application Support/Google/Chrome/NativeMessagingHosts',
      'Library/Application Support/Chromium/NativeMessagingHosts',
      'Library/Application Support/Microsoft Edge/NativeMessagingHosts',
      'Library/Application Support/BraveSoftware/Brave-Browser/NativeMessagingHosts',
      'Library/Application Support/Mozilla/NativeMessagingHosts',
    ]) {
      expect(existsSync(path.join(home, dir, `${HOST_NAME}.json`)), dir).toBe(true);
    }
    expect(
      verifyHostInstallation({ browsers: all, scope: 'user', platform: 'darwin', homeDir: home }).every(
        (v) => v.ok,
      ),
    ).toBe(true);
    const root = fresh('macroot');
    installHost({
      browsers: ['chrome', 'edge'],
      scope: 'system',
      platform: 'darwin',
      homeDir: home,
      rootDir: root,
    });
    expect(
      existsSync(path.join(root, 'Library/Google/Chrome/NativeMessagingHosts', `${HOST_NAME}.json`)),
    ).toBe(true);
    expect(
      existsSync(path.join(root, 'Library/Microsoft/Edge/NativeMessagingHosts', `${HOST_NAME}.json`)),
    ).toBe(true);
  });

  it('Windows: manifests, a .cmd launcher and .reg files naming the manifest paths', () => {
    const outDir = fresh('win');
    installHost({
      browsers: all,
      scope: 'user',
      platform: 'win32',
      homeDir: 'C:\\Users\\test',
      windows: { outDir },
    });
    const reg = readFileSync(path.join(outDir, 'register-host-user.reg')).subarray(2).toString('utf16le');
    expect(reg.startsWith('Windows Registry Editor Version 5.00\r\n')).toBe(true);
    expect(reg).toContain(
      `[HKEY_CURRENT_USER\\Software\\Google\\Chrome\\NativeMessagingHosts\\${HOST_NAME}]`,
    );
    expect(reg).toContain(
      `[HKEY_CURRENT_USER\\Software\\Microsoft\\Edge\\NativeMessagingHosts\\${HOST_NAME}]`,
    );
    expect(reg).toContain(`[HKEY_CURRENT_USER\\Software\\Mozilla\\NativeMessagingHosts\\${HOST_NAME}]`);
    expect(reg).toContain(`@="C:\\\\Program Files\\\\ZORG-ID Companion\\\\${HOST_NAME}.firefox.json"`);
    const unreg = readFileSync(path.join(outDir, 'unregister-host-user.reg')).subarray(2).toString('utf16le');
    expect(unreg).toContain(
      `[-HKEY_CURRENT_USER\\Software\\Google\\Chrome\\NativeMessagingHosts\\${HOST_NAME}]`,
    );
    const chromium = JSON.parse(
      readFileSync(path.join(outDir, `${HOST_NAME}.chromium.json`), 'utf8'),
    ) as Record<string, unknown>;
    expect(chromium.path).toBe('C:\\Program Files\\ZORG-ID Companion\\zorgid-companion-host.cmd');
    expect(chromium.allowed_origins).toEqual([`chrome-extension://${CHROMIUM_EXTENSION_ID}/`]);
    const cmd = readFileSync(path.join(outDir, 'zorgid-companion-host.cmd'), 'utf8');
    expect(cmd).toContain(
      '"C:\\Program Files\\ZORG-ID Companion\\node\\node.exe" "C:\\Program Files\\ZORG-ID Companion\\dist\\node\\native-host\\src\\host-entry.js" %*',
    );
    const system = fresh('winsys');
    installHost({
      browsers: ['edge'],
      scope: 'system',
      platform: 'win32',
      homeDir: '',
      windows: { outDir: system },
    });
    expect(
      readFileSync(path.join(system, 'register-host-system.reg')).subarray(2).toString('utf16le'),
    ).toContain('HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Edge');
  });
});
