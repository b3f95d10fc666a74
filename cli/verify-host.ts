// For `doctor`: is the host registered where each browser looks, and would the browser accept it?
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CHROMIUM_EXTENSION_ID, GECKO_EXTENSION_ID, HOST_NAME, chromiumOrigin } from './ids.js';
import {
  HOST_REGISTRY_KEYS,
  isFirefox,
  manifestPath,
  type HostBrowser,
  type HostPlatform,
  type HostScope,
} from './host-locations.js';

export interface HostVerifyOptions {
  browsers: readonly HostBrowser[];
  scope: HostScope;
  platform: HostPlatform;
  homeDir: string;
  rootDir?: string;
  /** Windows: reads a key's default value (e.g. via `reg query`); absent = cannot check here. */
  readRegistryDefault?: (key: string) => string | undefined;
  chromiumExtensionId?: string;
  geckoExtensionId?: string;
}

export interface HostVerification {
  browser: HostBrowser;
  scope: HostScope;
  path: string;
  ok: boolean;
  problems: string[];
}

const PROBLEMS = {
  missing: (file: string) =>
    `Hostmanifest ontbreekt: ${file}. Voer 'zorgid-companion install-host' uit. / Host manifest missing.`,
  unreadable:
    'Hostmanifest is geen geldige JSON; installeer opnieuw. / Host manifest is not valid JSON; reinstall.',
  name: (found: unknown) =>
    `Naam '${String(found)}' wijkt af van de bestandsnaam ${HOST_NAME}. / Name does not match the file name.`,
  type: 'type moet "stdio" zijn. / type must be "stdio".',
  relative: 'Pad naar de launcher is niet absoluut. / Launcher path is not absolute.',
  launcherMissing: (file: string) => `Launcher bestaat niet: ${file}. / Launcher does not exist.`,
  notExecutable: (file: string) =>
    `Launcher is niet uitvoerbaar: ${file} (chmod 755). / Launcher is not executable ("Native host has exited").`,
  origins: (expected: string) =>
    `allowed_origins moet precies ["${expected}"] zijn (met / aan het eind). / allowed_origins must be exactly ["${expected}"] (trailing slash).`,
  extensions: (expected: string) =>
    `allowed_extensions moet ["${expected}"] zijn. / allowed_extensions must be ["${expected}"].`,
  registry: 'Register kan hier niet gelezen worden. / The registry cannot be read here.',
  registryMissing: (key: string) => `Registersleutel ontbreekt: ${key}. / Registry key missing.`,
} as const;

function isExecutable(file: string, platform: HostPlatform): boolean {
  if (platform === 'win32') return true;
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

export function checkHostManifest(
  browser: HostBrowser,
  file: string,
  platform: HostPlatform,
  ids: { chromium: string; gecko: string } = { chromium: CHROMIUM_EXTENSION_ID, gecko: GECKO_EXTENSION_ID },
): string[] {
  if (!existsSync(file)) return [PROBLEMS.missing(file)];
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return [PROBLEMS.unreadable];
  }
  const problems: string[] = [];
  const expectedName = path.basename(file).replace(/(\.chromium|\.firefox)?\.json$/, '');
  if (manifest.name !== HOST_NAME || expectedName !== HOST_NAME) problems.push(PROBLEMS.name(manifest.name));
  if (manifest.type !== 'stdio') problems.push(PROBLEMS.type);
  const launcher = typeof manifest.path === 'string' ? manifest.path : '';
  const absolute = platform === 'win32' ? path.win32.isAbsolute(launcher) : path.posix.isAbsolute(launcher);
  if (!absolute) problems.push(PROBLEMS.relative);
  else if (platform !== 'win32' && !existsSync(launcher)) problems.push(PROBLEMS.launcherMissing(launcher));
  else if (!isExecutable(launcher, platform)) problems.push(PROBLEMS.notExecutable(launcher));
  if (isFirefox(browser)) {
    const list = manifest.allowed_extensions;
    if (!Array.isArray(list) || list.length !== 1 || list[0] !== ids.gecko)
      problems.push(PROBLEMS.extensions(ids.gecko));
  } else {
    const expected = chromiumOrigin(ids.chromium);
    const list = manifest.allowed_origins;
    if (!Array.isArray(list) || list.length !== 1 || list[0] !== expected)
      problems.push(PROBLEMS.origins(expected));
  }
  return problems;
}

export function verifyHostInstallation(options: HostVerifyOptions): HostVerification[] {
  const ids = {
    chromium: options.chromiumExtensionId ?? CHROMIUM_EXTENSION_ID,
    gecko: options.geckoExtensionId ?? GECKO_EXTENSION_ID,
  };
  return options.browsers.map((browser) => {
    let file: string;
    if (options.platform === 'win32') {
      const hive = options.scope === 'system' ? 'HKEY_LOCAL_MACHINE' : 'HKEY_CURRENT_USER';
      const key = `${hive}\\${HOST_REGISTRY_KEYS[browser].key}\\${HOST_NAME}`;
      if (!options.readRegistryDefault)
        return { browser, scope: options.scope, path: key, ok: false, problems: [PROBLEMS.registry] };
      const value = options.readRegistryDefault(key);
      if (!value)
        return {
          browser,
          scope: options.scope,
          path: key,
          ok: false,
          problems: [PROBLEMS.registryMissing(key)],
        };
      file = value;
    } else {
      file = manifestPath(options.platform, browser, options);
    }
    const problems = checkHostManifest(browser, file, options.platform, ids);
    return { browser, scope: options.scope, path: file, ok: problems.length === 0, problems };
  });
}
