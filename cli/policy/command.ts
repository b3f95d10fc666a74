// `zorgid-companion policy <chrome|edge|firefox> --os <windows|macos|linux> [--settings file.json]
//  [--out DIR] [--update-url URL] [--install-url URL]`
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, stringOption, type CommandOutput } from '../cli-io.js';
import { FIREFOX_INSTALL_URL_PLACEHOLDER, UPDATE_URL_PLACEHOLDER } from '../ids.js';
import { generatePolicyFiles, type GeneratedFile } from './generate.js';
import { readSettingsFile, type PolicySettings } from './settings-file.js';
import { POLICY_BROWSERS, POLICY_OSES, type PolicyBrowser, type PolicyOs } from './targets.js';

export const POLICY_USAGE = `zorgid-companion policy <chrome|edge|firefox> --os <windows|macos|linux>
    [--settings instellingen.json] [--out MAP] [--update-url URL] [--install-url URL]`;

/**
 * https, or plain http on this machine's loopback (a test server: nothing crosses a network). Any
 * other plain http would let the network swap the package the browser force-installs.
 */
function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.includes(url.hostname));
  } catch {
    return false;
  }
}
const LOOPBACK_HOSTS = ['127.0.0.1', '[::1]', 'localhost'];

export function writeGeneratedFiles(outDir: string, files: readonly GeneratedFile[]): string[] {
  return files.map((file) => {
    const target = path.join(outDir, ...file.path.split('/'));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.content);
    return target;
  });
}

export function policyCommand(args: string[], out: CommandOutput): Promise<number> {
  return Promise.resolve(runPolicy(args, out));
}

function runPolicy(args: string[], out: CommandOutput): number {
  const parsed = parseArgs(args);
  const [browser] = parsed.positional;
  const os = stringOption(parsed, 'os');
  if (
    !(POLICY_BROWSERS as readonly string[]).includes(browser ?? '') ||
    !(POLICY_OSES as readonly string[]).includes(os ?? '')
  ) {
    out.stderr(`Onbekende browser of --os / unknown browser or --os\n${POLICY_USAGE}`);
    return 2;
  }
  const updateUrl = stringOption(parsed, 'update-url') ?? UPDATE_URL_PLACEHOLDER;
  const installUrl = stringOption(parsed, 'install-url') ?? FIREFOX_INSTALL_URL_PLACEHOLDER;
  for (const [name, value] of [
    ['--update-url', updateUrl],
    ['--install-url', installUrl],
  ] as const) {
    if (!isHttpsUrl(value)) {
      out.stderr(`${name}: verwacht een https-adres / expected an https URL: ${value}`);
      return 2;
    }
  }
  let settings: PolicySettings = {};
  const settingsFile = stringOption(parsed, 'settings');
  if (settingsFile) {
    const result = readSettingsFile(settingsFile);
    if (result.problems.length > 0) {
      out.stderr(
        `${settingsFile}: ongeldige instellingen, niets geschreven / invalid settings, nothing written`,
      );
      for (const problem of result.problems)
        out.stderr(`  ${problem.key || '(bestand / file)'}: ${problem.message}`);
      return 1;
    }
    settings = result.settings;
  }
  const outDir = path.resolve(stringOption(parsed, 'out') ?? `zorgid-companion-policy-${browser}-${os}`);
  const files = generatePolicyFiles({
    browser: browser as PolicyBrowser,
    os: os as PolicyOs,
    settings,
    updateUrl,
    installUrl,
  });
  const written = writeGeneratedFiles(outDir, files);
  out.stdout(
    `Beleid geschreven / policy written to ${outDir}:\n${written.map((file) => `  ${file}`).join('\n')}`,
  );
  if (updateUrl === UPDATE_URL_PLACEHOLDER || installUrl === FIREFOX_INSTALL_URL_PLACEHOLDER) {
    const which = browser === 'firefox' ? '--install-url' : '--update-url';
    if ((browser === 'firefox' ? installUrl : updateUrl).includes('.invalid')) {
      out.stdout(
        `Let op / note: het installatieadres is een voorbeeld; geef ${which} op of vervang het in de bestanden.`,
      );
    }
  }
  return 0;
}
