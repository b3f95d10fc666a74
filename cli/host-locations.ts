// Where each browser looks for the native messaging host manifest, per OS and scope.
// Paths marked `verified: false` come from installers in the wild, not from the vendor's
// documentation; docs/deployment.md lists them.
import path from 'node:path';
import { HOST_NAME } from './ids.js';

export const HOST_BROWSERS = ['chrome', 'chromium', 'edge', 'brave', 'firefox'] as const;
export type HostBrowser = (typeof HOST_BROWSERS)[number];
export type HostScope = 'user' | 'system';
export type HostPlatform = 'linux' | 'darwin' | 'win32';
export const HOST_PLATFORMS: readonly HostPlatform[] = ['linux', 'darwin', 'win32'];

interface DirLocation {
  /** Relative to the home directory. */
  user: string;
  /** Absolute. */
  system: string;
  verified: boolean;
}

export const HOST_MANIFEST_DIRS: Readonly<
  Record<'linux' | 'darwin', Readonly<Record<HostBrowser, DirLocation>>>
> = {
  linux: {
    chrome: {
      user: '.config/google-chrome/NativeMessagingHosts',
      system: '/etc/opt/chrome/native-messaging-hosts',
      verified: true,
    },
    chromium: {
      user: '.config/chromium/NativeMessagingHosts',
      system: '/etc/chromium/native-messaging-hosts',
      verified: true,
    },
    edge: {
      user: '.config/microsoft-edge/NativeMessagingHosts',
      system: '/etc/opt/edge/native-messaging-hosts',
      verified: true,
    },
    brave: {
      user: '.config/BraveSoftware/Brave-Browser/NativeMessagingHosts',
      system: '/etc/brave/native-messaging-hosts',
      verified: false,
    },
    firefox: {
      user: '.mozilla/native-messaging-hosts',
      system: '/usr/lib/mozilla/native-messaging-hosts',
      verified: true,
    },
  },
  darwin: {
    chrome: {
      user: 'Library/Application Support/Google/Chrome/NativeMessagingHosts',
      system: '/Library/Google/Chrome/NativeMessagingHosts',
      verified: true,
    },
    chromium: {
      user: 'Library/Application Support/Chromium/NativeMessagingHosts',
      system: '/Library/Application Support/Chromium/NativeMessagingHosts',
      verified: true,
    },
    edge: {
      user: 'Library/Application Support/Microsoft Edge/NativeMessagingHosts',
      system: '/Library/Microsoft/Edge/NativeMessagingHosts',
      verified: true,
    },
    brave: {
      user: 'Library/Application Support/BraveSoftware/Brave-Browser/NativeMessagingHosts',
      system: '/Library/BraveSoftware/Brave-Browser/NativeMessagingHosts',
      verified: false,
    },
    firefox: {
      user: 'Library/Application Support/Mozilla/NativeMessagingHosts',
      system: '/Library/Application Support/Mozilla/NativeMessagingHosts',
      verified: true,
    },
  },
};

/** Below HKCU (user) or HKLM (system); the key's default value is the manifest path. */
export const HOST_REGISTRY_KEYS: Readonly<Record<HostBrowser, { key: string; verified: boolean }>> = {
  chrome: { key: 'Software\\Google\\Chrome\\NativeMessagingHosts', verified: true },
  chromium: { key: 'Software\\Chromium\\NativeMessagingHosts', verified: true },
  edge: { key: 'Software\\Microsoft\\Edge\\NativeMessagingHosts', verified: true },
  brave: { key: 'Software\\BraveSoftware\\Brave-Browser\\NativeMessagingHosts', verified: false },
  firefox: { key: 'Software\\Mozilla\\NativeMessagingHosts', verified: true },
};

/** Where our launcher lives when the caller names none: under home for user scope (terminal servers). */
export const LAUNCHER_DIRS: Readonly<Record<'linux' | 'darwin', { user: string; system: string }>> = {
  linux: { user: '.local/share/zorgid-companion', system: '/usr/local/lib/zorgid-companion' },
  darwin: {
    user: 'Library/Application Support/ZORG-ID Companion',
    system: '/Library/Application Support/ZORG-ID Companion',
  },
};
export const LAUNCHER_FILE = 'zorgid-companion-host.sh';
/** Which files and directories install created, so uninstall removes exactly those. */
export const INSTALL_RECORD_FILE = 'installed-host.json';

export const isFirefox = (browser: HostBrowser) => browser === 'firefox';

export interface PathOptions {
  scope: HostScope;
  homeDir: string;
  /** Prefix for system paths (like DESTDIR): packaging and tests; '' or undefined = the real root. */
  rootDir?: string;
}

function rooted(absolute: string, rootDir: string | undefined): string {
  return rootDir ? path.join(rootDir, absolute) : absolute;
}

export function manifestDir(
  platform: 'linux' | 'darwin',
  browser: HostBrowser,
  options: PathOptions,
): string {
  const location = HOST_MANIFEST_DIRS[platform][browser];
  return options.scope === 'user'
    ? path.join(options.homeDir, location.user)
    : rooted(location.system, options.rootDir);
}

export function manifestPath(
  platform: 'linux' | 'darwin',
  browser: HostBrowser,
  options: PathOptions,
): string {
  return path.join(manifestDir(platform, browser, options), `${HOST_NAME}.json`);
}

export function launcherDir(platform: 'linux' | 'darwin', options: PathOptions): string {
  const dirs = LAUNCHER_DIRS[platform];
  return options.scope === 'user'
    ? path.join(options.homeDir, dirs.user)
    : rooted(dirs.system, options.rootDir);
}

/**
 * Where the release packages put the host executable (with its addons beside it) and the command
 * on PATH, per OS. The Linux .deb and tarball are built from this row; the macOS pkg and Windows
 * MSI recipes in docs/deployment.md list it (a unit test checks the doc against this table).
 */
export const PACKAGE_LAYOUT: Readonly<
  Record<HostPlatform, { installDir: string; executable: string; commandLink?: string; verified: boolean }>
> = {
  linux: {
    installDir: '/usr/lib/zorgid-companion',
    executable: 'zorgid-companion',
    commandLink: '/usr/bin/zorgid-companion',
    verified: true,
  },
  darwin: {
    installDir: '/Library/Application Support/ZORG-ID Companion',
    executable: 'zorgid-companion',
    commandLink: '/usr/local/bin/zorgid-companion',
    verified: false,
  },
  win32: {
    installDir: 'C:\\Program Files\\ZORG-ID Companion',
    executable: 'zorgid-companion.exe',
    verified: false,
  },
};

/** The native addons the host loads from its own folder (see scripts/build/bundle-cli.ts). */
export const HOST_ADDONS = ['pcsclite.node', 'pkcs11.node'] as const;

/** Absolute path of the host executable in a package for this OS. */
export function packagedExecutable(platform: HostPlatform): string {
  const layout = PACKAGE_LAYOUT[platform];
  return platform === 'win32'
    ? path.win32.join(layout.installDir, layout.executable)
    : path.posix.join(layout.installDir, layout.executable);
}
