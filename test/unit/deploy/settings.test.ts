import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  loadSettings,
  mergeSettings,
  validateSettings,
} from '../../../extension/background/services/settings.js';

const helpdesk = {
  name: 'ICT-servicedesk',
  phone: '+31 30 123 4567',
  email: 'ict@zorg.example.nl',
  url: 'https://ict.zorg.example.nl',
};

describe('mergeSettings', () => {
  it('gives the defaults without managed or local settings', () => {
    const result = mergeSettings(undefined, undefined);
    expect(result).toEqual({ settings: DEFAULT_SETTINGS, enforced: [], problems: [] });
    expect(result.settings.sandboxAllowed).toBe(false);
  });

  it('takes managed over local over defaults and lists the enforced keys', () => {
    const result = mergeSettings(
      { language: 'en', allowedOrigins: ['https://portaal.zorg.example.nl'], helpdesk },
      { language: 'nl', logLevel: 'debug', defaultEnvironment: 'acceptatie' },
    );
    expect(result.settings.language).toBe('en');
    expect(result.settings.logLevel).toBe('debug');
    expect(result.settings.defaultEnvironment).toBe('acceptatie');
    expect(result.settings.allowedOrigins).toEqual(['https://portaal.zorg.example.nl']);
    expect(result.settings.helpdesk).toEqual(helpdesk);
    expect(result.enforced.sort()).toEqual(['allowedOrigins', 'helpdesk', 'language']);
    expect(result.problems).toEqual([]);
  });

  it('reports and ignores each invalid policy value, keeping the valid ones', () => {
    const result = mergeSettings(
      {
        allowedOrigins: ['https://ok.example.nl', 'https://*.example.nl'],
        language: 'de',
        sandboxAllowed: 'yes',
        defaultEnvironment: 'sandbox',
        logLevel: 'verbose',
        helpdesk: { name: 'x', email: 'not-an-email' },
        pkcs11Modules: { linux: ['relative/lib.so'] },
        stepMapCorrections: '{not json',
        colour: 'blue',
      },
      { language: 'nl' },
    );
    expect(result.settings).toEqual({ ...DEFAULT_SETTINGS, language: 'nl' });
    expect(result.enforced).toEqual([]);
    const keys = result.problems.map((line) => line.slice(0, line.indexOf(':')));
    expect(keys.sort()).toEqual(
      [
        'policy.allowedOrigins',
        'policy.language',
        'policy.sandboxAllowed',
        'policy.defaultEnvironment',
        'policy.logLevel',
        'policy.helpdesk',
        'policy.pkcs11Modules',
        'policy.stepMapCorrections',
        'policy.colour',
      ].sort(),
    );
    expect(result.problems.find((p) => p.startsWith('policy.helpdesk'))).toMatch(/email/);
  });

  it('never throws on odd input', () => {
    for (const odd of [
      42,
      'text',
      [],
      null,
      { allowedOrigins: null },
      { helpdesk: [] },
      { pkcs11Modules: { beos: [] } },
    ]) {
      expect(() => mergeSettings(odd, odd)).not.toThrow();
    }
    expect(mergeSettings('text', undefined).problems).toEqual([
      'policy: verwacht een object / expected an object',
    ]);
  });

  it('accepts exact origins only: no path, no wildcard, no plain http except loopback', () => {
    const check = (origin: string) => validateSettings({ allowedOrigins: [origin] }).problems.length === 0;
    expect(check('https://portaal.example.nl')).toBe(true);
    expect(check('https://portaal.example.nl:8443')).toBe(true);
    expect(check('https://portaal.example.nl/')).toBe(false);
    expect(check('https://portaal.example.nl/pad')).toBe(false);
    expect(check('http://portaal.example.nl')).toBe(false);
    expect(check('https://*.example.nl')).toBe(false);
  });

  it('passes step map corrections through as an object, from an object or from JSON text', () => {
    const corrections = { steps: { 'step-1': { manualConfirm: true } } };
    expect(validateSettings({ stepMapCorrections: corrections }).values.stepMapCorrections).toEqual(
      corrections,
    );
    expect(
      validateSettings({ stepMapCorrections: JSON.stringify(corrections) }).values.stepMapCorrections,
    ).toEqual(corrections);
    expect(validateSettings({ stepMapCorrections: '[1]' }).problems).toHaveLength(1);
  });

  it('takes PKCS#11 module paths per OS, absolute only', () => {
    const modules = {
      windows: ['C:\\Windows\\System32\\aetpkss1.dll'],
      linux: ['/usr/lib/libaetpkss.so.3'],
      macos: [],
    };
    expect(validateSettings({ pkcs11Modules: modules }).values.pkcs11Modules).toEqual(modules);
    expect(validateSettings({ pkcs11Modules: { linux: 'one/path' } }).problems).toHaveLength(1);
  });

  it('skips helpdesk fields left empty (Group Policy writes them) and refuses line breaks', () => {
    expect(validateSettings({ helpdesk: { name: 'ICT', phone: '' } }).values.helpdesk).toEqual({
      name: 'ICT',
    });
    expect(validateSettings({ helpdesk: { name: 'ICT\nevil' } }).problems).toHaveLength(1);
  });
});

describe('loadSettings', () => {
  it('reads managed and local storage and survives a storage without managed policy', async () => {
    const storage = {
      managed: { get: () => Promise.reject(new Error('Managed storage manifest not found')) },
      local: { get: () => Promise.resolve({ settings: { language: 'en' } }) },
    };
    const result = await loadSettings(storage);
    expect(result.settings.language).toBe('en');
    expect(result.enforced).toEqual([]);
  });

  it('marks policy keys as enforced', async () => {
    const storage = {
      managed: { get: () => Promise.resolve({ logLevel: 'warn' }) },
      local: { get: () => Promise.resolve({}) },
    };
    const result = await loadSettings(storage);
    expect(result.settings.logLevel).toBe('warn');
    expect(result.enforced).toEqual(['logLevel']);
  });
});
