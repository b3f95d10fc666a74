// `zorgid-companion doctor [--json] [--browser chrome,chromium,…|all] [--lang nl|en]`: the host-side
// diagnostics without a browser. Host manifests where each browser looks, then the real host
// (spawned as the browser would) for PC/SC, readers, card, PIN state and PKCS#11 module.
// Exit code: 0 all pass, 1 warnings, 2 failures.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CompanionError } from '../shared/errors.js';
import { buildSupportReport, reportText } from '../shared/diagnostics/report.js';
import { diagnose, firstProblem, overallHealth } from '../shared/diagnostics/run.js';
import type { Health, HostInstallationInfo } from '../shared/diagnostics/types.js';
import { resolveSystemPkcs11Module } from '../native-host/src/token/pkcs11/index.js';
import { parseArgs, stringOption, type CommandOutput } from './cli-io.js';
import {
  HOST_BROWSERS,
  manifestDir,
  type HostBrowser,
  type HostPlatform,
  type HostScope,
} from './host-locations.js';
import { verifyHostInstallation } from './verify-host.js';
import { hostStart, type HostStart } from './self.js';
import { browserArguments, launcherEnvironment, registeredLauncher } from './host-launcher.js';
import {
  browserModuleEnvironments,
  saveReport,
  settingSources,
  workstationFacts,
} from './workstation-facts.js';
import { probeHost } from './host-probe.js';
import { findPolicyFiles, policyFilesCheck } from './policy-files.js';

/** How the host was started when no manifest is registered (its executable, or node + script). */
function hostStartDescription(start: HostStart): string {
  return [start.command, ...start.args].join(' ');
}

export const DOCTOR_USAGE = `zorgid-companion doctor [--json] [--browser chrome|chromium|edge|brave|firefox|all (lijst met komma's)] [--lang nl|en]`;

export const DOCTOR_EXIT_CODES: Readonly<Record<Health, number>> = { pass: 0, warn: 1, fail: 2 };
const USAGE_EXIT_CODE = 2;
const SCOPES: readonly HostScope[] = ['user', 'system'];

/** What the tests (and packaging) may point elsewhere; defaults are this machine's. */
export interface DoctorOptions {
  homeDir?: string;
  /** Prefix for the system manifest directories (DESTDIR-style). */
  rootDir?: string;
  /** A node script to run as the host (tests); default: how this CLI starts its own host. */
  hostEntry?: string;
  env?: NodeJS.ProcessEnv;
  platform?: HostPlatform;
}

function browsersFrom(value: string | undefined): HostBrowser[] | undefined {
  if (value === 'all') return [...HOST_BROWSERS];
  const list = (value ?? '').split(',');
  return list.every((item) => (HOST_BROWSERS as readonly string[]).includes(item))
    ? (list as HostBrowser[])
    : undefined;
}

/** A browser counts as installed for this user when its profile directory exists or a manifest is registered. */
function installedBrowsers(
  platform: HostPlatform,
  homeDir: string,
  rootDir: string | undefined,
): HostBrowser[] {
  if (platform === 'win32') return [...HOST_BROWSERS];
  return HOST_BROWSERS.filter((browser) => {
    const userDir = manifestDir(platform, browser, { scope: 'user', homeDir });
    const systemDir = manifestDir(platform, browser, {
      scope: 'system',
      homeDir,
      ...(rootDir ? { rootDir } : {}),
    });
    return existsSync(path.dirname(userDir)) || existsSync(systemDir);
  });
}

/** Windows: the manifest path is the default value of the browser's registry key. Not verified here. */
function readRegistryDefault(key: string): string | undefined {
  try {
    const output = execFileSync('reg', ['query', key, '/ve'], { encoding: 'utf8', stdio: 'pipe' });
    return /REG_SZ\s+(.+)$/m.exec(output)?.[1]?.trim();
  } catch {
    return undefined;
  }
}

function hostInstallation(
  browsers: readonly HostBrowser[],
  platform: HostPlatform,
  homeDir: string,
  rootDir: string | undefined,
): HostInstallationInfo[] {
  const entries = SCOPES.flatMap((scope) =>
    verifyHostInstallation({
      browsers,
      scope,
      platform,
      homeDir,
      ...(rootDir ? { rootDir } : {}),
      ...(platform === 'win32' ? { readRegistryDefault } : {}),
    }),
  );
  // A scope without a manifest is normal when the other scope has one: show only what exists.
  return browsers.flatMap((browser) => {
    const own = entries.filter((entry) => entry.browser === browser);
    const present = own.filter((entry) => platform === 'win32' || existsSync(entry.path));
    return present.length > 0 ? present : own;
  });
}

function pkcs11Tried(env: NodeJS.ProcessEnv): { path: string; source: string }[] | undefined {
  const saved = process.env.ZORGID_PKCS11_MODULE;
  try {
    if (env.ZORGID_PKCS11_MODULE === undefined) delete process.env.ZORGID_PKCS11_MODULE;
    else process.env.ZORGID_PKCS11_MODULE = env.ZORGID_PKCS11_MODULE;
    resolveSystemPkcs11Module();
    return undefined;
  } catch (error) {
    const tried = error instanceof CompanionError ? error.details?.tried : undefined;
    return Array.isArray(tried) ? (tried as { path: string; source: string }[]) : undefined;
  } finally {
    if (saved === undefined) delete process.env.ZORGID_PKCS11_MODULE;
    else process.env.ZORGID_PKCS11_MODULE = saved;
  }
}

export async function doctorCommand(
  args: string[],
  out: CommandOutput,
  options: DoctorOptions = {},
): Promise<number> {
  const parsed = parseArgs(args, ['json']);
  const lang = stringOption(parsed, 'lang') ?? 'nl';
  const browserOption = stringOption(parsed, 'browser');
  const explicit = browserOption === undefined ? undefined : browsersFrom(browserOption);
  if ((lang !== 'nl' && lang !== 'en') || (browserOption !== undefined && !explicit)) {
    out.stderr(`Onbekende optie / unknown option\n${DOCTOR_USAGE}`);
    return USAGE_EXIT_CODE;
  }
  const platform = options.platform ?? (process.platform as HostPlatform);
  const homeDir = options.homeDir ?? os.homedir();
  const env = options.env ?? process.env;
  const browsers = explicit ?? installedBrowsers(platform, homeDir, options.rootDir);

  const installation = hostInstallation(browsers, platform, homeDir, options.rootDir);
  // The host as the browser starts it: the registered manifest's launcher (else this CLI's own host).
  const registered = options.hostEntry ? undefined : registeredLauncher(installation);
  const probe = await probeHost(
    options.hostEntry ?? hostStart(),
    env,
    registered ? { launcher: registered.launcher, launcherArgs: browserArguments(registered) } : {},
  );
  const launcherEnv = registered ? launcherEnvironment(registered.launcher) : {};
  const hostEnv = { ...env, ...launcherEnv };
  const tried = probe.host.status?.pkcs11?.error ? pkcs11Tried(hostEnv) : undefined;
  const browserEnv = probe.host.status?.pkcs11?.error ? browserModuleEnvironments() : [];
  const result = diagnose({
    context: 'terminal',
    hostInstallation: installation,
    host: probe.host,
    ...(probe.card ? { card: probe.card } : {}),
    ...(probe.pin ? { pin: probe.pin } : {}),
    ...(probe.revocation ? { revocation: probe.revocation } : {}),
    ...(tried ? { pkcs11Tried: tried } : {}),
    ...(browserEnv.length > 0
      ? { pkcs11BrowserOnly: browserEnv.map((item) => `${item.process} (pid ${item.pid}): ${item.value}`) }
      : {}),
  });
  // The policy files on this machine that concern the extension, after the host manifests.
  const policy = await policyFilesCheck(findPolicyFiles(options.rootDir ?? '/'));
  if (policy) {
    const at = result.checks.findIndex((item) => item.id === 'host-installation') + 1;
    result.checks.splice(at, 0, policy);
    result.overall = overallHealth(result.checks);
    const problem = firstProblem(result.checks);
    if (problem) result.problem = problem.id;
  }
  const report = buildSupportReport({
    result,
    context: 'terminal',
    workstation: workstationFacts({
      ...(registered ? { manifest: registered.manifest, launcher: registered.launcher } : {}),
      hostEntry: registered ? undefined : (options.hostEntry ?? hostStartDescription(hostStart())),
      settings: {
        ...settingSources(probe.host.status?.pkcs11, env, launcherEnv, registered?.launcher),
        ...(browserEnv.length > 0 ? { browserEnv } : {}),
      },
    }),
  });
  out.stdout(
    parsed.options.has('json') ? JSON.stringify(report.json, null, 2) : reportText(report.json, lang),
  );
  saveReport(report, out, homeDir);
  return DOCTOR_EXIT_CODES[result.overall];
}
