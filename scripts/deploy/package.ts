// `zorgid-companion package`: the extension as a Chrome zip and a Firefox zip (manifest adjusted
// in the copy), and a host tarball. Signing is not done here: a CRX needs the private key
// behind the manifest `key`, an XPI needs Mozilla's signing (AMO); neither is in the repository.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXTENSION_DIST, REPO_ROOT } from '../lib/paths.js';
import { parseArgs, stringOption, type CommandOutput } from '../../cli/cli-io.js';
import { GECKO_EXTENSION_ID } from '../../cli/ids.js';
import { createZip, type ZipEntry } from './zip.js';

export interface PackageOptions {
  extensionDir?: string;
  nodeDistDir?: string;
  outDir?: string;
}

export interface PackageResult {
  chromeZip: string;
  firefoxZip: string;
  hostTarball: string;
  warnings: string[];
}

type Manifest = Record<string, unknown> & {
  version: string;
  background?: { service_worker?: string; scripts?: string[]; type?: string };
  storage?: { managed_schema?: string };
};

/** Chromium-only keys Firefox warns about or refuses. */
const CHROMIUM_ONLY_KEYS = ['key', 'minimum_chrome_version', 'update_url'] as const;
const FIREFOX_MIN_VERSION = '115.0';

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? listFiles(path.join(dir, entry.name), relative) : [relative];
    });
}

/**
 * Firefox 115+ runs MV3 backgrounds as event pages (`background.scripts`, module type supported)
 * and has no extension service workers; its managed storage comes from policies.json 3rdparty,
 * so the Chrome managed_schema is not needed there.
 */
export function firefoxManifest(chromeManifest: Manifest): Manifest {
  const copy = JSON.parse(JSON.stringify(chromeManifest)) as Manifest;
  for (const key of CHROMIUM_ONLY_KEYS) delete copy[key];
  // Firefox warns about keys it does not know; its managed settings come from policies.json.
  delete copy.storage;
  const resources = copy.web_accessible_resources as Record<string, unknown>[] | undefined;
  for (const entry of resources ?? []) delete entry.use_dynamic_url;
  if (copy.background?.service_worker) {
    const { service_worker: worker, type } = copy.background;
    copy.background = { scripts: [worker], ...(type ? { type } : {}) };
  }
  const existing =
    (copy.browser_specific_settings as { gecko?: Record<string, unknown> } | undefined)?.gecko ?? {};
  copy.browser_specific_settings = {
    gecko: {
      ...existing,
      id: GECKO_EXTENSION_ID,
      strict_min_version: existing.strict_min_version ?? FIREFOX_MIN_VERSION,
    },
  };
  return copy;
}

function zipDir(dir: string, manifest: Manifest): Buffer {
  const entries: ZipEntry[] = listFiles(dir).map((name) => ({
    name,
    data:
      name === 'manifest.json'
        ? Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`)
        : readFileSync(path.join(dir, name)),
  }));
  return createZip(entries);
}

export const HOST_PACKAGE_README = `ZORG-ID Companion host

Contents / inhoud:
  dist/node/          compiled host (native-host/src/host-entry.js), shared code, CLI (scripts/)
  bin/                zorgid-companion command
  package.json, package-lock.json   production dependencies: run 'npm ci --omit=dev' (native
                      modules pcsclite and pkcs11js build against libpcsclite-dev)
Then / daarna:
  zorgid-companion install-host [--system] [--browser all]
`;

function hostTarball(nodeDistDir: string, outFile: string, version: string): void {
  const staging = mkdtempSync(path.join(os.tmpdir(), 'zorgid-host-'));
  const root = path.join(staging, `zorgid-companion-host-${version}`);
  try {
    cpSync(nodeDistDir, path.join(root, 'dist', 'node'), { recursive: true });
    for (const item of ['bin', 'package.json', 'package-lock.json']) {
      const source = path.join(REPO_ROOT, item);
      if (existsSync(source)) cpSync(source, path.join(root, item), { recursive: true });
    }
    writeFileSync(path.join(root, 'README.txt'), HOST_PACKAGE_README);
    // GNU tar is on every build machine we use; --sort/--mtime/--owner make the archive reproducible.
    execFileSync('tar', [
      '--sort=name',
      '--mtime=1980-01-01 00:00Z',
      '--owner=0',
      '--group=0',
      '--numeric-owner',
      '-czf',
      outFile,
      '-C',
      staging,
      path.basename(root),
    ]);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

export function buildPackages(options: PackageOptions = {}): PackageResult {
  const extensionDir = options.extensionDir ?? EXTENSION_DIST;
  const nodeDistDir = options.nodeDistDir ?? path.join(REPO_ROOT, 'dist', 'node');
  const outDir = options.outDir ?? path.join(REPO_ROOT, 'dist', 'packages');
  const manifestFile = path.join(extensionDir, 'manifest.json');
  if (!existsSync(manifestFile))
    throw new Error(`${manifestFile} ontbreekt: eerst 'npm run build' / missing: run 'npm run build' first`);
  if (!existsSync(nodeDistDir) || !statSync(nodeDistDir).isDirectory())
    throw new Error(`${nodeDistDir} ontbreekt / missing`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  const warnings: string[] = [];
  const schema = manifest.storage?.managed_schema;
  if (schema && !existsSync(path.join(extensionDir, schema))) {
    warnings.push(`managed_schema ${schema} staat niet in ${extensionDir} / is not in the build output`);
  }
  mkdirSync(outDir, { recursive: true });
  const base = `zorgid-companion-${manifest.version}`;
  const chromeZip = path.join(outDir, `${base}-chrome.zip`);
  const firefoxZip = path.join(outDir, `${base}-firefox.zip`);
  const hostFile = path.join(outDir, `host-${manifest.version}.tar.gz`);
  writeFileSync(chromeZip, zipDir(extensionDir, manifest));
  writeFileSync(firefoxZip, zipDir(extensionDir, firefoxManifest(manifest)));
  hostTarball(nodeDistDir, hostFile, manifest.version);
  return { chromeZip, firefoxZip, hostTarball: hostFile, warnings };
}

export function packageCommand(args: string[], out: CommandOutput): Promise<number> {
  const parsed = parseArgs(args);
  const outDir = stringOption(parsed, 'out');
  try {
    const result = buildPackages(outDir ? { outDir: path.resolve(outDir) } : {});
    out.stdout(
      [
        'Pakketten / packages:',
        `  ${result.chromeZip}`,
        `  ${result.firefoxZip}`,
        `  ${result.hostTarball}`,
        'Niet ondertekend: CRX met de privésleutel van de manifest-key, XPI via AMO. / Unsigned: sign the CRX with the key, the XPI via AMO.',
        ...result.warnings.map((warning) => `Let op / warning: ${warning}`),
      ].join('\n'),
    );
    return Promise.resolve(0);
  } catch (error) {
    out.stderr(`Mislukt / failed: ${error instanceof Error ? error.message : String(error)}`);
    return Promise.resolve(1);
  }
}
