// Registers the native messaging host for one browser profile: a launcher with an absolute
// node path (browsers start hosts with a minimal environment) and the host manifest naming
// our extension id as the only allowed origin.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HOST_NAME } from '../../shared/protocol/host.js';
import { extensionId } from './extension-id.js';
import { HOST_ENTRY } from './paths.js';

export interface HostRegistration {
  manifestPath: string;
  launcherPath: string;
}

const LAUNCHER_MARKER = '# zorgid-companion host launcher';
const shellQuote = (value: string) => `'${value.replace(/'/g, "'\\''")}'`;

/** The launcher text: absolute node and entry, because browsers start hosts with a minimal environment. */
export function hostLauncherScript(
  env: Record<string, string> = {},
  entry: string = HOST_ENTRY,
  nodePath: string = process.execPath,
): string {
  const exports = Object.entries(env).map(([key, value]) => `export ${key}=${shellQuote(value)}\n`);
  return `#!/bin/sh\n${LAUNCHER_MARKER}\n${exports.join('')}exec ${shellQuote(nodePath)} ${shellQuote(entry)} "$@"\n`;
}

export function isOurLauncher(text: string): boolean {
  return text.startsWith('#!/bin/sh\n') && text.includes(LAUNCHER_MARKER);
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

export function hostManifest(launcherPath: string, id: string = extensionId()): Record<string, unknown> {
  return {
    name: HOST_NAME,
    description: 'ZORG-ID Companion: UZI-pas via PC/SC en PKCS#11',
    path: launcherPath,
    type: 'stdio',
    // The trailing slash is required: without it Chromium reports "host not found".
    allowed_origins: [`chrome-extension://${id}/`],
  };
}

/** Firefox names extensions by their gecko id instead of origins. */
export function firefoxHostManifest(launcherPath: string, geckoId: string): Record<string, unknown> {
  return {
    name: HOST_NAME,
    description: 'ZORG-ID Companion: UZI-pas via PC/SC en PKCS#11',
    path: launcherPath,
    type: 'stdio',
    allowed_extensions: [geckoId],
  };
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
  writeFileSync(manifestPath, `${JSON.stringify(hostManifest(launcherPath), null, 2)}\n`);
  return { manifestPath, launcherPath };
}
