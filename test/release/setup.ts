// Global set-up of the release tier: the packages are made ONCE, as `npm run package` makes them
// (release build of the extension, the single-executable host, a test signing key: the CRX carries that
// key's id, and so do the .deb's host manifests). Nothing is installed here: a global set-up runs before
// every tier of the same Vitest run, and the integration and e2e tests need a machine without the
// package (no system host manifest). Each release test installs the .deb with apt-get in its own
// beforeAll and purges it in afterAll (installReleaseDeb / purgeReleaseDeb).
// `ZORGID_RELEASE=0` skips the tier (a machine without root or apt); the files then skip themselves.
import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildHostExecutable } from '../../scripts/build/sea.js';
import { DEB_PACKAGE } from '../../scripts/deploy/linux-package.js';
import { buildPackages, type PackageResult } from '../../scripts/deploy/package.js';
import { REPO_ROOT } from '../../testing/lib/paths.js';

export interface ReleaseFixture {
  enabled: boolean;
  /** Why the tier is off, when it is. */
  skipped?: string;
  /** Scratch folder of the tier (packages, keys); removed in teardown. */
  tmp: string;
  packages?: PackageResult;
}

declare module 'vitest' {
  export interface ProvidedContext {
    release: ReleaseFixture;
  }
}

const APT_LOCK = ['-o', 'DPkg::Lock::Timeout=600'];

export const debInstalled = (): boolean =>
  spawnSync('dpkg-query', ['-W', '-f=${Status}', DEB_PACKAGE], { encoding: 'utf8' }).stdout.includes(
    'install ok installed',
  );

/** Purges the package if it is there; true when it is gone afterwards. */
export function purgeReleaseDeb(): boolean {
  if (debInstalled()) spawnSync('apt-get', ['purge', '-y', ...APT_LOCK, DEB_PACKAGE], { stdio: 'ignore' });
  return !debInstalled();
}

/** Installs the package as an administrator does; throws with apt-get's words when it fails. */
export function installReleaseDeb(deb: string): void {
  if (debInstalled())
    throw new Error(`${DEB_PACKAGE} is already installed on this machine: the release test would replace it`);
  const install = spawnSync('apt-get', ['install', '-y', ...APT_LOCK, deb], { encoding: 'utf8' });
  if (install.status !== 0) {
    purgeReleaseDeb();
    throw new Error(`apt-get install ${deb} failed:\n${install.stderr}`);
  }
}

/** The packages as `npm run package -- --key test-key.pem --allow-other-id` makes them. */
async function makePackages(tmp: string): Promise<PackageResult> {
  const extensionDir = path.join(tmp, 'extension');
  execFileSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'vite'), ['build', '--outDir', extensionDir], {
    cwd: REPO_ROOT,
    env: { ...process.env, ZORGID_BUILD: 'release' },
    stdio: 'pipe',
  });
  const keyFile = path.join(tmp, 'test-key.pem');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const hostDir = path.join(tmp, 'host');
  await buildHostExecutable(hostDir);
  return buildPackages({ keyFile, outDir: path.join(tmp, 'out'), extensionDir, hostDir, allowOtherId: true });
}

export default async function setup(project: TestProject): Promise<() => void> {
  const tmp = mkdtempSync(path.join(tmpdir(), 'zorgid-release-'));
  const teardown = () => {
    rmSync(tmp, { recursive: true, force: true });
    // Each file purges its own install; a package still here means one of them could not.
    if (!purgeReleaseDeb()) throw new Error(`${DEB_PACKAGE} is still installed after the release tier`);
  };
  if (process.env.ZORGID_RELEASE === '0') {
    project.provide('release', { enabled: false, skipped: 'ZORGID_RELEASE=0', tmp });
    return teardown;
  }
  if (process.getuid?.() !== 0)
    throw new Error('the release tier installs a .deb and writes /etc: run npm test as root (CI does)');
  try {
    const packages = await makePackages(tmp);
    project.provide('release', { enabled: true, tmp, packages });
  } catch (error) {
    teardown();
    throw error;
  }
  return teardown;
}
