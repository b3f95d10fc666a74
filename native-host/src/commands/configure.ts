import type {
  HostRequestArguments,
  HostResponseResult,
  Pkcs11ModulesByOs,
} from '../../../shared/protocol/host.js';
import type { HostRuntime } from '../runtime.js';

const POLICY_OS: Partial<Record<NodeJS.Platform, keyof Pkcs11ModulesByOs>> = {
  win32: 'windows',
  darwin: 'macos',
  linux: 'linux',
};

/** Applies browser policy: the PKCS#11 module paths for this operating system. */
export function configure(
  runtime: HostRuntime,
  args: HostRequestArguments<'configure'>,
  platform: NodeJS.Platform = process.platform,
): Promise<HostResponseResult<'configure'>> {
  const os = POLICY_OS[platform];
  runtime.setPolicyModules(os ? args.pkcs11Modules?.[os] : undefined);
  const module = runtime.pkcs11Module();
  return Promise.resolve({
    pkcs11: 'error' in module ? { error: module.error.code } : { module: module.path, source: module.source },
  });
}
