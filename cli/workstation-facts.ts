// For `doctor`'s report: the facts a second-line engineer asks first (OS, host name, versions, local
// time with its UTC offset, which manifest and launcher the browser uses) and where each setting
// came from (policy, config file, environment of which process).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HostStatus } from '../shared/protocol/host.js';
import { localTimeWithOffset } from '../shared/diagnostics/report.js';
import type { SupportReport } from '../shared/diagnostics/report.js';
import type { CommandOutput } from './cli-io.js';

const MODULE_VARIABLE = 'ZORGID_PKCS11_MODULE';

export function workstationFacts(extra: {
  manifest?: string;
  launcher?: string;
  hostEntry?: string | undefined;
  settings?: Record<string, unknown>;
}): Record<string, unknown> {
  const now = new Date();
  return {
    os: `${os.type()} ${os.release()} (${process.platform}/${process.arch})`,
    hostName: os.hostname(),
    node: process.version,
    localTime: localTimeWithOffset(now),
    ...(extra.manifest ? { hostManifest: extra.manifest } : {}),
    ...(extra.launcher ? { hostLauncher: extra.launcher } : {}),
    ...(extra.hostEntry ? { hostEntry: extra.hostEntry } : {}),
    ...(extra.settings ? { settings: extra.settings } : {}),
  };
}

/** Where the PKCS#11 module setting the host used came from, in words a helpdesk can follow. */
export function settingSources(
  pkcs11: HostStatus['pkcs11'],
  terminalEnv: NodeJS.ProcessEnv,
  launcherEnv: Record<string, string>,
  launcher: string | undefined,
): Record<string, unknown> {
  const source = pkcs11?.source;
  let from: string | undefined;
  if (source === 'env') {
    from =
      launcherEnv[MODULE_VARIABLE] !== undefined
        ? `${MODULE_VARIABLE} exported by the launcher ${launcher ?? ''}`.trim()
        : `${MODULE_VARIABLE} in the environment of this terminal (doctor); the browser's host has only the browser's environment`;
  } else if (source === 'configFile')
    from = 'config.json of the user (~/.config/zorgid-companion/config.json)';
  else if (source === 'policy') from = 'browser policy (pkcs11Modules)';
  else if (source === 'default') from = 'the SafeSign default path of this OS';
  return {
    pkcs11Module: {
      ...(pkcs11?.module ? { value: pkcs11.module } : {}),
      ...(source ? { source } : {}),
      ...(from ? { from } : {}),
      ...(pkcs11?.error ? { error: pkcs11.error } : {}),
    },
    ...(terminalEnv[MODULE_VARIABLE] !== undefined
      ? { terminalEnv: { [MODULE_VARIABLE]: terminalEnv[MODULE_VARIABLE] } }
      : {}),
    ...(Object.keys(launcherEnv).length > 0 ? { launcherEnv } : {}),
  };
}

/** Keeps the report under its reference, so "ZC-…" read out on the phone finds it again. */
export function saveReport(report: SupportReport, out: CommandOutput, homeDir: string = os.homedir()): void {
  const dir = path.join(homeDir, '.config', 'zorgid-companion', 'reports');
  try {
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `zorgid-companion-${report.reference}.json`);
    writeFileSync(file, `${JSON.stringify(report.json, null, 2)}\n`);
    out.stderr(`${report.reference}: ${file}`);
  } catch {
    // A read-only home must not stop the diagnosis itself.
  }
}

/** Browser process names whose environment the host inherits (Linux /proc). */
const BROWSER_PROCESS = /^(chromium|chrome|msedge|brave|firefox)/;

/**
 * Linux: the PKCS#11 module variable as running browsers see it. A terminal cannot otherwise see the
 * environment the browser gives its host; /proc/<pid>/environ is readable for the user's own processes.
 */
export function browserModuleEnvironments(): { pid: number; process: string; value: string }[] {
  if (process.platform !== 'linux') return [];
  const found: { pid: number; process: string; value: string }[] = [];
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  for (const pid of pids) {
    try {
      const name = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      if (!BROWSER_PROCESS.test(name)) continue;
      const entry = readFileSync(`/proc/${pid}/environ`, 'utf8')
        .split('\0')
        .find((item) => item.startsWith(`${MODULE_VARIABLE}=`));
      if (entry)
        found.push({ pid: Number(pid), process: name, value: entry.slice(MODULE_VARIABLE.length + 1) });
    } catch {
      // Gone, or another user's process.
    }
  }
  // One line per distinct value is enough: a browser runs many processes.
  return found.filter((item, index) => found.findIndex((other) => other.value === item.value) === index);
}
