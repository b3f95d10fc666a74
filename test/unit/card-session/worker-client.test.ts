import { afterEach, describe, expect, it, vi } from 'vitest';
import { TokenWorkerClient } from '../../../native-host/src/token/pkcs11/worker-client.js';
import { WORKER_DEBUG_ENV_VAR } from '../../../native-host/src/token/pkcs11/worker-protocol.js';

const MISSING_MODULE = '/nonexistent/libaetpkss.so';
const clients: TokenWorkerClient[] = [];

function client(debug = true): TokenWorkerClient {
  const created = new TokenWorkerClient({
    modulePath: MISSING_MODULE,
    workerEnv: debug ? { [WORKER_DEBUG_ENV_VAR]: '1' } : {},
  });
  clients.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((created) => created.close()));
});

const processAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('TokenWorkerClient', () => {
  it('runs calls in a child process', async () => {
    const worker = client();
    const { pid } = await worker.ping();
    expect(pid).not.toBe(process.pid);
    expect(worker.workerPid).toBe(pid);
  });

  it('kills a worker that misses its deadline with TIMEOUT, and starts a fresh one next time', async () => {
    const worker = client();
    const first = (await worker.ping()).pid;
    // The 300 ms deadline against a 30 s sleep: TIMEOUT itself shows the deadline, not the sleep, ended it.
    await expect(worker.debugSleep(30_000, 300)).rejects.toMatchObject({ code: 'TIMEOUT' });
    // Polled: the kill lands a moment later, later still on a loaded machine (a fixed 100 ms failed once).
    await vi.waitFor(() => expect(processAlive(first)).toBe(false), { timeout: 10_000, interval: 50 });
    const second = (await worker.ping()).pid;
    expect(second).not.toBe(first);
  });

  it('aborts a hanging call with CARD_REMOVED when told the card left', async () => {
    const worker = client();
    await worker.ping();
    const call = worker.debugSleep(30_000);
    setTimeout(() => worker.cardRemoved(), 200);
    await expect(call).rejects.toMatchObject({ code: 'CARD_REMOVED' });
    expect((await worker.ping()).pid).toBeGreaterThan(0);
  });

  it('reports a crashed worker as INTERNAL and recovers', async () => {
    const worker = client();
    const { pid } = await worker.ping();
    const call = worker.debugSleep(30_000);
    setTimeout(() => process.kill(pid, 'SIGKILL'), 200);
    await expect(call).rejects.toMatchObject({
      code: 'INTERNAL',
      details: { reason: 'token worker exited', exitCode: null, signal: 'SIGKILL' },
    });
    expect((await worker.ping()).pid).not.toBe(pid);
  });

  it('has no debug command without the env flag', async () => {
    await expect(client(false).debugSleep(1)).rejects.toMatchObject({ code: 'UNKNOWN_COMMAND' });
  });

  it('says PKCS11_MODULE_NOT_FOUND for a missing module and wipes the PIN buffer', async () => {
    const worker = client();
    const pin = Buffer.from('123456');
    const error = await worker
      .sign({
        slotId: '0000000000000000',
        tokenSerial: 'x',
        keyId: '01',
        mechanism: 'SHA256_RSA_PKCS',
        data: new Uint8Array(64),
        pin,
        confirmLastTry: false,
      })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'PKCS11_MODULE_NOT_FOUND', details: { path: MISSING_MODULE } });
    expect(pin.every((byte) => byte === 0)).toBe(true);
  });

  it('runs calls one at a time, each with its own deadline', async () => {
    const worker = client();
    await worker.ping();
    const results = await Promise.all([
      worker.debugSleep(150, 1_000),
      worker.debugSleep(150, 1_000),
      worker.ping(),
    ]);
    expect(results[0]).toEqual({ slept: 150 });
    expect(results[1]).toEqual({ slept: 150 });
  });
});
