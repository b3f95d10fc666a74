// For `doctor`: the launcher the browser would start, read from the registered host manifest, so
// doctor runs the host exactly as the browser does (launcher, its node, its environment) instead
// of its own node with the built entry.
import { readFileSync } from 'node:fs';
import type { HostInstallationInfo } from '../shared/diagnostics/types.js';

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
      const manifest = JSON.parse(readFileSync(entry.path, 'utf8')) as { path?: unknown };
      if (typeof manifest.path === 'string' && manifest.path !== '') {
        return { manifest: entry.path, browser: entry.browser, scope: entry.scope, launcher: manifest.path };
      }
    } catch {
      // Missing or unreadable: the host-installation check already says so.
    }
  }
  return undefined;
}

/** The launcher's `export NAME=value` lines: the environment the browser's host gets on top of its own. */
export function launcherEnvironment(launcher: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(launcher, 'utf8');
  } catch {
    return {};
  }
  const env: Record<string, string> = {};
  for (const match of text.matchAll(/^export ([A-Z_][A-Z0-9_]*)='((?:[^']|'\\'')*)'$/gm)) {
    env[match[1]!] = match[2]!.replace(/'\\''/g, "'");
  }
  return env;
}
