// Registers the native messaging host for one browser profile (development, tests, npm start):
// a launcher with an absolute node path (browsers start hosts with a minimal environment) and
// the host manifest naming our extension id as the only allowed origin.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HOST_NAME } from '../../shared/protocol/host.js';
import { hostLauncherScript, hostManifest } from '../../cli/host-manifest.js';
import { extensionId } from './extension-id.js';
import { HOST_ENTRY } from './paths.js';

export {
  firefoxHostManifest,
  hostLauncherScript,
  hostManifest,
  isOurLauncher,
} from '../../cli/host-manifest.js';

export interface HostRegistration {
  manifestPath: string;
  launcherPath: string;
}

export function writeHostLauncher(
  launcherPath: string,
  env: Record<string, string> = {},
  entry: string = HOST_ENTRY,
): string {
  mkdirSync(path.dirname(launcherPath), { recursive: true });
  writeFileSync(launcherPath, hostLauncherScript(env, entry));
  chmodSync(launcherPath, 0o755);
  return launcherPath;
}

/** Chromium looks in <userDataDir>/NativeMessagingHosts/ for a per-profile host. */
export function registerHostForProfile(
  userDataDir: string,
  options: { env?: Record<string, string>; launcherDir?: string } = {},
): HostRegistration {
  const launcherPath = writeHostLauncher(
    path.join(options.launcherDir ?? userDataDir, 'zorgid-companion-host.sh'),
    options.env ?? {},
  );
  const directory = path.join(userDataDir, 'NativeMessagingHosts');
  mkdirSync(directory, { recursive: true });
  const manifestPath = path.join(directory, `${HOST_NAME}.json`);
  writeFileSync(manifestPath, `${JSON.stringify(hostManifest(launcherPath, extensionId()), null, 2)}\n`);
  return { manifestPath, launcherPath };
}
