// The native messaging host manifest and the shell launcher that install-host writes.
import { HOST_NAME } from '../shared/protocol/host.js';
import { CHROMIUM_EXTENSION_ID } from './ids.js';

const LAUNCHER_MARKER = '# zorgid-companion host launcher';
const shellQuote = (value: string) => `'${value.replace(/'/g, "'\\''")}'`;

/** The launcher text: absolute paths, because browsers start hosts with a minimal environment. */
export function hostLauncherScript(
  env: Record<string, string>,
  entry: string,
  nodePath: string = process.execPath,
  extraArgs: readonly string[] = [],
): string {
  const exports = Object.entries(env).map(([key, value]) => `export ${key}=${shellQuote(value)}\n`);
  const command = [nodePath, entry, ...extraArgs].map(shellQuote).join(' ');
  return `#!/bin/sh\n${LAUNCHER_MARKER}\n${exports.join('')}exec ${command} "$@"\n`;
}

export function isOurLauncher(text: string): boolean {
  return text.startsWith('#!/bin/sh\n') && text.includes(LAUNCHER_MARKER);
}

export function hostManifest(
  launcherPath: string,
  id: string = CHROMIUM_EXTENSION_ID,
): Record<string, unknown> {
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
