// The event subscription belongs to the host connection (issue 18): a host process that exits takes
// its subscription along, so the next connection subscribes the fresh host again before it is ready.
// The real chain (Chromium, host, pcscd) runs in test/e2e/events-after-restart.test.ts; here a
// stand-in port that greets and answers like the host, to see what each connection is sent.
import { afterEach, describe, expect, it } from 'vitest';
import { NativeHost } from '../../../extension/background/services/native-host.js';
import { HOST_PROTOCOL_VERSION } from '../../../shared/protocol/host.js';

interface Sent {
  id: string;
  command: string;
}

interface HostProcess {
  sent: Sent[];
  /** The host exits: the browser closes the port. */
  exit(): void;
}

/** A `chrome` global whose connectNative starts a stand-in host that greets and answers every request. */
function installBrowser(): HostProcess[] {
  const processes: HostProcess[] = [];
  const connectNative = () => {
    const messageListeners: ((message: unknown) => void)[] = [];
    const disconnectListeners: ((port: unknown) => void)[] = [];
    const deliver = (message: unknown) =>
      setTimeout(() => {
        for (const listener of messageListeners) listener(message);
      }, 0);
    const process: HostProcess = {
      sent: [],
      exit: () => {
        for (const listener of disconnectListeners) listener(port);
      },
    };
    const port = {
      onMessage: { addListener: (listener: (message: unknown) => void) => messageListeners.push(listener) },
      onDisconnect: {
        addListener: (listener: (port: unknown) => void) => disconnectListeners.push(listener),
      },
      postMessage: (message: Sent) => {
        process.sent.push(message);
        deliver({ id: message.id, result: message.command === 'subscribe' ? { subscribed: true } : {} });
      },
      disconnect: () => undefined,
    };
    processes.push(process);
    deliver({ type: 'hello', version: '0.0.0-test', protocol: HOST_PROTOCOL_VERSION });
    return port;
  };
  (globalThis as { chrome?: unknown }).chrome = { runtime: { connectNative } };
  return processes;
}

const commands = (process: HostProcess | undefined) => process?.sent.map((message) => message.command);

afterEach(() => {
  delete (globalThis as { chrome?: unknown }).chrome;
});

describe('NativeHost: the event subscription follows the connection', () => {
  it('a host started again after an exit is subscribed again on connect, before any other request', async () => {
    const processes = installBrowser();
    const host = new NativeHost();
    await host.subscribe();
    expect(host.subscribed).toBe(true);
    expect(commands(processes[0])).toEqual(['subscribe']);

    processes[0]!.exit();
    expect(host.subscribed).toBe(false);
    await host.request('status', {});
    expect(processes).toHaveLength(2);
    expect(commands(processes[1])).toEqual(['subscribe', 'status']);
    expect(host.subscribed).toBe(true);
    // A new listener on the same connection does not subscribe twice.
    await host.subscribe();
    expect(commands(processes[1])).toEqual(['subscribe', 'status']);
  });

  it('without a listener a fresh host is not subscribed', async () => {
    const processes = installBrowser();
    const host = new NativeHost();
    await host.request('status', {});
    expect(commands(processes[0])).toEqual(['status']);
    expect(host.subscribed).toBe(false);
  });

  it('answers to what the connect hook sends are replies, not a second hello', async () => {
    const processes = installBrowser();
    const host = new NativeHost();
    host.onConnected(async (send) => {
      await send('configure', { pkcs11Modules: { linux: ['/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so'] } });
    });
    await host.subscribe();
    expect(host.currentState).toBe('ready');
    expect(commands(processes[0])).toEqual(['configure', 'subscribe']);
  });
});
