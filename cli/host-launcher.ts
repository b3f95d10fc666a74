// For `doctor`: the launcher the browser would start, read from the registered host manifest, so
// doctor runs the host exactly as the browser does (launcher, its node, its environment) instead
// of its own node with the built entry.
import { closeSync, openSync, readSync } from 'node:fs';
import type { HostInstallationInfo } from '../shared/diagnostics/types.js';
import { chromiumOrigin, GECKO_EXTENSION_ID } from './ids.js';

export interface RegisteredLauncher {
  manifest: string;
  browser: string;
  scope: string;
  launcher: string;
}

/** The `path` of the first registration the browser would accept (else the first that names one). */
export function registeredLauncher(
  installations: readonly HostInstallationInfo[],
): RegisteredLauncher | undefined {
  const ordered = [
    ...installations.filter((entry) => entry.ok),
    ...installations.filter((entry) => !entry.ok),
  ];
  for (const entry of ordered) {
    try {
      const manifest = JSON.parse(readText(entry.path)) as { path?: unknown };
      if (typeof manifest.path === 'string' && manifest.path !== '') {
        return { manifest: entry.path, browser: entry.browser, scope: entry.scope, launcher: manifest.path };
      }
    } catch {
      // Missing or unreadable: the host-installation check already says so.
    }
  }
  return undefined;
}

/** The start of a file, enough for a manifest or a launcher script (the host executable is ~90 MB). */
function readText(file: string, limit = 64 * 1024): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(limit);
    return buffer.subarray(0, readSync(fd, buffer, 0, limit, 0)).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * The arguments the browser gives its host: Chromium-family browsers the caller's origin, Firefox the
 * manifest's path and the add-on id. The host executable needs them to know a browser started it
 * (started bare it explains itself and exits, as in a terminal).
 */
export function browserArguments(registered: RegisteredLauncher): string[] {
  return registered.browser === 'firefox' ? [registered.manifest, GECKO_EXTENSION_ID] : [chromiumOrigin()];
}

/** The launcher's `export NAME=value` lines: the environment the browser's host gets on top of its own. */
export function launcherEnvironment(launcher: string): Record<string, string> {
  let text: string;
  try {
    text = readText(launcher);
  } catch {
    return {};
  }
  if (!text.startsWith('#!')) return {};
  const env: Record<string, string> = {};
  for (const match of text.matchAll(/^export ([A-Z_][A-Z0-9_]*)='((?:[^']|'\\'')*)'$/gm)) {
    env[match[1]!] = match[2]!.replace(/'\\''/g, "'");
  }
  return env;
}
