// Attack (issue 16): a content script runs in the renderer of every allowlisted page and can write
// chrome.storage.local; settings there must not let a new origin use the card, turn the sandbox on, or
// make the host load a library of the attacker's choice.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  loadSettings,
  mergeSettings,
} from '../../../extension/background/services/settings.js';
import { isLocalAbsoluteModulePath } from '../../../shared/module-path.js';
import { resolvePkcs11Module } from '../../../native-host/src/token/pkcs11/module-paths.js';

const written = {
  allowedOrigins: ['https://evil.example'],
  sandboxAllowed: true,
  pkcs11Modules: { linux: ['/tmp/evil.so'], windows: ['C:\\evil.dll'] },
  language: 'en',
};

describe('settings from storage.local', () => {
  it('never widen allowedOrigins, sandboxAllowed or pkcs11Modules; user preferences still apply', async () => {
    const result = await loadSettings({
      managed: { get: () => Promise.resolve({}) },
      local: { get: () => Promise.resolve({ settings: written }) },
    });
    expect(result.settings.allowedOrigins).toEqual(DEFAULT_SETTINGS.allowedOrigins);
    expect(result.settings.sandboxAllowed).toBe(DEFAULT_SETTINGS.sandboxAllowed);
    expect(result.settings.pkcs11Modules).toEqual({});
    expect(result.settings.language).toBe('en');
    expect(result.problems.filter((p) => p.includes('only from browser policy'))).toHaveLength(3);
  });

  it('never set the helpdesk users are told to call, nor the step map that tells them what to do', async () => {
    const planted = {
      helpdesk: { name: 'Helpdesk', phone: '+31 20 123 4567', url: 'https://evil.example/help' },
      stepMapCorrections: JSON.stringify({ version: 1, steps: {} }),
      language: 'en',
    };
    const result = await loadSettings({
      managed: { get: () => Promise.resolve({}) },
      local: { get: () => Promise.resolve({ settings: planted }) },
    });
    expect(result.settings.helpdesk).toBeUndefined();
    expect(result.settings.stepMapCorrections).toBeUndefined();
    expect(result.settings.language).toBe('en');
    expect(result.problems).toEqual([
      'local.helpdesk: alleen via browserbeleid, genegeerd / only from browser policy, ignored',
      'local.stepMapCorrections: alleen via browserbeleid, genegeerd / only from browser policy, ignored',
    ]);
    // Policy still sets them.
    const fromPolicy = mergeSettings({ helpdesk: planted.helpdesk }, planted);
    expect(fromPolicy.settings.helpdesk).toEqual(planted.helpdesk);
  });

  it('policy still sets them', () => {
    const result = mergeSettings({ allowedOrigins: ['https://portaal.zorg.example.nl'] }, written);
    expect(result.settings.allowedOrigins).toEqual(['https://portaal.zorg.example.nl']);
    expect(result.settings.sandboxAllowed).toBe(DEFAULT_SETTINGS.sandboxAllowed);
  });
});

describe('PKCS#11 module paths from policy', () => {
  const refused = [
    '\\\\attacker.example\\share\\evil.dll',
    '//attacker.example/share/evil.so',
    'relative/libevil.so',
    './libevil.so',
    '/usr/lib/../../tmp/evil.so',
    'C:\\Windows\\..\\Temp\\evil.dll',
    'C:/Windows/evil.dll',
    '\\\\?\\C:\\evil.dll',
    '/usr/lib/evil.so\u0000.txt',
  ];

  it('only absolute local paths pass the policy rule', () => {
    for (const path of refused) expect(isLocalAbsoluteModulePath(path), path).toBe(false);
    expect(isLocalAbsoluteModulePath('/usr/lib/libaetpkss.so.3')).toBe(true);
    expect(isLocalAbsoluteModulePath('C:\\Windows\\System32\\aetpkss1.dll')).toBe(true);
    const result = mergeSettings({ pkcs11Modules: { linux: ['relative/lib.so'] } }, undefined);
    expect(result.settings.pkcs11Modules).toEqual({});
  });

  it('the host refuses them whatever the extension sends, even when the file exists', () => {
    for (const [platform, path] of [
      ['linux', 'relative/libevil.so'],
      ['linux', '//attacker.example/share/evil.so'],
      ['win32', '\\\\attacker.example\\share\\evil.dll'],
      ['linux', '/usr/lib/../../tmp/evil.so'],
    ] as const) {
      const resolved = resolvePkcs11Module({ policy: [path], platform, exists: () => true });
      expect(resolved.source, path).not.toBe('policy');
      expect(resolved.path).not.toBe(path);
    }
    const ok = resolvePkcs11Module({
      policy: ['/opt/safesign/libaetpkss.so'],
      platform: 'linux',
      exists: () => true,
    });
    expect(ok).toEqual({ path: '/opt/safesign/libaetpkss.so', source: 'policy' });
  });
});
