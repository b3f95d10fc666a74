// The release packages themselves, as `npm run package` makes them: a release build of the
// extension, the host executable (Node SEA) and a throwaway signing key made here. Each artifact
// is unpacked and checked; the host and its command line run from the unpacked tarball with no
// checkout and no node on PATH; and the .deb is installed for real, used and purged.
//
// ⚠ SYSTEM STATE: the last describe installs the .deb with apt-get (as root) and purges it again.
// It runs in the integration tier, which `npm test` runs under the machine-wide sandbox lock.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HOST_ADDONS,
  HOST_BROWSERS,
  HOST_MANIFEST_DIRS,
  PACKAGE_LAYOUT,
  packagedExecutable,
} from '../../../cli/host-locations.js';
import { CHROMIUM_EXTENSION_ID, GECKO_EXTENSION_ID, HOST_NAME, PRODUCT_VERSION } from '../../../cli/ids.js';
import { encodeFrame, FrameReader } from '../../../native-host/src/messaging/framing.js';
import { HOST_MAX_OUTBOUND_BYTES } from '../../../shared/protocol/host.js';
import { buildHostExecutable } from '../../../scripts/build/sea.js';
import { readZip } from '../../../scripts/deploy/archive.js';
import { loadSigningKey, verifyCrx } from '../../../scripts/deploy/crx.js';
import { buildTarball, DEB_PACKAGE } from '../../../scripts/deploy/linux-package.js';
import { buildPackages, type PackageResult } from '../../../scripts/deploy/package.js';
import { REPO_ROOT } from '../../../testing/lib/paths.js';

const BUILD_TIMEOUT_MS = 20 * 60_000;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'zorgid-packages-'));
const extensionDir = path.join(tmp, 'extension');
const hostDir = path.join(tmp, 'host');
const keyFile = path.join(tmp, 'test-key.pem');
let packages: PackageResult;

/** A PATH with no node on it (Debian 12 merges /bin into /usr/bin, where node lives). */
const NO_NODE_PATH = '/usr/sbin:/sbin';

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

beforeAll(async () => {
  execFileSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'vite'), ['build', '--outDir', extensionDir], {
    cwd: REPO_ROOT,
    env: { ...process.env, ZORGID_BUILD: 'release' },
    stdio: 'pipe',
  });
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  await buildHostExecutable(hostDir);
  const outDir = path.join(tmp, 'out');
  packages = await buildPackages({ keyFile, outDir, extensionDir, hostDir, allowOtherId: true });
}, BUILD_TIMEOUT_MS);

const manifestOf = (files: Map<string, Buffer>) =>
  JSON.parse(files.get('manifest.json')!.toString('utf8')) as Record<string, unknown> & {
    background: { service_worker?: string; scripts?: string[] };
    storage?: { managed_schema?: string };
    web_accessible_resources?: Record<string, unknown>[];
    browser_specific_settings?: { gecko: { id: string } };
  };

function expectNoDevelopmentTraces(files: Map<string, Buffer>): void {
  const names = [...files.keys()];
  expect(names.filter((name) => name.endsWith('.map'))).toEqual([]);
  expect(names).not.toContain('build-info.json');
  for (const [name, data] of files)
    if (/\.(js|html)$/.test(name)) expect(data.toString('utf8'), name).not.toContain('sourceMappingURL');
  // The sandbox is reached only when policy turns it on (content script registered at run time).
  const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as { content_scripts: unknown };
  expect(JSON.stringify(manifest.content_scripts)).not.toMatch(/127\.0\.0\.1|localhost/);
}

describe('extension packages', () => {
  it('Chrome zip: the release build without source maps, sandbox origins or manifest key', async () => {
    const files = await readZip(packages.chromeZip);
    expectNoDevelopmentTraces(files);
    const manifest = manifestOf(files);
    expect(manifest.key).toBeUndefined();
    expect(manifest.version).toBe(PRODUCT_VERSION);
    expect(manifest.storage?.managed_schema).toBe('extension/managed-schema.json');
    expect(files.has('extension/managed-schema.json')).toBe(true);
    expect(files.has(manifest.background.service_worker!)).toBe(true);
  });

  it('CRX3: the signature verifies against the key passed in, whose id it carries', async () => {
    const verified = verifyCrx(readFileSync(packages.crx));
    expect(verified.id).toBe(loadSigningKey(keyFile).id);
    expect(packages.crxId).toBe(verified.id);
    const files = await readZip(verified.zip);
    expectNoDevelopmentTraces(files);
    // Self-hosted CRX: the manifest key is the signing key's, so the unpacked id is the CRX id
    // (with the extension's own key this is CHROMIUM_EXTENSION_ID).
    expect(manifestOf(files).key).toBe(loadSigningKey(keyFile).publicDer.toString('base64'));
  });

  it('Firefox XPI: gecko id, event-page background, none of the keys Firefox does not know', async () => {
    const files = await readZip(packages.firefoxXpi);
    expectNoDevelopmentTraces(files);
    const manifest = manifestOf(files);
    expect(manifest.browser_specific_settings?.gecko.id).toBe(GECKO_EXTENSION_ID);
    expect(manifest.background.service_worker).toBeUndefined();
    expect(files.has(manifest.background.scripts![0]!)).toBe(true);
    expect(manifest.storage).toBeUndefined();
    expect(JSON.stringify(manifest)).not.toContain('use_dynamic_url');
    expect(manifest.key).toBeUndefined();
  });
});

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function expectHostTree(root: string, resolveLink: (link: string) => string): void {
  const layout = PACKAGE_LAYOUT.linux;
  const executable = path.join(root, packagedExecutable('linux'));
  expect(lstatSync(executable).mode & 0o111).not.toBe(0);
  for (const addon of HOST_ADDONS) expect(existsSync(path.join(root, layout.installDir, addon))).toBe(true);
  for (const browser of HOST_BROWSERS) {
    const file = resolveLink(path.join(HOST_MANIFEST_DIRS.linux[browser].system, `${HOST_NAME}.json`));
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(manifest.name, browser).toBe(HOST_NAME);
    expect(manifest.path, browser).toBe(packagedExecutable('linux'));
    if (browser === 'firefox') expect(manifest.allowed_extensions).toEqual([GECKO_EXTENSION_ID]);
    // The id of the CRX this package set was signed for (a test key here), not the built-in one.
    else expect(manifest.allowed_origins).toEqual([`chrome-extension://${packages.crxId}/`]);
  }
}

/** Starts the host as a browser would (origin argument, stdio) and asks for hello and status. */
async function helloAndStatus(
  executable: string,
  env: NodeJS.ProcessEnv,
): Promise<{ hello: Record<string, unknown>; status: Record<string, unknown> }> {
  const child = spawn(executable, [`chrome-extension://${packages.crxId}/`], { env, stdio: 'pipe' });
  const reader = new FrameReader(HOST_MAX_OUTBOUND_BYTES);
  const frames: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  let stderr = '';
  let exited = false;
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdout.on('data', (chunk: Buffer) => {
    for (const event of reader.push(chunk))
      if (event.kind === 'message') frames.push(event.value as Record<string, unknown>);
    for (const wake of waiters.splice(0)) wake();
  });
  child.on('exit', () => {
    exited = true;
    for (const wake of waiters.splice(0)) wake();
  });
  async function arrived(predicate: (frame: Record<string, unknown>) => boolean) {
    for (;;) {
      const frame = frames.find(predicate);
      if (frame) return frame;
      if (exited) throw new Error(`host exited: ${stderr}`);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  }
  try {
    const hello = await arrived((frame) => frame.type === 'hello');
    child.stdin.write(encodeFrame({ id: 's1', command: 'status', arguments: {} }));
    const status = await arrived((frame) => frame.id === 's1');
    return { hello, status };
  } finally {
    child.stdin.end();
    child.kill();
  }
}

describe('host tarball (other distributions)', () => {
  const unpacked = path.join(tmp, 'unpacked');

  beforeAll(() => {
    mkdirSync(unpacked, { recursive: true });
    execFileSync('tar', ['-xzf', packages.tarball, '-C', unpacked]);
  });

  it('is reproducible: built twice from the same inputs, the same sha256', { timeout: 10 * 60_000 }, () => {
    const again = path.join(tmp, 'again.tar.gz');
    const stage = mkdtempSync(path.join(tmp, 'stage-'));
    buildTarball(stage, hostDir, PRODUCT_VERSION, again, packages.crxId);
    expect(sha256(again)).toBe(sha256(packages.tarball));
    const listing = execFileSync('tar', ['-tvzf', again], { encoding: 'utf8' }).trim().split('\n');
    const names = listing.map((line) => line.split(/\s+/).slice(5).join(' '));
    expect(names).toEqual([...names].sort());
    expect(listing.every((line) => line.includes('0/0') && line.includes('1980-01-01'))).toBe(true);
  });

  it('holds the executable, its addons and a manifest per browser that points at it', () => {
    expectHostTree(unpacked, (link) => {
      const target = execFileSync('readlink', [path.join(unpacked, link)], { encoding: 'utf8' }).trim();
      return path.join(unpacked, path.isAbsolute(target) ? target : path.resolve(path.dirname(link), target));
    });
  });

  it('the CLI runs from it with no checkout and no node on PATH: policy writes into the current folder', () => {
    expect(spawnSync('sh', ['-c', 'command -v node'], { env: { PATH: NO_NODE_PATH } }).status).not.toBe(0);
    const cwd = mkdtempSync(path.join(tmp, 'cwd-'));
    const executable = path.join(unpacked, packagedExecutable('linux'));
    const run = spawnSync(executable, ['policy', 'chrome', '--os', 'linux'], {
      cwd,
      env: { PATH: NO_NODE_PATH, HOME: cwd },
      encoding: 'utf8',
    });
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.status).toBe(0);
    const written = readFileSync(
      path.join(
        cwd,
        'zorgid-companion-policy-chrome-linux/etc/opt/chrome/policies/managed/zorgid-companion.json',
      ),
      'utf8',
    );
    // The executable takes the id from the package (package-info.json), the one its host manifests name.
    expect(packages.crxId).not.toBe(CHROMIUM_EXTENSION_ID);
    expect(written).toContain(packages.crxId);
    expect(written).not.toContain(CHROMIUM_EXTENSION_ID);
    const inspect = spawnSync(
      executable,
      [
        'inspect-cert',
        path.join(REPO_ROOT, 'test/fixtures/uzi-test-certs/card-zorgverlener-jan/authenticatie.pem'),
        '--json',
      ],
      { cwd, env: { PATH: NO_NODE_PATH }, encoding: 'utf8' },
    );
    expect(inspect.status, inspect.stderr).toBe(0);
    expect(JSON.parse(inspect.stdout)).toHaveProperty('uziNumber');
  });

  it('install-host from the executable registers the executable itself (no launcher script)', () => {
    const home = mkdtempSync(path.join(tmp, 'home-'));
    const executable = path.join(unpacked, packagedExecutable('linux'));
    const manifestFile = path.join(home, '.config/chromium/NativeMessagingHosts', `${HOST_NAME}.json`);
    const run = spawnSync(executable, ['install-host', '--browser', 'chromium'], {
      cwd: home,
      env: { PATH: NO_NODE_PATH, HOME: home },
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    expect((JSON.parse(readFileSync(manifestFile, 'utf8')) as { path: string }).path).toBe(executable);
    const removed = spawnSync(executable, ['uninstall-host', '--browser', 'chromium'], {
      cwd: home,
      env: { PATH: NO_NODE_PATH, HOME: home },
      encoding: 'utf8',
    });
    expect(removed.status, removed.stderr).toBe(0);
    expect(existsSync(manifestFile)).toBe(false);
    expect(existsSync(executable)).toBe(true);
  });

  it('started by hand in a terminal, the host says what it is and how to register it, and exits', () => {
    const executable = path.join(unpacked, packagedExecutable('linux'));
    // script(1) gives the host a pseudo-terminal as stdin, like a person typing the command.
    const run = spawnSync('script', ['-qec', `'${executable}' host`, '/dev/null'], {
      env: { PATH: `${NO_NODE_PATH}:/usr/bin`, TERM: 'dumb' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stdout).toMatch(/install-host/);
    expect(run.stdout).toContain(HOST_NAME);
    expect(run.status).toBe(2);
  });

  it('the host answers hello and status with no node on PATH', async () => {
    const { hello, status } = await helloAndStatus(path.join(unpacked, packagedExecutable('linux')), {
      ...process.env,
      PATH: NO_NODE_PATH,
    });
    expect(hello.version).toBe(PRODUCT_VERSION);
    expect(status.result).toHaveProperty('readers');
  });
});

describe('.deb', () => {
  it('lists the executable, addons and manifests; depends on pcscd and libpcsclite1', () => {
    const fields = execFileSync('dpkg-deb', ['-f', packages.deb, 'Package', 'Version', 'Depends'], {
      encoding: 'utf8',
    });
    expect(fields).toContain(`Package: ${DEB_PACKAGE}`);
    expect(fields).toContain(`Version: ${PRODUCT_VERSION}`);
    expect(fields).toMatch(/Depends: pcscd, libpcsclite1/);
    const listing = execFileSync('dpkg-deb', ['-c', packages.deb], { encoding: 'utf8' });
    expect(listing).toContain(`.${packagedExecutable('linux')}`);
    for (const addon of HOST_ADDONS) expect(listing).toContain(`${PACKAGE_LAYOUT.linux.installDir}/${addon}`);
  });

  it('lintian reports no errors', { timeout: 10 * 60_000 }, () => {
    const run = spawnSync('lintian', ['--tag-display-limit', '0', packages.deb], { encoding: 'utf8' });
    expect(run.error).toBeUndefined();
    const errors = run.stdout.split('\n').filter((line) => line.startsWith('E:'));
    expect(errors).toEqual([]);
  });
});

/** ⚠ Changes the machine: apt-get install / purge of the package (root, under the sandbox lock). */
describe('.deb installed for real (root; system state)', () => {
  const aptLock = ['-o', 'DPkg::Lock::Timeout=600'];
  const installed = () =>
    spawnSync('dpkg-query', ['-W', '-f=${Status}', DEB_PACKAGE], { encoding: 'utf8' }).stdout.includes(
      'install ok installed',
    );
  const etcOptBefore = ['/etc/opt/chrome', '/etc/opt/edge'].filter((dir) => existsSync(dir));

  afterAll(() => {
    if (installed()) spawnSync('apt-get', ['purge', '-y', ...aptLock, DEB_PACKAGE], { stdio: 'ignore' });
  });

  it(
    'installs with apt-get, the host answers through each system manifest, doctor runs, purge leaves nothing',
    { timeout: 15 * 60_000 },
    async () => {
      expect(process.getuid?.(), 'this test installs a .deb: run npm test as root (CI does)').toBe(0);
      expect(installed(), `${DEB_PACKAGE} is already installed on this machine`).toBe(false);
      const install = spawnSync('apt-get', ['install', '-y', ...aptLock, packages.deb], { encoding: 'utf8' });
      expect(install.status, install.stderr).toBe(0);
      expect(installed()).toBe(true);

      expectHostTree('/', (link) => link);
      const env = { ...process.env, PATH: NO_NODE_PATH };
      for (const browser of HOST_BROWSERS) {
        const manifest = JSON.parse(
          readFileSync(path.join(HOST_MANIFEST_DIRS.linux[browser].system, `${HOST_NAME}.json`), 'utf8'),
        ) as { path: string };
        const { hello, status } = await helloAndStatus(manifest.path, env);
        expect(hello.version, browser).toBe(PRODUCT_VERSION);
        expect(status.result, browser).toHaveProperty('pcsc');
      }

      const doctor = spawnSync(
        PACKAGE_LAYOUT.linux.commandLink!,
        ['doctor', '--json', '--browser', HOST_BROWSERS.join(',')],
        {
          env: { ...env, HOME: mkdtempSync(path.join(tmp, 'doctor-home-')) },
          encoding: 'utf8',
          timeout: 120_000,
        },
      );
      expect(doctor.stderr).not.toMatch(/\n\s+at /);
      const report = JSON.parse(doctor.stdout) as { checks: { id: string; status: string }[] };
      const hostCheck = report.checks.find((check) => check.id === 'host-installation');
      expect(hostCheck?.status, JSON.stringify(hostCheck)).toBe('pass');
      expect(JSON.stringify(report)).toContain(PRODUCT_VERSION);

      const purge = spawnSync('apt-get', ['purge', '-y', ...aptLock, DEB_PACKAGE], { encoding: 'utf8' });
      expect(purge.status, purge.stderr).toBe(0);
      expect(installed()).toBe(false);
      const left = [
        PACKAGE_LAYOUT.linux.installDir,
        PACKAGE_LAYOUT.linux.commandLink!,
        ...HOST_BROWSERS.map((browser) =>
          path.join(HOST_MANIFEST_DIRS.linux[browser].system, `${HOST_NAME}.json`),
        ),
      ].filter((file) => {
        try {
          lstatSync(file);
          return true;
        } catch {
          return false;
        }
      });
      expect(left).toEqual([]);
      // The /etc/opt/<browser> folders postinst made are gone again; ones that were there stay.
      for (const dir of ['/etc/opt/chrome', '/etc/opt/edge'])
        expect(existsSync(dir), dir).toBe(etcOptBefore.includes(dir));
      expect(readdirSync('/usr/lib').filter((name) => name.startsWith('zorgid'))).toEqual([]);
    },
  );
});
