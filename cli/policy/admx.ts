// ADMX/ADML templates for the extension's settings in Chrome or Edge. Each policy writes to
// the extension's 3rdparty key in the shape Chrome reads: lists as numbered values in a
// subkey, objects as subkeys, booleans as DWORD, enums and JSON text as REG_SZ.
import { ENVIRONMENTS, LANGUAGES, LOG_LEVELS } from '../../extension/background/services/settings.js';
import { CHROMIUM_EXTENSION_ID } from '../ids.js';
import { escapeXml } from './plist.js';
import { CHROMIUM_POLICY_TARGETS, extensionPolicyKey, type ChromiumPolicyBrowser } from './targets.js';

export const ADML_LANGUAGES = ['nl-NL', 'en-US'] as const;
export type AdmlLanguage = (typeof ADML_LANGUAGES)[number];
type Text = Readonly<Record<AdmlLanguage, string>>;

type Element =
  | { kind: 'list'; id: string; subkey: string; label: Text }
  | { kind: 'enum'; id: string; valueName: string; values: readonly string[]; label: Text }
  | { kind: 'text'; id: string; valueName: string; subkey?: string; label: Text };

interface AdmxPolicy {
  name: string;
  title: Text;
  explain: Text;
  /** A boolean policy has no elements: enabled = 1, disabled = 0. */
  booleanValueName?: string;
  elements: Element[];
}

const HELPDESK_LABELS: Readonly<Record<string, Text>> = {
  name: { 'nl-NL': 'Naam', 'en-US': 'Name' },
  phone: { 'nl-NL': 'Telefoon', 'en-US': 'Phone' },
  email: { 'nl-NL': 'E-mail', 'en-US': 'E-mail' },
  url: { 'nl-NL': 'Website (https)', 'en-US': 'Website (https)' },
};

const MODULE_OS_LABELS: Readonly<Record<string, Text>> = {
  windows: { 'nl-NL': 'Windows-paden', 'en-US': 'Windows paths' },
  macos: { 'nl-NL': 'macOS-paden', 'en-US': 'macOS paths' },
  linux: { 'nl-NL': 'Linux-paden', 'en-US': 'Linux paths' },
};

export const ADMX_POLICIES: readonly AdmxPolicy[] = [
  {
    name: 'AllowedOrigins',
    title: { 'nl-NL': 'Toegestane portaal-origins', 'en-US': 'Allowed portal origins' },
    explain: {
      'nl-NL':
        'Extra exacte origins (https://host of https://host:poort, zonder pad en zonder *) die de UZI-pas via ZORG-ID Companion mogen gebruiken. De twee ZORG-ID-portalen zijn altijd toegestaan.',
      'en-US':
        'Extra exact origins (https://host or https://host:port, no path, no wildcard) allowed to use the UZI-pas through ZORG-ID Companion. The two ZORG-ID portals are always allowed.',
    },
    elements: [
      {
        kind: 'list',
        id: 'AllowedOriginsList',
        subkey: 'allowedOrigins',
        label: { 'nl-NL': 'Origins', 'en-US': 'Origins' },
      },
    ],
  },
  {
    name: 'DefaultEnvironment',
    title: { 'nl-NL': 'Standaardomgeving', 'en-US': 'Default environment' },
    explain: {
      'nl-NL': 'Welke ZORG-ID-omgeving de handleiding standaard opent.',
      'en-US': 'Which ZORG-ID environment the guide opens by default.',
    },
    elements: [
      {
        kind: 'enum',
        id: 'DefaultEnvironmentValue',
        valueName: 'defaultEnvironment',
        values: ENVIRONMENTS,
        label: { 'nl-NL': 'Omgeving', 'en-US': 'Environment' },
      },
    ],
  },
  {
    name: 'Helpdesk',
    title: { 'nl-NL': 'Helpdesk van de organisatie', 'en-US': 'Organisation helpdesk' },
    explain: {
      'nl-NL':
        'Contactgegevens die de handleiding en diagnoserapporten tonen. Laat velden leeg die u niet wilt tonen.',
      'en-US':
        'Contact details shown in the guide and in diagnostic reports. Leave fields empty to hide them.',
    },
    elements: Object.entries(HELPDESK_LABELS).map(([field, label]) => ({
      kind: 'text' as const,
      id: `Helpdesk_${field}`,
      valueName: field,
      subkey: 'helpdesk',
      label,
    })),
  },
  {
    name: 'Language',
    title: { 'nl-NL': 'Taal', 'en-US': 'Language' },
    explain: {
      'nl-NL': 'nl, en of auto (de taal van de browser).',
      'en-US': 'nl, en or auto (the browser language).',
    },
    elements: [
      {
        kind: 'enum',
        id: 'LanguageValue',
        valueName: 'language',
        values: LANGUAGES,
        label: { 'nl-NL': 'Taal', 'en-US': 'Language' },
      },
    ],
  },
  {
    name: 'Pkcs11Modules',
    title: { 'nl-NL': 'PKCS#11-modules', 'en-US': 'PKCS#11 modules' },
    explain: {
      'nl-NL':
        'Absolute paden naar de PKCS#11-module van de UZI-pas (SafeSign), per besturingssysteem, in volgorde van voorkeur. Gaat voor ZORGID_PKCS11_MODULE en de standaardpaden.',
      'en-US':
        'Absolute paths to the UZI-pas PKCS#11 module (SafeSign), per operating system, in order of preference. Takes precedence over ZORGID_PKCS11_MODULE and the default paths.',
    },
    elements: Object.entries(MODULE_OS_LABELS).map(([os, label]) => ({
      kind: 'list' as const,
      id: `Pkcs11Modules_${os}`,
      subkey: `pkcs11Modules\\${os}`,
      label,
    })),
  },
  {
    name: 'StepMapCorrections',
    title: { 'nl-NL': 'Correcties op de stappenkaart', 'en-US': 'Step map corrections' },
    explain: {
      'nl-NL':
        'JSON-tekst (één regel) met correcties op de stappenkaart van de handleiding; zie docs/deployment.md.',
      'en-US': "JSON text (one line) with corrections to the guide's step map; see docs/deployment.md.",
    },
    elements: [
      {
        kind: 'text',
        id: 'StepMapCorrectionsJson',
        valueName: 'stepMapCorrections',
        label: { 'nl-NL': 'JSON', 'en-US': 'JSON' },
      },
    ],
  },
  {
    name: 'SandboxAllowed',
    title: { 'nl-NL': 'Sandbox toestaan', 'en-US': 'Allow the sandbox' },
    explain: {
      'nl-NL':
        'Sta de lokale sandbox-origins (http://127.0.0.1:4410 en :4411) toe. Alleen voor tests en training.',
      'en-US':
        'Allow the local sandbox origins (http://127.0.0.1:4410 and :4411). Only for testing and training.',
    },
    booleanValueName: 'sandboxAllowed',
    elements: [],
  },
  {
    name: 'LogLevel',
    title: { 'nl-NL': 'Logniveau', 'en-US': 'Log level' },
    explain: { 'nl-NL': 'debug, info, warn of error.', 'en-US': 'debug, info, warn or error.' },
    elements: [
      {
        kind: 'enum',
        id: 'LogLevelValue',
        valueName: 'logLevel',
        values: LOG_LEVELS,
        label: { 'nl-NL': 'Niveau', 'en-US': 'Level' },
      },
    ],
  },
];

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
    const label = escapeXml(element.label[language]);
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
