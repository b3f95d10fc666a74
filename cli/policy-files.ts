// doctor's look at the browser policy files on this machine (Linux): the managed settings for our
// extension checked against the managed schema (Chrome drops a value that fails it without a word;
// Firefox hands it to the extension, which ignores it), and the force-install address, fetched
// once (a server that does not answer means the extension never arrives). Each problem names the
// file, the key and the fix.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DiagnosticCheck } from '../shared/diagnostics/types.js';
import { CHECK_TITLES } from '../shared/diagnostics/texts.js';
import { CHROMIUM_EXTENSION_ID, GECKO_EXTENSION_ID } from './ids.js';
import { checkAgainstSchema, loadManagedSchema } from './policy/schema-check.js';
import { CHROMIUM_POLICY_TARGETS } from './policy/targets.js';

/** Where Firefox reads policies.json on Linux (measured on ESR: not /etc/firefox-esr/policies). */
export const FIREFOX_POLICY_FILES = [
  '/etc/firefox/policies/policies.json',
  '/usr/lib/firefox-esr/distribution/policies.json',
  '/usr/lib/firefox/distribution/policies.json',
] as const;

export interface PolicyFileFinding {
  file: string;
  browser: 'chromium' | 'firefox';
  /** `key: what is wrong`, for the settings of our extension or the file as a whole. */
  problems: string[];
  /** The address the browser installs the extension from, when this file force-installs it. */
  installUrl?: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function readJson(file: string): { value?: unknown; problem?: string } {
  try {
    return { value: JSON.parse(readFileSync(file, 'utf8')) as unknown };
  } catch (error) {
    return { problem: `(bestand / file): geen geldige JSON / not valid JSON (${(error as Error).message})` };
  }
}

function schemaProblems(settings: unknown, firefox: boolean): string[] {
  // Firefox policies carry stepMapCorrections as the object; Chrome's schema needs JSON text.
  const value =
    firefox && isRecord(settings) && isRecord(settings.stepMapCorrections)
      ? { ...settings, stepMapCorrections: JSON.stringify(settings.stepMapCorrections) }
      : settings;
  return checkAgainstSchema(value, loadManagedSchema()).map((problem) => `policy.${problem}`);
}

function chromiumFinding(file: string, id: string): PolicyFileFinding | undefined {
  const { value, problem } = readJson(file);
  if (problem) return { file, browser: 'chromium', problems: [problem] };
  if (!isRecord(value)) return { file, browser: 'chromium', problems: ['(root): expected an object'] };
  const thirdParty = value['3rdparty'];
  const extensions = isRecord(thirdParty) ? thirdParty.extensions : undefined;
  const ours = isRecord(extensions) ? extensions[id] : undefined;
  const forcelist = Array.isArray(value.ExtensionInstallForcelist) ? value.ExtensionInstallForcelist : [];
  const entry = forcelist.find(
    (item): item is string => typeof item === 'string' && item.startsWith(`${id};`),
  );
  const settings = isRecord(value.ExtensionSettings) ? value.ExtensionSettings[id] : undefined;
  const installUrl =
    entry?.slice(id.length + 1) ??
    (isRecord(settings) ? (settings.update_url as string | undefined) : undefined);
  if (ours === undefined && !installUrl) return undefined;
  return {
    file,
    browser: 'chromium',
    problems: ours === undefined ? [] : schemaProblems(ours, false),
    ...(installUrl ? { installUrl } : {}),
  };
}

function firefoxFinding(file: string, id: string): PolicyFileFinding | undefined {
  const { value, problem } = readJson(file);
  if (problem) return { file, browser: 'firefox', problems: [problem] };
  const policies = isRecord(value) && isRecord(value.policies) ? value.policies : undefined;
  if (!policies) return { file, browser: 'firefox', problems: ['policies: expected an object'] };
  const thirdParty = policies['3rdparty'];
  const extensions = isRecord(thirdParty) ? thirdParty.Extensions : undefined;
  const ours = isRecord(extensions) ? extensions[id] : undefined;
  const install = isRecord(policies.ExtensionSettings) ? policies.ExtensionSettings[id] : undefined;
  const installUrl =
    isRecord(install) && typeof install.install_url === 'string' ? install.install_url : undefined;
  if (ours === undefined && !installUrl) return undefined;
  return {
    file,
    browser: 'firefox',
    problems: ours === undefined ? [] : schemaProblems(ours, true),
    ...(installUrl ? { installUrl } : {}),
  };
}

/** The policy files under rootDir that concern our extension (or that cannot be read at all). */
export function findPolicyFiles(
  rootDir = '/',
  ids: { chromium: string; gecko: string } = { chromium: CHROMIUM_EXTENSION_ID, gecko: GECKO_EXTENSION_ID },
): PolicyFileFinding[] {
  const findings: PolicyFileFinding[] = [];
  const dirs = new Set(Object.values(CHROMIUM_POLICY_TARGETS).flatMap((target) => target.linuxPolicyDirs));
  for (const dir of dirs) {
    const full = path.join(rootDir, dir);
    if (!existsSync(full)) continue;
    for (const name of readdirSync(full)
      .filter((entry) => entry.endsWith('.json'))
      .sort()) {
      const finding = chromiumFinding(path.join(full, name), ids.chromium);
      if (finding) findings.push(finding);
    }
  }
  for (const file of FIREFOX_POLICY_FILES) {
    const full = path.join(rootDir, file);
    if (!existsSync(full)) continue;
    const finding = firefoxFinding(full, ids.gecko);
    if (finding) findings.push(finding);
  }
  return findings;
}

/** Whether the force-install address answers at all (any HTTP status counts as an answer). */
export async function unreachable(url: string, timeoutMs = 5_000): Promise<string | undefined> {
  try {
    await fetch(url, { method: 'GET', signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    return undefined;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    return cause;
  }
}

/** The doctor's policy check; undefined when no policy file concerns the extension. */
export async function policyFilesCheck(
  findings: readonly PolicyFileFinding[],
  reach: (url: string) => Promise<string | undefined> = unreachable,
): Promise<DiagnosticCheck | undefined> {
  if (findings.length === 0) return undefined;
  const problems: string[] = [];
  for (const finding of findings) {
    for (const problem of finding.problems) problems.push(`${finding.file}: ${problem}`);
    if (finding.installUrl) {
      const reason = await reach(finding.installUrl);
      if (reason)
        problems.push(
          `${finding.file}: installatieadres onbereikbaar / install address unreachable: ${finding.installUrl} (${reason})`,
        );
    }
  }
  const files = findings.map((finding) => finding.file);
  if (problems.length === 0)
    return {
      id: 'policy',
      title: CHECK_TITLES.policy,
      status: 'pass',
      detail: {
        nl: `Beleid voor de extensie in orde: ${files.join(', ')}`,
        en: `Policy for the extension is valid: ${files.join(', ')}`,
      },
      data: { files },
    };
  return {
    id: 'policy',
    title: CHECK_TITLES.policy,
    status: 'fail',
    detail: { nl: problems.join('\n'), en: problems.join('\n') },
    fix: {
      nl:
        'Verbeter de genoemde sleutel in het beleidsbestand (een onbekende sleutel weghalen, het type zoals in de tabel van docs/deployment.md), ' +
        'of maak het bestand opnieuw met `zorgid-companion policy … --settings instellingen.json`; zet het installatieadres op een server die de browser bereikt. Herstart daarna de browser.',
      en:
        'Fix the named key in the policy file (remove an unknown key, use the type from the table in docs/deployment.md), ' +
        'or generate the file again with `zorgid-companion policy … --settings settings.json`; point the install address at a server the browser can reach. Then restart the browser.',
    },
    data: { files, problems },
  };
}
