// `npm run package -- --key KEY.pem [--out DIR] [--extension DIR] [--allow-other-id]`: the release
// packages from a release build. Everything is made in a staging folder and moved into the output
// folder only when all of it succeeded: a refusal or failure leaves no partial artifact there.
//   zorgid-companion-<v>-chrome.zip     Chrome Web Store / Edge Add-ons (no manifest `key`)
//   zorgid-companion-<v>.crx            CRX3 signed with --key, for self-hosting (updates.xml)
//   zorgid-companion-<v>-firefox.xpi    unsigned XPI for AMO signing (gecko id, event page)
//   zorgid-companion_<v>_amd64.deb      host executable + addons + system host manifests
//   zorgid-companion-host-<v>-linux-x64.tar.gz   the same tree, reproducible
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, stringOption, type CommandOutput } from '../../cli/cli-io.js';
import { CHROMIUM_EXTENSION_ID } from '../../cli/ids.js';
import { HOST_ADDONS, PACKAGE_LAYOUT } from '../../cli/host-locations.js';
import { EXTENSION_DIST } from '../../testing/lib/paths.js';
import { buildHostExecutable } from '../build/sea.js';
import { listFiles, writeZip, type ArchiveEntry } from './archive.js';
import { loadSigningKey, signCrx, verifyCrx } from './crx.js';
import { buildDeb, buildTarball } from './linux-package.js';
import {
  RELEASE_BUILD_FIX,
  firefoxManifest,
  releaseManifest,
  releaseProblems,
  injectedSandboxMatches,
  storeManifest,
  type Manifest,
} from './release-manifest.js';

export interface PackageOptions {
  /** PEM RSA private key that signs the CRX. */
  keyFile: string;
  outDir: string;
  extensionDir?: string;
  /** Folder with the host executable and its addons; built (dist/host) when absent. */
  hostDir?: string;
  /** Sign with a key that is not the manifest's (tests, a private test channel): the CRX gets that key's id. */
  allowOtherId?: boolean;
}

export interface PackageResult {
  chromeZip: string;
  crx: string;
  crxId: string;
  firefoxXpi: string;
  deb: string;
  tarball: string;
}

/** A refusal the user can fix; the message names the fix. */
export class PackageRefused extends Error {}

export const PACKAGE_USAGE = `npm run package -- --key SLEUTEL.pem [--out MAP] [--extension MAP] [--allow-other-id]`;

function extensionEntries(dir: string, manifest: Manifest): ArchiveEntry[] {
  return listFiles(dir)
    .filter((name) => !name.endsWith('.map') && name !== 'build-info.json')
    .map((name) => ({
      name,
      data:
        name === 'manifest.json'
          ? Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`)
          : readFileSync(path.join(dir, name)),
    }));
}

function checkInputs(options: PackageOptions, extensionDir: string): ReturnType<typeof loadSigningKey> {
  const problems = releaseProblems(extensionDir);
  if (problems.length > 0)
    throw new PackageRefused(
      `Geen release-build in ${extensionDir} / not a release build:\n  ${problems.join('\n  ')}\n` +
        `Oplossing / fix: ${RELEASE_BUILD_FIX}, then npm run package again.`,
    );
  const key = loadSigningKey(options.keyFile);
  if (key.id !== CHROMIUM_EXTENSION_ID && !options.allowOtherId)
    throw new PackageRefused(
      `De sleutel hoort bij id ${key.id}, de extensie heeft ${CHROMIUM_EXTENSION_ID} / the key belongs to ${key.id}, ` +
        `not to the extension's id (manifest key). Pass the extension's own key, or --allow-other-id for a test package.`,
    );
  if (options.hostDir) {
    const missing = [PACKAGE_LAYOUT.linux.executable, ...HOST_ADDONS].filter(
      (file) => !existsSync(path.join(options.hostDir!, file)),
    );
    if (missing.length > 0)
      throw new PackageRefused(
        `Ontbreekt in ${options.hostDir} / missing: ${missing.join(', ')}. ` +
          'Fix: npm ci (builds the addons), then npx tsx scripts/build/sea.ts.',
      );
  }
  return key;
}

export async function buildPackages(options: PackageOptions): Promise<PackageResult> {
  const extensionDir = options.extensionDir ?? EXTENSION_DIST;
  const key = checkInputs(options, extensionDir);
  const built = JSON.parse(readFileSync(path.join(extensionDir, 'manifest.json'), 'utf8')) as Manifest;
  const release = releaseManifest(built);
  const leftovers = injectedSandboxMatches(release);
  if (leftovers.length > 0)
    throw new PackageRefused(`sandbox origins in the content scripts: ${leftovers.join(', ')}`);
  const version = release.version;

  mkdirSync(options.outDir, { recursive: true });
  // Beside the output folder (same file system, so the final rename is atomic), never inside it.
  const stage = mkdtempSync(path.join(path.dirname(path.resolve(options.outDir)), '.zorgid-package-'));
  try {
    let hostDir = options.hostDir;
    if (!hostDir) {
      hostDir = path.join(stage, 'host');
      await buildHostExecutable(hostDir);
    }
    const names = {
      chromeZip: `zorgid-companion-${version}-chrome.zip`,
      crx: `zorgid-companion-${version}.crx`,
      firefoxXpi: `zorgid-companion-${version}-firefox.xpi`,
      deb: `zorgid-companion_${version}_amd64.deb`,
      tarball: `zorgid-companion-host-${version}-linux-x64.tar.gz`,
    };
    const staged = (name: string) => path.join(stage, name);
    await writeZip(extensionEntries(extensionDir, storeManifest(release)), staged(names.chromeZip));
    const crxZip = staged('crx-payload.zip');
    // The manifest key is the signing key's public key: Chromium's id for the CRX and for the
    // unpacked copy agree, and the .deb below names that id (the extension's own key: unchanged).
    const crxManifest = { ...release, key: key.publicDer.toString('base64') };
    await writeZip(extensionEntries(extensionDir, crxManifest), crxZip);
    await signCrx(crxZip, options.keyFile, staged(names.crx));
    // Fail closed: a CRX we cannot verify ourselves is not shipped.
    const crxId = verifyCrx(readFileSync(staged(names.crx))).id;
    await writeZip(extensionEntries(extensionDir, firefoxManifest(release)), staged(names.firefoxXpi));
    if (crxId !== key.id) throw new Error(`CRX id ${crxId} is not the key's id ${key.id}`);
    buildDeb(staged('deb-tree'), hostDir, version, staged(names.deb), crxId);
    buildTarball(staged('tar-tree'), hostDir, version, staged(names.tarball), crxId);

    const result = {} as Record<keyof typeof names, string>;
    for (const [kind, name] of Object.entries(names) as [keyof typeof names, string][]) {
      const target = path.join(options.outDir, name);
      renameSync(staged(name), target);
      result[kind] = target;
    }
    return { ...result, crxId };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

export async function packageCommand(args: string[], out: CommandOutput): Promise<number> {
  const parsed = parseArgs(args, ['allow-other-id']);
  const keyFile = stringOption(parsed, 'key') ?? process.env.ZORGID_CRX_KEY;
  if (!keyFile) {
    out.stderr(
      `Geen ondertekensleutel / no signing key: pass --key KEY.pem (the extension's RSA private key; ` +
        `a test key: openssl genrsa -out test-key.pem 2048, with --allow-other-id)\n${PACKAGE_USAGE}`,
    );
    return 2;
  }
  const extensionDir = stringOption(parsed, 'extension');
  const hostDir = stringOption(parsed, 'host');
  try {
    const result = await buildPackages({
      keyFile: path.resolve(keyFile),
      outDir: path.resolve(stringOption(parsed, 'out') ?? '.'),
      allowOtherId: parsed.options.has('allow-other-id'),
      ...(extensionDir ? { extensionDir: path.resolve(extensionDir) } : {}),
      ...(hostDir ? { hostDir: path.resolve(hostDir) } : {}),
    });
    out.stdout(
      [
        'Pakketten / packages:',
        `  ${result.chromeZip}`,
        `  ${result.crx} (id ${result.crxId})`,
        `  ${result.firefoxXpi} (ongetekend: onderteken via AMO / unsigned: sign via AMO)`,
        `  ${result.deb}`,
        `  ${result.tarball}`,
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    out.stderr(
      `Mislukt, niets geschreven / failed, nothing written: ${error instanceof Error ? error.message : String(error)}`,
    );
    return error instanceof PackageRefused ? 2 : 1;
  }
}
