import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { resolvePkcs11Module, type ResolvedPkcs11Module } from './module-paths.js';

/** Per-user settings of the host; only `pkcs11Modules` is read here. */
export function defaultConfigFilePath(): string {
  return join(homedir(), '.config', USER_CONFIG_FILE);
}

/** Relative to the home directory: where `install-host --pkcs11-module` writes for one user. */
export const USER_CONFIG_FILE = join('zorgid-companion', 'config.json');
/**
 * Machine-wide settings, written by `install-host --system --pkcs11-module` (root). Read after the
 * user's file; browser policy and ZORGID_PKCS11_MODULE still come first. Windows has no such file:
 * there the module comes from policy or the SafeSign default.
 */
export const SYSTEM_CONFIG_FILES: Readonly<Partial<Record<NodeJS.Platform, string>>> = Object.freeze({
  linux: '/etc/zorgid-companion/config.json',
  darwin: '/Library/Application Support/ZORG-ID Companion/config.json',
});

/** The parsed config file, or undefined when it is absent or not JSON (a broken file must not stop the host). */
export function readConfigFile(path = defaultConfigFilePath()): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      console.error(
        `zorgid-companion: ignoring ${path}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return undefined;
  }
}

/** resolvePkcs11Module with this machine's environment, config file, platform and file system. */
export function resolveSystemPkcs11Module(
  options: { policy?: readonly string[]; configFilePath?: string; systemConfigFilePath?: string } = {},
): ResolvedPkcs11Module {
  const systemFile = options.systemConfigFilePath ?? SYSTEM_CONFIG_FILES[process.platform];
  return resolvePkcs11Module({
    env: process.env,
    configFile: readConfigFile(options.configFilePath),
    ...(systemFile ? { systemConfigFile: readConfigFile(systemFile) } : {}),
    ...(options.policy ? { policy: options.policy } : {}),
    platform: process.platform,
    exists: existsSync,
  });
}
