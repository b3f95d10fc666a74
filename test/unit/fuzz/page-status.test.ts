// Attack (issue 16): a page on an allowed origin asks `status` to learn local details; the PKCS#11 module
// path (e.g. C:\Users\<name>\…) and free PC/SC text must not reach it.
import { describe, expect, it } from 'vitest';
import {
  handlePageRequest,
  type PageRequestDeps,
} from '../../../extension/background/actions/page-request.js';
import { CardQueue } from '../../../extension/background/services/card-queue.js';
import type { NativeHost } from '../../../extension/background/services/native-host.js';
import { DEFAULT_SETTINGS } from '../../../extension/background/services/settings.js';
import { SANDBOX_ORIGINS } from '../../../shared/origins.js';
import { EXTENSION_ID, FakeConsent, FakeHost } from '../consent/fakes.js';

const LOCAL_PATH = 'C:\\Users\\j.jansen\\AppData\\Local\\safesign\\aetpkss1.dll';

describe('status as a page sees it', () => {
  it('carries no module path, module source or PC/SC free text; readers and codes stay', async () => {
    const host = new FakeHost().answer('status', {
      version: '0.1.0',
      protocol: 1,
      pcsc: { available: false, error: 'SCardEstablishContext failed at /home/j.jansen/.local' },
      readers: [{ name: 'Virtual PCD 00 00', cardPresent: true }],
      pkcs11: { module: LOCAL_PATH, source: 'policy', tokens: [] },
    });
    const deps: PageRequestDeps = {
      host: host as unknown as NativeHost,
      queue: new CardQueue(8),
      settings: () => Promise.resolve({ ...DEFAULT_SETTINGS, sandboxAllowed: true }),
      consent: new FakeConsent([]),
    };
    const origin = SANDBOX_ORIGINS.acceptatie;
    const sender = {
      id: EXTENSION_ID,
      origin,
      url: `${origin}/kaartstatus`,
      tab: { id: 1 } as chrome.tabs.Tab,
      frameId: 0,
    };
    const status = await handlePageRequest('status', {}, sender, deps);
    const text = JSON.stringify(status);
    expect(text).not.toContain('j.jansen');
    expect(text).not.toContain('aetpkss1');
    expect(text).not.toContain('policy');
    expect(status).toEqual({
      version: '0.1.0',
      protocol: 1,
      pcsc: { available: false },
      readers: [{ name: 'Virtual PCD 00 00', cardPresent: true }],
      pkcs11: { tokens: [] },
    });
  });
});
