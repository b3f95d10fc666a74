// `zorgid-companion install-host|uninstall-host [--browser chrome|chromium|edge|brave|firefox|all]
//  [--system] [--dry-run] [--launcher PATH] [--pkcs11-module PATH]`
import os from 'node:os';
import { parseArgs, stringOption, type CommandOutput } from './cli-io.js';
import { HOST_BROWSERS, HOST_PLATFORMS, type HostBrowser, type HostPlatform } from './host-locations.js';
import {
  installHost,
  uninstallHost,
  type HostInstallOptions,
  type HostInstallResult,
} from './install-host.js';

export const HOST_INSTALL_USAGE = `zorgid-companion install-host|uninstall-host [--browser chrome|chromium|edge|brave|firefox|all]
    [--system] [--dry-run] [--launcher PAD] [--pkcs11-module PAD] [--platform linux|darwin|win32] [--out MAP (win32)]`;

function browsersFrom(value: string | undefined): HostBrowser[] | undefined {
  if (value === undefined || value === 'all') return [...HOST_BROWSERS];
  const list = value.split(',');
  return list.every((item) => (HOST_BROWSERS as readonly string[]).includes(item))
    ? (list as HostBrowser[])
    : undefined;
}

function report(result: HostInstallResult, out: CommandOutput, dryRun: boolean): void {
  for (const file of result.files)
    out.stdout(`  ${file.action.padEnd(9)} ${file.browser ? `${file.browser}: ` : ''}${file.path}`);
  if (!result.changed) out.stdout('Niets gewijzigd: alles was al zo. / Nothing changed: already in place.');
  else if (dryRun) out.stdout('Proefrun: niets geschreven. / Dry run: nothing written.');
}

function optionsFrom(args: string[], out: CommandOutput): HostInstallOptions | undefined {
  const parsed = parseArgs(args, ['system', 'dry-run']);
  const browsers = browsersFrom(stringOption(parsed, 'browser'));
  const platform = (stringOption(parsed, 'platform') ?? process.platform) as HostPlatform;
  if (!browsers || !HOST_PLATFORMS.includes(platform)) {
    out.stderr(`Onbekende browser of platform / unknown browser or platform\n${HOST_INSTALL_USAGE}`);
    return undefined;
  }
  if (parsed.options.get('pkcs11-module') === true) {
    out.stderr(`--pkcs11-module vraagt een pad / needs a path\n${HOST_INSTALL_USAGE}`);
    return undefined;
  }
  const launcherPath = stringOption(parsed, 'launcher');
  const outDir = stringOption(parsed, 'out');
  const pkcs11Module = stringOption(parsed, 'pkcs11-module');
  return {
    browsers,
    scope: parsed.options.has('system') ? 'system' : 'user',
    platform,
    homeDir: os.homedir(),
    dryRun: parsed.options.has('dry-run'),
    ...(launcherPath ? { launcherPath, writeLauncher: false } : {}),
    ...(outDir ? { windows: { outDir } } : {}),
    ...(pkcs11Module !== undefined ? { pkcs11Module } : {}),
  };
}

function run(args: string[], out: CommandOutput, action: typeof installHost): number {
  const options = optionsFrom(args, out);
  if (!options) return 2;
  try {
    report(action(options), out, options.dryRun ?? false);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const hint = options.scope === 'system' ? ' (--system vraagt beheerdersrechten / needs root)' : '';
    out.stderr(`Mislukt / failed: ${message}${hint}`);
    return 1;
  }
}

export function installHostCommand(args: string[], out: CommandOutput): Promise<number> {
  return Promise.resolve(run(args, out, installHost));
}

export function uninstallHostCommand(args: string[], out: CommandOutput): Promise<number> {
  return Promise.resolve(run(args, out, uninstallHost));
}
