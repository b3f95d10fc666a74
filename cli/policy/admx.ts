// ADMX/ADML templates for the extension's settings in Chrome or Edge. Each policy writes to
// the extension's 3rdparty key in the shape Chrome reads: lists as numbered values in a
// subkey, objects as subkeys, booleans as DWORD, enums and JSON text as REG_SZ.
import { POLICIES, SETTING_KEYS, type AdmxElement } from '../../shared/settings/policies.js';
import { CHROMIUM_EXTENSION_ID } from '../ids.js';
import { escapeXml } from './plist.js';
import { CHROMIUM_POLICY_TARGETS, extensionPolicyKey, type ChromiumPolicyBrowser } from './targets.js';

export const ADML_LANGUAGES = ['nl-NL', 'en-US'] as const;
export type AdmlLanguage = (typeof ADML_LANGUAGES)[number];
type Text = Readonly<Record<AdmlLanguage, string>>;

type Element = AdmxElement;

interface AdmxPolicy {
  name: string;
  title: Text;
  explain: Text;
  /** A boolean policy has no elements: enabled = 1, disabled = 0. */
  booleanValueName?: string;
  elements: readonly Element[];
}

const ADML_KEY: Readonly<Record<AdmlLanguage, 'nl' | 'en'>> = { 'nl-NL': 'nl', 'en-US': 'en' };

// Read from the policy table (shared/settings/policies.ts): a new setting needs no change here.
export const ADMX_POLICIES: readonly AdmxPolicy[] = SETTING_KEYS.map((key) => {
  const { title, explain, admx } = POLICIES[key];
  return {
    name: admx.name,
    title: { 'nl-NL': title.nl, 'en-US': title.en },
    explain: { 'nl-NL': explain.nl, 'en-US': explain.en },
    ...(admx.booleanValueName ? { booleanValueName: admx.booleanValueName } : {}),
    elements: admx.elements,
  };
});

const CATEGORY = 'ZorgIdCompanion';
const SUPPORTED = 'SUPPORTED_ZorgIdCompanion';
const CATEGORY_TEXT: Text = { 'nl-NL': 'ZORG-ID Companion', 'en-US': 'ZORG-ID Companion' };

export function admxFileName(browser: ChromiumPolicyBrowser): string {
  return `zorgid-companion-${browser}`;
}

function elementXml(element: Element, key: string): string {
  switch (element.kind) {
    case 'list':
      return `        <list id="${element.id}" key="${escapeXml(`${key}\\${element.subkey}`)}" valuePrefix="" />`;
    case 'text': {
      const target = element.subkey ? ` key="${escapeXml(`${key}\\${element.subkey}`)}"` : '';
      return `        <text id="${element.id}"${target} valueName="${element.valueName}" maxLength="4096" />`;
    }
    case 'enum':
      return [
        `        <enum id="${element.id}" valueName="${element.valueName}" required="true">`,
        ...element.values.map(
          (value) =>
            `          <item displayName="$(string.${element.id}_${value})"><value><string>${value}</string></value></item>`,
        ),
        '        </enum>',
      ].join('\n');
  }
}

export function admxDocument(browser: ChromiumPolicyBrowser, id: string = CHROMIUM_EXTENSION_ID): string {
  const target = CHROMIUM_POLICY_TARGETS[browser];
  const key = extensionPolicyKey(browser, id);
  const policies = ADMX_POLICIES.map((policy) => {
    const attrs = [
      `name="${policy.name}"`,
      'class="Both"',
      `displayName="$(string.${policy.name})"`,
      `explainText="$(string.${policy.name}_Explain)"`,
      ...(policy.elements.length > 0 ? [`presentation="$(presentation.${policy.name})"`] : []),
      `key="${escapeXml(key)}"`,
      ...(policy.booleanValueName ? [`valueName="${policy.booleanValueName}"`] : []),
    ].join(' ');
    const body = [
      `      <parentCategory ref="${CATEGORY}" />`,
      `      <supportedOn ref="${SUPPORTED}" />`,
      ...(policy.booleanValueName
        ? [
            '      <enabledValue><decimal value="1" /></enabledValue>',
            '      <disabledValue><decimal value="0" /></disabledValue>',
          ]
        : []),
      ...(policy.elements.length > 0
        ? [
            '      <elements>',
            ...policy.elements.map((element) => elementXml(element, key)),
            '      </elements>',
          ]
        : []),
    ];
    return [`    <policy ${attrs}>`, ...body, '    </policy>'].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<policyDefinitions xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">',
    '  <policyNamespaces>',
    `    <target prefix="zorgidcompanion${browser}" namespace="ZorgIdCompanion.Policies.${target.admxName}" />`,
    '    <using prefix="windows" namespace="Microsoft.Policies.Windows" />',
    '  </policyNamespaces>',
    '  <resources minRequiredRevision="1.0" />',
    '  <supportedOn>',
    '    <definitions>',
    `      <definition name="${SUPPORTED}" displayName="$(string.${SUPPORTED})" />`,
    '    </definitions>',
    '  </supportedOn>',
    '  <categories>',
    `    <category name="${CATEGORY}" displayName="$(string.${CATEGORY})" />`,
    '  </categories>',
    '  <policies>',
    ...policies,
    '  </policies>',
    '</policyDefinitions>',
    '',
  ].join('\n');
}

function presentationXml(policy: AdmxPolicy, language: AdmlLanguage): string {
  const controls = policy.elements.map((element) => {
    const label = escapeXml(element.label[ADML_KEY[language]]);
    switch (element.kind) {
      case 'list':
        return `        <listBox refId="${element.id}">${label}</listBox>`;
      case 'enum':
        return `        <dropdownList refId="${element.id}" noSort="true">${label}</dropdownList>`;
      case 'text':
        return `        <textBox refId="${element.id}"><label>${label}</label></textBox>`;
    }
  });
  return [`      <presentation id="${policy.name}">`, ...controls, '      </presentation>'].join('\n');
}

export function admlDocument(browser: ChromiumPolicyBrowser, language: AdmlLanguage): string {
  const target = CHROMIUM_POLICY_TARGETS[browser];
  const supported: Text = {
    'nl-NL': `${target.label} ${target.minimumVersion} of nieuwer`,
    'en-US': `${target.label} ${target.minimumVersion} or later`,
  };
  const strings: [string, string][] = [
    [CATEGORY, CATEGORY_TEXT[language]],
    [SUPPORTED, supported[language]],
  ];
  for (const policy of ADMX_POLICIES) {
    strings.push([policy.name, policy.title[language]], [`${policy.name}_Explain`, policy.explain[language]]);
    for (const element of policy.elements) {
      if (element.kind === 'enum')
        for (const value of element.values) strings.push([`${element.id}_${value}`, value]);
    }
  }
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<policyDefinitionResources xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">',
    '  <displayName>ZORG-ID Companion</displayName>',
    `  <description>ZORG-ID Companion (${target.label})</description>`,
    '  <resources>',
    '    <stringTable>',
    ...strings.map(([id, text]) => `      <string id="${id}">${escapeXml(text)}</string>`),
    '    </stringTable>',
    '    <presentationTable>',
    ...ADMX_POLICIES.filter((policy) => policy.elements.length > 0).map((policy) =>
      presentationXml(policy, language),
    ),
    '    </presentationTable>',
    '  </resources>',
    '</policyDefinitionResources>',
    '',
  ].join('\n');
}
