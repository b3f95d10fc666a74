// What an administrator deploys, per browser and OS, as files in memory; command.ts writes them.
import { CHROMIUM_EXTENSION_ID, GECKO_EXTENSION_ID } from '../ids.js';
import { ADML_LANGUAGES, admlDocument, admxDocument, admxFileName } from './admx.js';
import { plistDocument, stableUuid, type PlistValue } from './plist.js';
import { encodeRegFile, policyRegValue, REG_HIVES, regText, type RegKey } from './reg-file.js';
import { toChromiumPolicy, toFirefoxPolicy, type PolicySettings } from './settings-file.js';
import {
  CHROMIUM_POLICY_TARGETS,
  FIREFOX_POLICY_LOCATIONS,
  extensionPolicyKey,
  firefoxForceInstall,
  forceInstallPolicies,
  type ChromiumPolicyBrowser,
  type PolicyBrowser,
  type PolicyOs,
} from './targets.js';

export interface GeneratedFile {
  /** Relative to the output folder, '/'-separated. */
  path: string;
  content: string | Uint8Array;
}

export interface PolicyRequest {
  browser: PolicyBrowser;
  os: PolicyOs;
  settings: PolicySettings;
  updateUrl: string;
  /** Firefox: where the signed XPI is served. */
  installUrl: string;
}

const PROFILE_PREFIX = 'nl.zorgid-companion.policy';

export function chromiumRegKeys(
  browser: ChromiumPolicyBrowser,
  settings: PolicySettings,
  updateUrl: string,
): RegKey[] {
  const target = CHROMIUM_POLICY_TARGETS[browser];
  const base = `${REG_HIVES.system}\\${target.registryKey}`;
  const install = forceInstallPolicies(updateUrl);
  const keys: RegKey[] = [
    {
      path: `${base}\\ExtensionInstallForcelist`,
      values: install.ExtensionInstallForcelist.map(
        (entry, i) => [String(i + 1), { type: 'sz', value: entry }] as const,
      ),
    },
    { path: base, values: [['ExtensionSettings', policyRegValue(install.ExtensionSettings)]] },
  ];
  const policy = toChromiumPolicy(settings);
  if (Object.keys(policy).length > 0) {
    keys.push({
      path: `${REG_HIVES.system}\\${extensionPolicyKey(browser)}`,
      values: Object.entries(policy).map(([name, value]) => [name, policyRegValue(value)] as const),
    });
  }
  return keys;
}

function windowsFiles(browser: ChromiumPolicyBrowser, request: PolicyRequest): GeneratedFile[] {
  const name = admxFileName(browser);
  return [
    {
      path: `${name}.reg`,
      content: encodeRegFile(regText(chromiumRegKeys(browser, request.settings, request.updateUrl))),
    },
    { path: `PolicyDefinitions/${name}.admx`, content: admxDocument(browser) },
    ...ADML_LANGUAGES.map((language) => ({
      path: `PolicyDefinitions/${language}/${name}.adml`,
      content: admlDocument(browser, language),
    })),
  ];
}

function payload(type: string, identifier: string, displayName: string, content: Record<string, PlistValue>) {
  return {
    PayloadType: type,
    PayloadVersion: 1,
    PayloadIdentifier: identifier,
    PayloadUUID: stableUuid(identifier),
    PayloadEnabled: true,
    PayloadDisplayName: displayName,
    ...content,
  };
}

export function mobileconfig(
  browser: ChromiumPolicyBrowser,
  settings: PolicySettings,
  updateUrl: string,
): string {
  const target = CHROMIUM_POLICY_TARGETS[browser];
  const identifier = `${PROFILE_PREFIX}.${browser}`;
  const contents: PlistValue[] = [
    payload(
      target.macDomain,
      `${identifier}.install`,
      `${target.label}: ZORG-ID Companion installeren / install`,
      {
        ...forceInstallPolicies(updateUrl),
      },
    ),
  ];
  const policy = toChromiumPolicy(settings) as Record<string, PlistValue>;
  if (Object.keys(policy).length > 0) {
    contents.push(
      payload(
        `${target.macDomain}.extensions.${CHROMIUM_EXTENSION_ID}`,
        `${identifier}.settings`,
        `${target.label}: ZORG-ID Companion instellingen / settings`,
        policy,
      ),
    );
  }
  return plistDocument({
    PayloadType: 'Configuration',
    PayloadVersion: 1,
    PayloadIdentifier: identifier,
    PayloadUUID: stableUuid(identifier),
    PayloadScope: 'System',
    PayloadDisplayName: `ZORG-ID Companion (${target.label})`,
    PayloadDescription:
      'Installeert ZORG-ID Companion en zet de instellingen van de organisatie. / Installs ZORG-ID Companion and sets the organisation settings.',
    PayloadContent: contents,
  });
}

export function linuxPolicy(settings: PolicySettings, updateUrl: string): Record<string, unknown> {
  const policy = toChromiumPolicy(settings);
  return {
    ...forceInstallPolicies(updateUrl),
    ...(Object.keys(policy).length > 0
      ? { '3rdparty': { extensions: { [CHROMIUM_EXTENSION_ID]: policy } } }
      : {}),
  };
}

export function firefoxPolicies(settings: PolicySettings, installUrl: string): Record<string, unknown> {
  const policy = toFirefoxPolicy(settings);
  return {
    policies: {
      ExtensionSettings: firefoxForceInstall(installUrl),
      ...(Object.keys(policy).length > 0
        ? { '3rdparty': { Extensions: { [GECKO_EXTENSION_ID]: policy } } }
        : {}),
    },
  };
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function readme(request: PolicyRequest, files: GeneratedFile[]): string {
  const placeholder = request.browser === 'firefox' ? request.installUrl : request.updateUrl;
  const lines = [
    `ZORG-ID Companion: beleid voor / policy for ${request.browser} op / on ${request.os}`,
    '',
    'Bestanden / files:',
    ...files.map((file) => `  ${file.path}`),
    '',
  ];
  if (placeholder.includes('.invalid')) {
    lines.push(
      `LET OP: vervang ${placeholder} door het adres waar uw organisatie de extensie aanbiedt.`,
      `NOTE: replace ${placeholder} with the address where your organisation serves the extension.`,
      '',
    );
  }
  if (request.browser === 'firefox') {
    lines.push(
      'Plaats policies.json op / place policies.json at:',
      ...FIREFOX_POLICY_LOCATIONS[request.os].map((p) => `  ${p}`),
    );
  } else if (request.os === 'windows') {
    lines.push(
      'Importeer het .reg-bestand (regedit /s) of kopieer PolicyDefinitions naar de Central Store',
      '(\\\\<domein>\\SYSVOL\\<domein>\\Policies\\PolicyDefinitions) en stel de beleidsregels in onder ZORG-ID Companion.',
      'Import the .reg file or copy PolicyDefinitions into the Central Store and set the policies under ZORG-ID Companion.',
      'Heeft u al ExtensionInstallForcelist of ExtensionSettings? Voeg onze regel daaraan toe in plaats van te importeren.',
      'Already using ExtensionInstallForcelist or ExtensionSettings? Merge our entry instead of importing.',
    );
  } else if (request.os === 'macos') {
    lines.push(
      'Verspreid het .mobileconfig-bestand via uw MDM (of installeer het met Systeeminstellingen → Profielen).',
      'Deploy the .mobileconfig through your MDM (or install it in System Settings → Profiles).',
    );
  } else {
    lines.push('Kopieer de etc/-boom naar / copy the etc/ tree to /  (root:root, 0644).');
  }
  lines.push('', 'Controleer / check: chrome://policy, edge://policy of about:policies.', '');
  return lines.join('\n');
}

export function generatePolicyFiles(request: PolicyRequest): GeneratedFile[] {
  const { browser, os, settings } = request;
  let files: GeneratedFile[];
  if (browser === 'firefox') {
    files = [{ path: 'policies.json', content: json(firefoxPolicies(settings, request.installUrl)) }];
  } else if (os === 'windows') {
    files = windowsFiles(browser, request);
  } else if (os === 'macos') {
    files = [
      {
        path: `${admxFileName(browser)}.mobileconfig`,
        content: mobileconfig(browser, settings, request.updateUrl),
      },
    ];
  } else {
    const content = json(linuxPolicy(settings, request.updateUrl));
    files = CHROMIUM_POLICY_TARGETS[browser].linuxPolicyDirs.map((dir) => ({
      path: `${dir.replace(/^\//, '')}/zorgid-companion.json`,
      content,
    }));
  }
  return [...files, { path: 'README.txt', content: readme(request, files) }];
}
