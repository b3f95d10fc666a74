// Windows registration cannot run here: we generate what an installer (or GPO / Intune script)
// puts on the machine: the two manifests, a .cmd launcher and .reg files that point the
// browsers' NativeMessagingHosts keys at the manifests.
import path from 'node:path';
import { firefoxHostManifest, hostManifest } from './host-manifest.js';
import { CHROMIUM_EXTENSION_ID, GECKO_EXTENSION_ID, HOST_NAME } from './ids.js';
import { HOST_REGISTRY_KEYS, isFirefox, type HostBrowser, type HostScope } from './host-locations.js';
import { encodeRegFile, REG_HIVES, regText, type RegKey } from './policy/reg-file.js';
import type { GeneratedFile } from './policy/generate.js';

export const WINDOWS_DEFAULTS = Object.freeze({
  installDir: 'C:\\Program Files\\ZORG-ID Companion',
  nodeRelative: 'node\\node.exe',
  entryRelative: 'dist\\node\\native-host\\src\\host-entry.js',
  launcherFile: 'zorgid-companion-host.cmd',
  chromiumManifestFile: `${HOST_NAME}.chromium.json`,
  firefoxManifestFile: `${HOST_NAME}.firefox.json`,
});

export interface WindowsHostOptions {
  browsers: readonly HostBrowser[];
  scope: HostScope;
  /** Where the host is installed on the Windows machine (absolute Windows path). */
  installDir?: string;
  nodePath?: string;
}

const winJoin = (...parts: string[]) => path.win32.join(...parts);

export function windowsLauncherScript(nodePath: string, entry: string): string {
  // %* passes the browser's arguments (origin / extension id, parent window) to the host.
  return ['@echo off', 'rem zorgid-companion host launcher', `"${nodePath}" "${entry}" %*`, ''].join('\r\n');
}

export function windowsRegKeys(options: WindowsHostOptions, remove: boolean): RegKey[] {
  const installDir = options.installDir ?? WINDOWS_DEFAULTS.installDir;
  const hive = options.scope === 'system' ? REG_HIVES.system : REG_HIVES.user;
  return options.browsers.map((browser) => {
    const manifest = winJoin(
      installDir,
      isFirefox(browser) ? WINDOWS_DEFAULTS.firefoxManifestFile : WINDOWS_DEFAULTS.chromiumManifestFile,
    );
    const key = `${hive}\\${HOST_REGISTRY_KEYS[browser].key}\\${HOST_NAME}`;
    return remove
      ? { path: `-${key}`, values: [] }
      : { path: key, values: [['@', { type: 'sz', value: manifest }] as const] };
  });
}

export function windowsHostFiles(options: WindowsHostOptions): GeneratedFile[] {
  const installDir = options.installDir ?? WINDOWS_DEFAULTS.installDir;
  const nodePath = options.nodePath ?? winJoin(installDir, WINDOWS_DEFAULTS.nodeRelative);
  const launcher = winJoin(installDir, WINDOWS_DEFAULTS.launcherFile);
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const scope = options.scope;
  return [
    {
      path: WINDOWS_DEFAULTS.launcherFile,
      content: windowsLauncherScript(nodePath, winJoin(installDir, WINDOWS_DEFAULTS.entryRelative)),
    },
    {
      path: WINDOWS_DEFAULTS.chromiumManifestFile,
      content: json(hostManifest(launcher, CHROMIUM_EXTENSION_ID)),
    },
    {
      path: WINDOWS_DEFAULTS.firefoxManifestFile,
      content: json(firefoxHostManifest(launcher, GECKO_EXTENSION_ID)),
    },
    { path: `register-host-${scope}.reg`, content: encodeRegFile(regText(windowsRegKeys(options, false))) },
    { path: `unregister-host-${scope}.reg`, content: encodeRegFile(regText(windowsRegKeys(options, true))) },
  ];
}
