// Where each Chromium-family browser reads policy, per OS. Values are the browsers' documented
// locations; the extension's own policy sits under 3rdparty (Windows, Linux) or in a separate
// preference domain <domain>.extensions.<id> (macOS: a 3rdparty key there is read by nobody).
import { CHROMIUM_EXTENSION_ID, GECKO_EXTENSION_ID } from '../ids.js';

export const POLICY_BROWSERS = ['chrome', 'edge', 'firefox'] as const;
export const POLICY_OSES = ['windows', 'macos', 'linux'] as const;
export type PolicyBrowser = (typeof POLICY_BROWSERS)[number];
export type PolicyOs = (typeof POLICY_OSES)[number];
export type ChromiumPolicyBrowser = Exclude<PolicyBrowser, 'firefox'>;

export interface ChromiumPolicyTarget {
  label: string;
  /** Below HKLM / HKCU. */
  registryKey: string;
  macDomain: string;
  linuxPolicyDirs: readonly string[];
  /** Used in ADMX namespaces and file names. */
  admxName: string;
  minimumVersion: string;
}

export const CHROMIUM_POLICY_TARGETS: Readonly<Record<ChromiumPolicyBrowser, ChromiumPolicyTarget>> =
  Object.freeze({
    chrome: {
      label: 'Google Chrome',
      registryKey: 'SOFTWARE\\Policies\\Google\\Chrome',
      macDomain: 'com.google.Chrome',
      linuxPolicyDirs: ['/etc/opt/chrome/policies/managed', '/etc/chromium/policies/managed'],
      admxName: 'Chrome',
      minimumVersion: '116',
    },
    edge: {
      label: 'Microsoft Edge',
      registryKey: 'SOFTWARE\\Policies\\Microsoft\\Edge',
      macDomain: 'com.microsoft.Edge',
      linuxPolicyDirs: ['/etc/opt/edge/policies/managed'],
      admxName: 'Edge',
      minimumVersion: '116',
    },
  });

export const FIREFOX_POLICY_LOCATIONS: Readonly<Record<PolicyOs, readonly string[]>> = Object.freeze({
  windows: [
    'C:\\Program Files\\Mozilla Firefox\\distribution\\policies.json',
    "(of / or) Group Policy met de Firefox-ADMX van Mozilla / with Mozilla's Firefox ADMX",
  ],
  macos: [
    '/Applications/Firefox.app/Contents/Resources/distribution/policies.json',
    '(of / or) configuratieprofiel voor het domein org.mozilla.firefox / configuration profile for domain org.mozilla.firefox',
  ],
  linux: [
    '/etc/firefox/policies/policies.json',
    '<firefox-installatiemap / install dir>/distribution/policies.json',
  ],
});

/** The 3rdparty registry key for the extension's settings (Windows). */
export function extensionPolicyKey(
  browser: ChromiumPolicyBrowser,
  id: string = CHROMIUM_EXTENSION_ID,
): string {
  return `${CHROMIUM_POLICY_TARGETS[browser].registryKey}\\3rdparty\\extensions\\${id}\\policy`;
}

export function forceInstallPolicies(updateUrl: string, id: string = CHROMIUM_EXTENSION_ID) {
  return {
    ExtensionInstallForcelist: [`${id};${updateUrl}`],
    ExtensionSettings: { [id]: { installation_mode: 'force_installed', update_url: updateUrl } },
  };
}

export function firefoxForceInstall(installUrl: string, id: string = GECKO_EXTENSION_ID) {
  return { [id]: { installation_mode: 'force_installed', install_url: installUrl } };
}
