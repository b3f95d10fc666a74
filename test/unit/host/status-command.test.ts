// The `status` command on the fake host runtime (test/fakes/host-runtime.ts): the real command and
// PcscMonitor, a fake PC/SC driver. The same answers come from pcscd + vpcd in test/integration/host.
import { afterEach, describe, expect, it } from 'vitest';
import { status } from '../../../native-host/src/commands/status.js';
import { UZI_ATRS } from '../../../shared/atr.js';
import { HOST_PROTOCOL_VERSION } from '../../../shared/protocol/host.js';
import { fakeHostRuntime, type FakeRuntime } from '../../fakes/host-runtime.js';

let fake: FakeRuntime | undefined;
afterEach(() => fake?.stop());
const cardEvents = (f: FakeRuntime) => f.events.map((e) => e.event).filter((e) => e !== 'pcsc-state');

describe('status on the fake host runtime', () => {
  it('lists readers and the card in them once PC/SC has settled; never touches the card', async () => {
    fake = fakeHostRuntime({ version: '1.2.3' });
    fake.pcsc.plug('Reader A').insert(UZI_ATRS.UZI_SAFESIGN_D1);
    fake.pcsc.plug('Reader B').remove();
    expect(await status(fake.runtime)).toEqual({
      version: '1.2.3',
      protocol: HOST_PROTOCOL_VERSION,
      pcsc: { available: true },
      readers: [
        {
          name: 'Reader A',
          cardPresent: true,
          atr: UZI_ATRS.UZI_SAFESIGN_D1,
          cardKind: 'uzi-pas',
          cardLabel: 'UZI-pas',
        },
        { name: 'Reader B', cardPresent: false },
      ],
      pkcs11: { module: '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so', source: 'env' },
    });
    expect(cardEvents(fake)).toEqual(['reader-added', 'card-inserted', 'reader-added']);
  });

  it('names a missing PKCS#11 module by its error code, and PC/SC going away', async () => {
    fake = fakeHostRuntime({ pkcs11: 'PKCS11_MODULE_NOT_FOUND' });
    fake.pcsc.plug('Reader A').insert(UZI_ATRS.UZI_SAFESIGN_D1);
    fake.pcsc.fail();
    const answer = await status(fake.runtime);
    expect(answer.pcsc.available).toBe(false);
    expect(answer.readers).toEqual([]);
    expect(answer.pkcs11).toEqual({ error: 'PKCS11_MODULE_NOT_FOUND' });
    expect(fake.events.filter((e) => e.event === 'pcsc-state').at(-1)).toMatchObject({
      pcscAvailable: false,
    });
    expect(cardEvents(fake)).toEqual(['reader-added', 'card-inserted', 'card-removed', 'reader-removed']);
  });
});
