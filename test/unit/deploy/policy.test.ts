import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateSettings } from '../../../extension/background/services/settings.js';
import { CHROMIUM_EXTENSION_ID, GECKO_EXTENSION_ID, UPDATE_URL_PLACEHOLDER } from '../../../cli/ids.js';
import { admlDocument, admxDocument } from '../../../cli/policy/admx.js';
import { policyCommand } from '../../../cli/policy/command.js';
import { generatePolicyFiles } from '../../../cli/policy/generate.js';
import { escapeRegString, REG_HEADER } from '../../../cli/policy/reg-file.js';
import { checkAgainstSchema, loadManagedSchema } from '../../../cli/policy/schema-check.js';
import { findAll, parseXml, plistValue, type Plist } from './xml.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'zorgid-policy-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const SETTINGS = {
  allowedOrigins: ['https://portaal.zorg.example.nl'],
  defaultEnvironment: 'acceptatie',
  helpdesk: {
    name: 'ICT "Servicedesk"',
    phone: '+31 30 123 4567',
    email: 'ict@zorg.example.nl',
    url: 'https://ict.example.nl',
  },
  language: 'nl',
  pkcs11Modules: {
    windows: ['C:\\Program Files\\A.E.T. Europe B.V.\\aetpkss1.dll'],
    linux: ['/usr/lib/libaetpkss.so.3'],
  },
  stepMapCorrections: { steps: { 'step-1': { manualConfirm: true } } },
  sandboxAllowed: false,
  logLevel: 'warn',
};

function capture() {
  const lines: string[] = [];
  return { lines, out: { stdout: (t: string) => lines.push(t), stderr: (t: string) => lines.push(t) } };
}

async function generate(browser: string, osName: string, extra: string[] = []): Promise<string> {
  const dir = path.join(tmp, `${browser}-${osName}-${extra.length}`);
  const settingsFile = path.join(tmp, 'settings.json');
  writeFileSync(settingsFile, JSON.stringify(SETTINGS));
  const { out, lines } = capture();
  const code = await policyCommand(
    [browser, '--os', osName, '--settings', settingsFile, '--out', dir, ...extra],
    out,
  );
  expect(code, lines.join('\n')).toBe(0);
  return dir;
}

/** Parses a .reg file into keys → values, checking the syntax of every line. */
function parseReg(bytes: Buffer): Map<string, Map<string, string>> {
  expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
  const lines = bytes.subarray(2).toString('utf16le').split('\r\n');
  expect(lines[0]).toBe(REG_HEADER);
  const keys = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const key = /^\[(-?HKEY_(LOCAL_MACHINE|CURRENT_USER)\\[^\]]+)\]$/.exec(line);
    if (key) {
      current = new Map();
      keys.set(key[1]!, current);
      continue;
    }
    const value = /^("(?:[^"\\]|\\.)*"|@)=("(?:[^"\\]|\\.)*"|dword:[0-9a-f]{8})$/.exec(line);
    expect(value, `bad .reg line: ${line}`).not.toBeNull();
    expect(current).toBeDefined();
    const unquote = (s: string) => (s.startsWith('"') ? s.slice(1, -1).replace(/\\(.)/g, '$1') : s);
    current!.set(unquote(value![1]!), unquote(value![2]!));
  }
  return keys;
}

describe('policy for Chrome and Edge on Windows', () => {
  it('writes a .reg with force install and the extension settings under 3rdparty', async () => {
    const dir = await generate('chrome', 'windows');
    const keys = parseReg(readFileSync(path.join(dir, 'zorgid-companion-chrome.reg')));
    const base = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome';
    expect(keys.get(`${base}\\ExtensionInstallForcelist`)?.get('1')).toBe(
      `${CHROMIUM_EXTENSION_ID};${UPDATE_URL_PLACEHOLDER}`,
    );
    const extensionSettings = JSON.parse(keys.get(base)!.get('ExtensionSettings')!) as Record<
      string,
      { installation_mode: string }
    >;
    expect(extensionSettings[CHROMIUM_EXTENSION_ID]?.installation_mode).toBe('force_installed');
    const policy = keys.get(`${base}\\3rdparty\\extensions\\${CHROMIUM_EXTENSION_ID}\\policy`)!;
    expect(policy.get('sandboxAllowed')).toBe('dword:00000000');
    expect(policy.get('defaultEnvironment')).toBe('acceptatie');
    const decoded: Record<string, unknown> = Object.fromEntries(
      [...policy].map(([name, value]) => [
        name,
        value.startsWith('dword:') ? value === 'dword:00000001' : value,
      ]),
    );
    for (const name of ['allowedOrigins', 'helpdesk', 'pkcs11Modules'])
      decoded[name] = JSON.parse(decoded[name] as string) as unknown;
    // What Chrome reads back must pass the extension's own rules and the schema.
    expect(validateSettings(decoded).problems).toEqual([]);
    expect(checkAgainstSchema(decoded, loadManagedSchema())).toEqual([]);
    expect((decoded.helpdesk as { name: string }).name).toBe('ICT "Servicedesk"');
  });

  it('escapes backslashes and quotes and refuses line breaks', () => {
    expect(escapeRegString('C:\\a "b"')).toBe('C:\\\\a \\"b\\"');
    expect(() => escapeRegString('a\nb')).toThrow();
  });

  it('uses the Edge policy key for Edge', async () => {
    const dir = await generate('edge', 'windows');
    const keys = parseReg(readFileSync(path.join(dir, 'zorgid-companion-edge.reg')));
    expect([...keys.keys()].every((key) => key.includes('\\Policies\\Microsoft\\Edge'))).toBe(true);
  });

  it('writes well-formed ADMX and ADML (nl-NL, en-US) whose string and presentation ids match', async () => {
    for (const browser of ['chrome', 'edge'] as const) {
      const dir = await generate(browser, 'windows');
      const admxText = readFileSync(
        path.join(dir, `PolicyDefinitions/zorgid-companion-${browser}.admx`),
        'utf8',
      );
      expect(admxText).toBe(admxDocument(browser));
      const admx = parseXml(admxText);
      expect(admx.name).toBe('policyDefinitions');
      const stringRefs = new Set([...admxText.matchAll(/\$\(string\.([\w-]+)\)/g)].map((m) => m[1]!));
      const presentationRefs = new Set(
        [...admxText.matchAll(/\$\(presentation\.([\w-]+)\)/g)].map((m) => m[1]!),
      );
      const elementIds = findAll(admx, 'elements').flatMap((e) => e.children.map((c) => c.attributes.id!));
      for (const policy of findAll(admx, 'policy')) {
        expect(policy.attributes.key).toContain(`3rdparty\\extensions\\${CHROMIUM_EXTENSION_ID}\\policy`);
      }
      for (const language of ['nl-NL', 'en-US'] as const) {
        const admlText = readFileSync(
          path.join(dir, `PolicyDefinitions/${language}/zorgid-companion-${browser}.adml`),
          'utf8',
        );
        expect(admlText).toBe(admlDocument(browser, language));
        const adml = parseXml(admlText);
        const strings = new Set(findAll(adml, 'string').map((s) => s.attributes.id!));
        const presentations = findAll(adml, 'presentation');
        for (const ref of stringRefs) expect(strings.has(ref), `${language} string ${ref}`).toBe(true);
        expect(new Set(presentations.map((p) => p.attributes.id))).toEqual(presentationRefs);
        const refIds = presentations.flatMap((p) => p.children.map((c) => c.attributes.refId!));
        expect(refIds.sort()).toEqual([...elementIds].sort());
      }
    }
  });
});

describe('policy for macOS', () => {
  it('writes a configuration profile with the install payload and the extension domain payload', async () => {
    const dir = await generate('chrome', 'macos');
    const profile = plistValue(
      parseXml(readFileSync(path.join(dir, 'zorgid-companion-chrome.mobileconfig'), 'utf8')),
    ) as Record<string, Plist>;
    expect(profile.PayloadType).toBe('Configuration');
    const payloads = profile.PayloadContent as Record<string, Plist>[];
    expect(payloads.map((p) => p.PayloadType)).toEqual([
      'com.google.Chrome',
      `com.google.Chrome.extensions.${CHROMIUM_EXTENSION_ID}`,
    ]);
    expect(payloads[0]!.ExtensionInstallForcelist).toEqual([
      `${CHROMIUM_EXTENSION_ID};${UPDATE_URL_PLACEHOLDER}`,
    ]);
    const settings = payloads[1]!;
    expect(settings.allowedOrigins).toEqual(SETTINGS.allowedOrigins);
    expect(settings.sandboxAllowed).toBe(false);
    expect(new Set(payloads.map((p) => p.PayloadUUID)).size).toBe(2);
    const policyOnly = Object.fromEntries(
      Object.entries(settings).filter(([key]) => !key.startsWith('Payload')),
    );
    expect(checkAgainstSchema(policyOnly, loadManagedSchema())).toEqual([]);
  });

  it('uses the Edge domains for Edge', async () => {
    const dir = await generate('edge', 'macos');
    const text = readFileSync(path.join(dir, 'zorgid-companion-edge.mobileconfig'), 'utf8');
    expect(text).toContain(`<string>com.microsoft.Edge.extensions.${CHROMIUM_EXTENSION_ID}</string>`);
  });
});

describe('policy for Linux and Firefox', () => {
  it('writes managed policy JSON for Chrome and Chromium, with settings under 3rdparty', async () => {
    const dir = await generate('chrome', 'linux', ['--update-url', 'https://updates.zorg.example.nl/u.xml']);
    for (const sub of ['etc/opt/chrome/policies/managed', 'etc/chromium/policies/managed']) {
      const policy = JSON.parse(readFileSync(path.join(dir, sub, 'zorgid-companion.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      expect(policy.ExtensionInstallForcelist).toEqual([
        `${CHROMIUM_EXTENSION_ID};https://updates.zorg.example.nl/u.xml`,
      ]);
      const extension = (policy['3rdparty'] as { extensions: Record<string, unknown> }).extensions[
        CHROMIUM_EXTENSION_ID
      ];
      expect(checkAgainstSchema(extension, loadManagedSchema())).toEqual([]);
      expect(validateSettings(extension).problems).toEqual([]);
    }
    const edge = await generate('edge', 'linux');
    expect(
      readFileSync(path.join(edge, 'etc/opt/edge/policies/managed/zorgid-companion.json'), 'utf8'),
    ).toContain('3rdparty');
    expect(readFileSync(path.join(edge, 'README.txt'), 'utf8')).toContain(UPDATE_URL_PLACEHOLDER);
  });

  it('writes Firefox policies.json with force install and the settings as objects', async () => {
    const dir = await generate('firefox', 'windows');
    const { policies } = JSON.parse(readFileSync(path.join(dir, 'policies.json'), 'utf8')) as {
      policies: {
        ExtensionSettings: Record<string, { installation_mode: string }>;
        '3rdparty': { Extensions: Record<string, unknown> };
      };
    };
    expect(policies.ExtensionSettings[GECKO_EXTENSION_ID]?.installation_mode).toBe('force_installed');
    expect(policies['3rdparty'].Extensions[GECKO_EXTENSION_ID]).toEqual(SETTINGS);
    expect(readFileSync(path.join(dir, 'README.txt'), 'utf8')).toContain('distribution\\policies.json');
  });
});

describe('policyCommand errors', () => {
  it('refuses an invalid settings file, naming the field, and writes nothing', async () => {
    const file = path.join(tmp, 'bad.json');
    writeFileSync(file, JSON.stringify({ language: 'de', allowedOrigins: ['https://ok.example.nl'] }));
    const dir = path.join(tmp, 'bad-out');
    const { out, lines } = capture();
    expect(await policyCommand(['chrome', '--os', 'linux', '--settings', file, '--out', dir], out)).toBe(1);
    expect(lines.join('\n')).toMatch(/language: .*nl, en, auto/);
    expect(() => readFileSync(path.join(dir, 'README.txt'))).toThrow();
  });

  it('refuses an origin the extension accepts but Chrome policy would drop (plain http loopback)', async () => {
    const file = path.join(tmp, 'http.json');
    writeFileSync(file, JSON.stringify({ allowedOrigins: ['http://127.0.0.1:4410'] }));
    const { out, lines } = capture();
    expect(
      await policyCommand(['edge', '--os', 'windows', '--settings', file, '--out', path.join(tmp, 'x')], out),
    ).toBe(1);
    expect(lines.join('\n')).toContain('allowedOrigins[0]');
  });

  it('refuses an unknown browser, OS or a non-https update URL', async () => {
    const { out } = capture();
    expect(await policyCommand(['safari', '--os', 'macos'], out)).toBe(2);
    expect(await policyCommand(['chrome', '--os', 'beos'], out)).toBe(2);
    expect(
      await policyCommand(['chrome', '--os', 'linux', '--update-url', 'http://x.example/u.xml'], out),
    ).toBe(2);
    // Plain http only where nothing crosses a network (the release tests' server on 127.0.0.1).
    expect(
      await policyCommand(
        ['firefox', '--os', 'linux', '--install-url', 'http://127.0.0.1.example/a.xpi'],
        out,
      ),
    ).toBe(2);
    expect(await policyCommand(['firefox', '--os', 'linux', '--install-url', 'file:///srv/a.xpi'], out)).toBe(
      2,
    );
  });

  it('accepts an http install URL on 127.0.0.1 (a local test server)', async () => {
    const dir = await generate('firefox', 'linux', ['--install-url', 'http://127.0.0.1:4499/a.xpi']);
    const policies = JSON.parse(readFileSync(path.join(dir, 'policies.json'), 'utf8')) as {
      policies: { ExtensionSettings: Record<string, { install_url: string }> };
    };
    expect(Object.values(policies.policies.ExtensionSettings)[0]?.install_url).toBe(
      'http://127.0.0.1:4499/a.xpi',
    );
  });

  it('generates the same files for the same input (stable profile UUIDs)', () => {
    const request = {
      browser: 'chrome',
      os: 'macos',
      settings: {},
      updateUrl: UPDATE_URL_PLACEHOLDER,
      installUrl: 'https://x.example/a.xpi',
    } as const;
    expect(generatePolicyFiles(request)).toEqual(generatePolicyFiles(request));
  });
});
