// Registers the native messaging host where each browser looks for it. User scope writes only
// under the user's home (terminal servers: one registration per user, nothing shared, no
// ports); system scope writes the system directories (run as root / by the software
// deployment tool). Idempotent: a second run compares contents and changes nothing.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
  readdirSync,
} from 'node:fs';
import path from 'node:path';
import { firefoxHostManifest, hostLauncherScript, hostManifest, isOurLauncher } from './host-manifest.js';
import { hostStart } from './self.js';
import { CHROMIUM_EXTENSION_ID, GECKO_EXTENSION_ID, HOST_NAME } from './ids.js';
import {
  HOST_BROWSERS,
  INSTALL_RECORD_FILE,
  LAUNCHER_FILE,
  isFirefox,
  launcherDir,
  manifestPath,
  type HostBrowser,
  type HostPlatform,
  type HostScope,
} from './host-locations.js';
import { windowsHostFiles, type WindowsHostOptions } from './windows-host.js';
import { writeGeneratedFiles } from './policy/command.js';
import { CONFIG_FILE_MODULES_KEY } from '../native-host/src/token/pkcs11/module-paths.js';
import { SYSTEM_CONFIG_FILES, USER_CONFIG_FILE } from '../native-host/src/token/pkcs11/system-module.js';

export interface HostInstallOptions {
  browsers: readonly HostBrowser[];
  scope: HostScope;
  platform: HostPlatform;
  homeDir: string;
  /**
   * Absolute launcher path; default: the host executable itself when this is one, else a shell
   * launcher under the home (user) or /usr/local/lib (system).
   */
  launcherPath?: string;
  /** false: launcherPath is an existing launcher (e.g. from a package); do not write it. */
  writeLauncher?: boolean;
  /** Extra environment for the launcher (e.g. ZORGID_PKCS11_MODULE). */
  launcherEnv?: Record<string, string>;
  /**
   * Absolute path of the PKCS#11 module the host uses when no policy names one (a machine
   * without SafeSign). Written into the host's config file for this scope, which the host reads
   * however the browser starts it (launcher or executable, any environment).
   */
  pkcs11Module?: string;
  hostEntry?: string;
  nodePath?: string;
  /** Prefix for system paths (DESTDIR-style), for packaging and tests. */
  rootDir?: string;
  dryRun?: boolean;
  /** Windows only: where the generated files go on this machine, and the install dir they name. */
  windows?: { outDir: string } & Omit<WindowsHostOptions, 'browsers' | 'scope'>;
}

export type HostFileAction = 'created' | 'updated' | 'unchanged' | 'removed' | 'absent' | 'generated';

export interface HostInstallResult {
  changed: boolean;
  files: { path: string; action: HostFileAction; browser?: HostBrowser }[];
}

interface InstallRecord {
  files: string[];
  createdDirs: string[];
}

const EXECUTABLE = 0o755;
const READABLE = 0o644;

/** The host executable needs no launcher: the manifest names it directly. */
function usesExecutable(options: HostInstallOptions): boolean {
  return options.launcherPath === undefined && options.hostEntry === undefined && hostStart().executable;
}

function launcherPathFor(options: HostInstallOptions, platform: 'linux' | 'darwin'): string {
  if (usesExecutable(options)) return hostStart().command;
  return options.launcherPath ?? path.join(launcherDir(platform, options), LAUNCHER_FILE);
}

const writesLauncher = (options: HostInstallOptions) =>
  options.writeLauncher !== false && !usesExecutable(options);

/** Windows files are generated, never written into the installation: the current folder or --out. */
const windowsOutDir = (options: HostInstallOptions) =>
  options.windows?.outDir ?? path.resolve(`zorgid-companion-host-windows-${options.scope}`);

function recordPath(options: HostInstallOptions, platform: 'linux' | 'darwin'): string {
  return path.join(launcherDir(platform, options), INSTALL_RECORD_FILE);
}

function readRecord(file: string): InstallRecord {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<InstallRecord>;
    return { files: parsed.files ?? [], createdDirs: parsed.createdDirs ?? [] };
  } catch {
    return { files: [], createdDirs: [] };
  }
}

/** mkdir -p that remembers which levels it created. */
function ensureDir(dir: string, record: InstallRecord, dryRun: boolean): void {
  const missing: string[] = [];
  for (let current = dir; !existsSync(current); current = path.dirname(current)) missing.unshift(current);
  if (!dryRun) for (const level of missing) mkdirSync(level);
  for (const level of missing) if (!record.createdDirs.includes(level)) record.createdDirs.push(level);
}

function writeIfDifferent(
  file: string,
  content: string,
  mode: number,
  record: InstallRecord,
  dryRun: boolean,
): HostFileAction {
  const exists = existsSync(file);
  if (exists && readFileSync(file, 'utf8') === content && (statSync(file).mode & 0o777) === mode)
    return 'unchanged';
  ensureDir(path.dirname(file), record, dryRun);
  if (!dryRun) {
    writeFileSync(file, content, { mode });
    chmodSync(file, mode);
  }
  if (!record.files.includes(file)) record.files.push(file);
  return exists ? 'updated' : 'created';
}

/** The host's config file for this scope (native-host/src/token/pkcs11/system-module.ts reads it). */
export function hostConfigPath(platform: 'linux' | 'darwin', options: HostInstallOptions): string {
  if (options.scope === 'user') return path.join(options.homeDir, '.config', USER_CONFIG_FILE);
  const system = SYSTEM_CONFIG_FILES[platform]!;
  return options.rootDir ? path.join(options.rootDir, system) : system;
}

function readConfigObject(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error(
      `${file} is geen JSON-object; herstel of verwijder het eerst / is not a JSON object; fix or remove it first`,
    );
  return parsed as Record<string, unknown>;
}

function checkModulePath(module: string): void {
  if (!path.isAbsolute(module))
    throw new Error(`--pkcs11-module moet een absoluut pad zijn / must be an absolute path: ${module}`);
  if (!existsSync(module) || !statSync(module).isFile())
    throw new Error(
      `PKCS#11-module niet gevonden; installeer de middleware of geef het juiste pad / PKCS#11 module not found; install the middleware or give the right path: ${module}`,
    );
}

export function hostManifestFor(browser: HostBrowser, launcher: string): Record<string, unknown> {
  return isFirefox(browser)
    ? firefoxHostManifest(launcher, GECKO_EXTENSION_ID)
    : hostManifest(launcher, CHROMIUM_EXTENSION_ID);
}

function installWindows(options: HostInstallOptions): HostInstallResult {
  const outDir = windowsOutDir(options);
  const files = windowsHostFiles({ ...options.windows, browsers: options.browsers, scope: options.scope });
  const written = options.dryRun
    ? files.map((file) => path.join(outDir, file.path))
    : writeGeneratedFiles(outDir, files);
  return { changed: !options.dryRun, files: written.map((file) => ({ path: file, action: 'generated' })) };
}

export function installHost(options: HostInstallOptions): HostInstallResult {
  if (options.platform === 'win32') return installWindows(options);
  const platform = options.platform;
  const dryRun = options.dryRun ?? false;
  const record = readRecord(recordPath(options, platform));
  const launcher = launcherPathFor(options, platform);
  if (!path.isAbsolute(launcher)) throw new Error(`launcherPath must be absolute: ${launcher}`);
  if (options.pkcs11Module !== undefined) checkModulePath(options.pkcs11Module);
  const files: HostInstallResult['files'] = [];
  if (options.pkcs11Module !== undefined) {
    const file = hostConfigPath(platform, options);
    const config = { ...readConfigObject(file), [CONFIG_FILE_MODULES_KEY]: [options.pkcs11Module] };
    const content = `${JSON.stringify(config, null, 2)}\n`;
    files.push({ path: file, action: writeIfDifferent(file, content, READABLE, record, dryRun) });
  }
  if (writesLauncher(options)) {
    const start = hostStart();
    const script = options.hostEntry
      ? hostLauncherScript(options.launcherEnv ?? {}, options.hostEntry, options.nodePath)
      : hostLauncherScript(
          options.launcherEnv ?? {},
          start.args[0] ?? '',
          options.nodePath ?? start.command,
          start.args.slice(1),
        );
    files.push({ path: launcher, action: writeIfDifferent(launcher, script, EXECUTABLE, record, dryRun) });
  }
  for (const browser of options.browsers) {
    const file = manifestPath(platform, browser, options);
    const content = `${JSON.stringify(hostManifestFor(browser, launcher), null, 2)}\n`;
    files.push({ path: file, browser, action: writeIfDifferent(file, content, READABLE, record, dryRun) });
  }
  const changed = files.some((file) => file.action !== 'unchanged');
  if (changed && !dryRun) {
    const recordFile = recordPath(options, platform);
    ensureDir(path.dirname(recordFile), record, false);
    writeFileSync(recordFile, `${JSON.stringify(record, null, 2)}\n`);
  }
  return { changed, files };
}

function isOurManifest(file: string): boolean {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === HOST_NAME;
  } catch {
    return false;
  }
}

function isEmptyDir(dir: string): boolean {
  try {
    return readdirSync(dir).length === 0;
  } catch {
    return false;
  }
}

/** Removes what install wrote for these browsers (and the launcher once no browser uses it). */
export function uninstallHost(options: HostInstallOptions): HostInstallResult {
  if (options.platform === 'win32') {
    const outDir = windowsOutDir(options);
    const files = windowsHostFiles({
      ...options.windows,
      browsers: options.browsers,
      scope: options.scope,
    }).filter((file) => file.path.startsWith('unregister-'));
    const written = options.dryRun
      ? files.map((file) => path.join(outDir, file.path))
      : writeGeneratedFiles(outDir, files);
    return { changed: !options.dryRun, files: written.map((file) => ({ path: file, action: 'generated' })) };
  }
  const platform = options.platform;
  const dryRun = options.dryRun ?? false;
  const recordFile = recordPath(options, platform);
  const record = readRecord(recordFile);
  const files: HostInstallResult['files'] = [];
  const remove = (file: string, browser?: HostBrowser) => {
    if (!existsSync(file)) {
      files.push({ path: file, action: 'absent', ...(browser ? { browser } : {}) });
      return;
    }
    if (!dryRun) rmSync(file);
    record.files = record.files.filter((entry) => entry !== file);
    files.push({ path: file, action: 'removed', ...(browser ? { browser } : {}) });
  };
  for (const browser of options.browsers) {
    const file = manifestPath(platform, browser, options);
    if (isOurManifest(file) || !existsSync(file)) remove(file, browser);
  }
  const launcher = launcherPathFor(options, platform);
  const stillUsed = HOST_BROWSERS.filter((browser) => !options.browsers.includes(browser)).some((browser) =>
    isOurManifest(manifestPath(platform, browser, options)),
  );
  const configFile = hostConfigPath(platform, options);
  if (!stillUsed && record.files.includes(configFile) && existsSync(configFile)) {
    // Only the key install wrote goes; other settings in the file stay.
    const { [CONFIG_FILE_MODULES_KEY]: _written, ...rest } = readConfigObject(configFile);
    if (Object.keys(rest).length === 0) remove(configFile);
    else {
      if (!dryRun) writeFileSync(configFile, `${JSON.stringify(rest, null, 2)}\n`);
      record.files = record.files.filter((entry) => entry !== configFile);
      files.push({ path: configFile, action: 'updated' });
    }
  }
  if (
    !stillUsed &&
    writesLauncher(options) &&
    existsSync(launcher) &&
    isOurLauncher(readFileSync(launcher, 'utf8'))
  ) {
    remove(launcher);
  }
  if (dryRun) return { changed: files.some((file) => file.action === 'removed'), files };
  if (record.files.length === 0) {
    rmSync(recordFile, { force: true });
    // Deepest first, and only the ones install created and that are empty now.
    for (const dir of [...record.createdDirs].sort((a, b) => b.length - a.length)) {
      if (isEmptyDir(dir)) rmdirSync(dir);
    }
  } else {
    writeFileSync(recordFile, `${JSON.stringify(record, null, 2)}\n`);
  }
  return { changed: files.some((file) => file.action === 'removed'), files };
}
