import { describe, expect, it } from 'vitest';
import { CompanionError } from '../../../shared/errors.js';
import {
  resolvePkcs11Module,
  SAFESIGN_MODULE_PATHS,
} from '../../../native-host/src/token/pkcs11/module-paths.js';

const existing =
  (...paths: string[]) =>
  (path: string) =>
    paths.includes(path);

describe('resolvePkcs11Module', () => {
  it('finds SafeSign at its default place per OS', () => {
    expect(resolvePkcs11Module({ platform: 'linux', exists: existing('/usr/lib/libaetpkss.so') })).toEqual({
      path: '/usr/lib/libaetpkss.so',
      source: 'default',
    });
    expect(
      resolvePkcs11Module({ platform: 'win32', exists: existing('C:\\Windows\\System32\\aetpkss1.dll') })
        .path,
    ).toBe('C:\\Windows\\System32\\aetpkss1.dll');
    const tokenadmin = '/Applications/tokenadmin.app/Contents/Frameworks/libaetpkss.dylib';
    expect(resolvePkcs11Module({ platform: 'darwin', exists: existing(tokenadmin) }).path).toBe(tokenadmin);
  });

  it('prefers libaetpkss.so.3 over libaetpkss.so', () => {
    const both = existing('/usr/lib/libaetpkss.so.3', '/usr/lib/libaetpkss.so');
    expect(resolvePkcs11Module({ platform: 'linux', exists: both }).path).toBe('/usr/lib/libaetpkss.so.3');
  });

  it('takes the environment over the config file over the defaults, skipping paths that do not exist', () => {
    const exists = existing('/opt/b.so', '/opt/config.so', '/usr/lib/libaetpkss.so');
    const input = {
      platform: 'linux' as const,
      env: { ZORGID_PKCS11_MODULE: '/opt/a.so:/opt/b.so' },
      configFile: { pkcs11Modules: ['/opt/config.so'] },
      exists,
    };
    expect(resolvePkcs11Module(input)).toEqual({ path: '/opt/b.so', source: 'env' });
    expect(resolvePkcs11Module({ ...input, env: {} })).toEqual({
      path: '/opt/config.so',
      source: 'configFile',
    });
  });

  it('reads the machine-wide config file after the user one (install-host --system --pkcs11-module)', () => {
    const input = {
      platform: 'linux' as const,
      configFile: { pkcs11Modules: ['/user/a.so'] },
      systemConfigFile: { pkcs11Modules: ['/system/b.so'] },
    };
    expect(resolvePkcs11Module({ ...input, exists: existing('/user/a.so', '/system/b.so') }).path).toBe(
      '/user/a.so',
    );
    expect(resolvePkcs11Module({ ...input, exists: existing('/system/b.so') })).toEqual({
      path: '/system/b.so',
      source: 'configFile',
    });
  });

  it('splits the env list on ; on Windows', () => {
    const result = resolvePkcs11Module({
      platform: 'win32',
      env: { ZORGID_PKCS11_MODULE: 'C:\\a.dll;D:\\b.dll' },
      exists: existing('D:\\b.dll'),
    });
    expect(result).toEqual({ path: 'D:\\b.dll', source: 'env' });
  });

  it('puts browser policy first', () => {
    const result = resolvePkcs11Module({
      platform: 'linux',
      policy: ['/policy/x.so'],
      env: { ZORGID_PKCS11_MODULE: '/env/y.so' },
      exists: existing('/policy/x.so', '/env/y.so'),
    });
    expect(result).toEqual({ path: '/policy/x.so', source: 'policy' });
  });

  it('accepts a single string in the config file and ignores junk', () => {
    expect(
      resolvePkcs11Module({
        platform: 'linux',
        configFile: { pkcs11Modules: '/c.so' },
        exists: existing('/c.so'),
      }),
    ).toEqual({ path: '/c.so', source: 'configFile' });
    expect(() =>
      resolvePkcs11Module({
        platform: 'linux',
        configFile: { pkcs11Modules: [42, null] },
        exists: () => false,
      }),
    ).toThrow(CompanionError);
  });

  it('fails with PKCS11_MODULE_NOT_FOUND listing everything it tried', () => {
    let error: unknown;
    try {
      resolvePkcs11Module({ platform: 'linux', env: { ZORGID_PKCS11_MODULE: '/x.so' }, exists: () => false });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CompanionError);
    const companion = error as CompanionError;
    expect(companion.code).toBe('PKCS11_MODULE_NOT_FOUND');
    expect(companion.details?.tried).toEqual([
      { path: '/x.so', source: 'env' },
      ...(SAFESIGN_MODULE_PATHS.linux ?? []).map((path) => ({ path, source: 'default' })),
    ]);
  });

  it('has no defaults for an unknown platform but still tries the environment', () => {
    expect(
      resolvePkcs11Module({
        platform: 'freebsd',
        env: { ZORGID_PKCS11_MODULE: '/f.so' },
        exists: existing('/f.so'),
      }),
    ).toEqual({ path: '/f.so', source: 'env' });
  });
});
