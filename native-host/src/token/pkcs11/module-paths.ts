import { CompanionError } from '../../../../shared/errors.js';
import { isLocalAbsoluteModulePath } from '../../../../shared/module-path.js';

// Where SafeSign (A.E.T. Europe) installs its PKCS#11 module, the middleware of the UZI-pas.
export const SAFESIGN_MODULE_PATHS: Readonly<Partial<Record<NodeJS.Platform, readonly string[]>>> =
  Object.freeze({
    win32: ['C:\\Windows\\System32\\aetpkss1.dll'],
    linux: ['/usr/lib/libaetpkss.so.3', '/usr/lib/libaetpkss.so'],
    darwin: [
      '/usr/local/lib/libaetpkss.dylib',
      '/Applications/tokenadmin.app/Contents/Frameworks/libaetpkss.dylib',
    ],
  });

export const PKCS11_MODULE_ENV_VAR = 'ZORGID_PKCS11_MODULE';
export const CONFIG_FILE_MODULES_KEY = 'pkcs11Modules';

/** Highest priority first: an administrator's policy beats a user's environment and config file. */
export type Pkcs11ModuleSource = 'policy' | 'env' | 'configFile' | 'default';

export interface ResolvedPkcs11Module {
  path: string;
  source: Pkcs11ModuleSource;
}

export interface ResolvePkcs11ModuleInput {
  /** Process environment (only ZORGID_PKCS11_MODULE is read). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Parsed config.json (`~/.config/zorgid-companion/config.json`), or undefined when absent. */
  configFile?: unknown;
  /** Parsed machine-wide config.json (`/etc/zorgid-companion/config.json`), read after the user's. */
  systemConfigFile?: unknown;
  /** Module paths from browser policy, when the extension passes them. */
  policy?: readonly string[];
  platform: NodeJS.Platform;
  /** Whether a file exists; injected so this stays pure and testable. */
  exists: (path: string) => boolean;
}

const PATH_DELIMITER: Readonly<Partial<Record<NodeJS.Platform, string>>> = { win32: ';' };
const POSIX_PATH_DELIMITER = ':';

function splitPathList(value: string, platform: NodeJS.Platform): string[] {
  const delimiter = PATH_DELIMITER[platform] ?? POSIX_PATH_DELIMITER;
  return value
    .split(delimiter)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

function configFileModules(configFile: unknown): string[] {
  if (typeof configFile !== 'object' || configFile === null) return [];
  const value = (configFile as Record<string, unknown>)[CONFIG_FILE_MODULES_KEY];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value))
    return value.filter((item): item is string => typeof item === 'string' && item !== '');
  return [];
}

function candidates(input: ResolvePkcs11ModuleInput): ResolvedPkcs11Module[] {
  const list: ResolvedPkcs11Module[] = [];
  // Whatever the extension sends: only absolute local paths (no UNC share, no relative path, no `..`).
  for (const path of input.policy ?? []) {
    if (isLocalAbsoluteModulePath(path)) list.push({ path, source: 'policy' });
  }
  const envValue = input.env?.[PKCS11_MODULE_ENV_VAR];
  if (envValue)
    for (const path of splitPathList(envValue, input.platform)) list.push({ path, source: 'env' });
  for (const path of configFileModules(input.configFile)) list.push({ path, source: 'configFile' });
  for (const path of configFileModules(input.systemConfigFile)) list.push({ path, source: 'configFile' });
  for (const path of SAFESIGN_MODULE_PATHS[input.platform] ?? []) list.push({ path, source: 'default' });
  return list;
}

/**
 * The first existing PKCS#11 module, in order policy → env → config file → SafeSign defaults.
 * Throws PKCS11_MODULE_NOT_FOUND with every path it tried, so the helpdesk sees what to install.
 */
export function resolvePkcs11Module(input: ResolvePkcs11ModuleInput): ResolvedPkcs11Module {
  const tried = candidates(input);
  const found = tried.find((candidate) => input.exists(candidate.path));
  if (found) return { path: found.path, source: found.source };
  throw new CompanionError('PKCS11_MODULE_NOT_FOUND', undefined, {
    platform: input.platform,
    tried: tried.map(({ path, source }) => ({ path, source })),
  });
}
