// The real host process over stdio: greeting, status through the real pcscd, and bad input.
import { afterEach, describe, expect, it } from 'vitest';
import { HostProcess } from '../../helpers/host-process.js';

let host: HostProcess | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

describe('native host messaging', () => {
  it('greets first with its version and protocol', async () => {
    host = new HostProcess();
    const hello = await host.next();
    expect(hello).toMatchObject({ type: 'hello', protocol: 1 });
    expect(hello.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('answers status with the virtual readers and the UZI-pas in reader 0', async () => {
    host = new HostProcess();
    await host.next((frame) => frame.type === 'hello');
    const response = await host.request('status');
    const result = response.result as {
      pcsc: { available: boolean };
      readers: { name: string; cardPresent: boolean; cardKind?: string; atr?: string }[];
    };
    expect(result.pcsc.available).toBe(true);
    const reader0 = result.readers.find((reader) => reader.name.startsWith('Virtual PCD 00 00'));
    expect(reader0).toMatchObject({ cardPresent: true, cardKind: 'uzi-pas' });
    expect(reader0?.atr).toMatch(/^3B[0-9A-F]+$/);
  });

  it('answers malformed input with error frames and keeps serving', async () => {
    host = new HostProcess();
    await host.next((frame) => frame.type === 'hello');
    const header = Buffer.alloc(4);
    header.writeUInt32LE(5, 0);
    host.writeRaw(Buffer.concat([header, Buffer.from('{nope')]));
    expect(await host.next((frame) => frame.id === null)).toMatchObject({ error: { code: 'BAD_REQUEST' } });

    host.send([1, 2, 3]);
    expect(await host.next((frame) => frame.id === null)).toMatchObject({ error: { code: 'BAD_REQUEST' } });

    expect(await host.request('launchMissiles')).toMatchObject({ error: { code: 'UNKNOWN_COMMAND' } });
    expect(await host.request('status', { extra: 1 })).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    expect(await host.request('authenticate', { origin: 'not an origin', challenge: 'x' })).toMatchObject({
      error: { code: 'BAD_REQUEST' },
    });

    const huge = Buffer.alloc(4);
    huge.writeUInt32LE(200 * 1024, 0);
    host.writeRaw(Buffer.concat([huge, Buffer.alloc(200 * 1024, 0x20)]));
    expect(await host.next((frame) => frame.id === null)).toMatchObject({
      error: { code: 'MESSAGE_TOO_LARGE' },
    });

    const status = await host.request('status');
    expect(status).toHaveProperty('result.protocol', 1);
  });

  it('exits cleanly at end of input, and on quit', async () => {
    host = new HostProcess();
    await host.next((frame) => frame.type === 'hello');
    expect(await host.close()).toBe(0);

    host = new HostProcess();
    await host.next((frame) => frame.type === 'hello');
    expect(await host.request('quit')).toMatchObject({ result: { bye: true } });
    expect(await host.exited).toBe(0);
  });
});
