import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { resolvePkcs11Module, type ResolvedPkcs11Module } from './module-paths.js';

/** Per-user settings of the host; only `pkcs11Modules` is read here. */
export function defaultConfigFilePath(): string {
  return join(homedir(), '.config', 'zorgid-companion', 'config.json');
}

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
  options: { policy?: readonly string[]; configFilePath?: string } = {},
): ResolvedPkcs11Module {
  return resolvePkcs11Module({
    env: process.env,
    configFile: readConfigFile(options.configFilePath),
    ...(options.policy ? { policy: options.policy } : {}),
    platform: process.platform,
    exists: existsSync,
  });
}
