// Browser policy reaches the host through `configure`: the PKCS#11 module paths for this OS
// take precedence over the environment, and a change applies to the next card call.
import { afterEach, describe, expect, it } from 'vitest';
import { OPENSC_PKCS11_MODULE as OPENSC } from '../../../node-shared/opensc-module.js';
import { HostProcess } from '../../helpers/host-process.js';

let host: HostProcess | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

describe('configure', () => {
  it('uses the policy module over a wrong environment variable, for this OS only', async () => {
    host = new HostProcess({ ZORGID_PKCS11_MODULE: '/nonexistent/libnothing.so' });
    await host.next((frame) => frame.type === 'hello');
    expect(await host.request('readCard')).toMatchObject({ error: { code: 'PKCS11_MODULE_NOT_FOUND' } });

    // A policy for other operating systems changes nothing here.
    expect(
      await host.request('configure', { pkcs11Modules: { windows: ['C:\\aetpkss1.dll'] } }),
    ).toMatchObject({
      result: { pkcs11: { error: 'PKCS11_MODULE_NOT_FOUND' } },
    });
    expect(await host.request('configure', { pkcs11Modules: { linux: [OPENSC] } })).toMatchObject({
      result: { pkcs11: { module: OPENSC, source: 'policy' } },
    });
    const card = await host.request('readCard');
    expect(card).toHaveProperty('result.identity.ura', '90000001');
    expect(await host.request('status')).toMatchObject({
      result: { pkcs11: { module: OPENSC, source: 'policy' } },
    });
  });

  it('refuses a malformed policy and keeps serving', async () => {
    host = new HostProcess();
    await host.next((frame) => frame.type === 'hello');
    expect(await host.request('configure', { pkcs11Modules: { linux: '/usr/lib/x.so' } })).toMatchObject({
      error: { code: 'BAD_REQUEST' },
    });
    expect(await host.request('configure', { pkcs11Modules: { beos: ['/x.so'] } })).toMatchObject({
      error: { code: 'BAD_REQUEST' },
    });
    expect(await host.request('status')).toHaveProperty('result.protocol', 1);
  });
});
