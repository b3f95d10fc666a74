// How the worker names a closed native port. The browsers disagree on where the reason goes:
// Chromium sets runtime.lastError, Firefox sets port.error (the real Firefox path runs in
// test/e2e/firefox.test.ts; here the two shapes side by side, with a stand-in port).
import { afterEach, describe, expect, it } from 'vitest';
import { NativeHost } from '../../../extension/background/services/native-host.js';
import { CompanionError } from '../../../shared/errors.js';

type Listener = (port: FakePort) => void;
interface FakePort {
  error?: { message: string } | null;
  onMessage: { addListener: (listener: (message: unknown) => void) => void };
  onDisconnect: { addListener: (listener: Listener) => void };
  postMessage: () => void;
  disconnect: () => void;
}

/** A `chrome` global whose connectNative returns a port that closes at once, the way each browser does. */
function installBrowser(close: { lastError?: string; portError?: string }): void {
  const runtime: { lastError?: { message: string }; connectNative: () => FakePort } = {
    connectNative: () => {
      const disconnectListeners: Listener[] = [];
      const port: FakePort = {
        onMessage: { addListener: () => undefined },
        onDisconnect: { addListener: (listener) => disconnectListeners.push(listener) },
        postMessage: () => undefined,
        disconnect: () => undefined,
      };
      setTimeout(() => {
        if (close.portError) port.error = { message: close.portError };
        if (close.lastError) runtime.lastError = { message: close.lastError };
        for (const listener of disconnectListeners) listener(port);
        delete runtime.lastError;
      }, 0);
      return port;
    },
  };
  (globalThis as { chrome?: unknown }).chrome = { runtime };
}

async function failureOf(host: NativeHost): Promise<CompanionError> {
  try {
    await host.connect();
  } catch (error) {
    if (error instanceof CompanionError) return error;
    throw error;
  }
  throw new Error('connect succeeded');
}

afterEach(() => {
  delete (globalThis as { chrome?: unknown }).chrome;
});

describe('NativeHost: a host that is not registered', () => {
  it('Firefox: the reason in port.error gives HOST_NOT_INSTALLED', async () => {
    installBrowser({ portError: 'No such native application nl.zorgid_companion.host' });
    const error = await failureOf(new NativeHost());
    expect(error.code).toBe('HOST_NOT_INSTALLED');
    expect(error.message).toContain('No such native application');
  });

  it('Firefox: a host manifest for another extension gives HOST_FORBIDDEN (fix the id, not reinstall)', async () => {
    installBrowser({
      portError: 'This extension does not have permission to use native application nl.zorgid_companion.host',
    });
    expect((await failureOf(new NativeHost())).code).toBe('HOST_FORBIDDEN');
  });

  it('Chromium: the reason in runtime.lastError gives HOST_NOT_INSTALLED', async () => {
    installBrowser({ lastError: 'Specified native messaging host not found.' });
    expect((await failureOf(new NativeHost())).code).toBe('HOST_NOT_INSTALLED');
  });

  it('an unknown reason stays HOST_DISCONNECTED; a host that exits before its hello is HOST_EXITED', async () => {
    installBrowser({ portError: 'An unexpected error occurred' });
    expect((await failureOf(new NativeHost())).code).toBe('HOST_DISCONNECTED');
    // Before the hello the launcher or its node is broken: retrying does not help (issue 20).
    installBrowser({ lastError: 'Native host has exited.' });
    expect((await failureOf(new NativeHost())).code).toBe('HOST_EXITED');
  });
});
