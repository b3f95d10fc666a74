// Issue 16: a queued authenticate/sign whose page navigated away or was closed while it waited must not
// open a consent window when its turn comes (the user would be asked for a PIN for a page that is gone).
import { describe, expect, it } from 'vitest';
import {
  handlePageRequest,
  type PageRequestDeps,
} from '../../../extension/background/actions/page-request.js';
import { CardQueue } from '../../../extension/background/services/card-queue.js';
import type { NativeHost } from '../../../extension/background/services/native-host.js';
import { DEFAULT_SETTINGS } from '../../../extension/background/services/settings.js';
import { CompanionError } from '../../../shared/errors.js';
import { SANDBOX_ORIGINS } from '../../../shared/origins.js';
import { approve, CHALLENGE, EXTENSION_ID, FakeConsent, FakeHost, PIN } from '../consent/fakes.js';

const origin = SANDBOX_ORIGINS.acceptatie;
const sender = (tabId: number, documentId: string): chrome.runtime.MessageSender => ({
  id: EXTENSION_ID,
  origin,
  url: `${origin}/portal`,
  tab: { id: tabId } as chrome.tabs.Tab,
  frameId: 0,
  documentId,
});

describe('a queued card request whose page is gone', () => {
  it('is dropped with CANCELLED, without a consent window; the page that stayed is asked', async () => {
    const host = new FakeHost()
      .answer('authenticate', { format: 'zorgid-companion/auth-token:1' })
      .answer('status', { version: '0.1.0', protocol: 1, pcsc: { available: true }, readers: [] });
    const consent = new FakeConsent([approve(PIN)]);
    const alive = new Set(['doc-stays']);
    const deps: PageRequestDeps = {
      host: host as unknown as NativeHost,
      queue: new CardQueue(8),
      settings: () => Promise.resolve({ ...DEFAULT_SETTINGS, sandboxAllowed: true }),
      consent,
      senderAlive: (s) => Promise.resolve(alive.has(s.documentId ?? '')),
    };
    // The first request's page navigated away while it waited in the queue.
    const gone = handlePageRequest(
      'authenticate',
      { challenge: CHALLENGE },
      sender(1, 'doc-navigated'),
      deps,
    );
    const stays = handlePageRequest('authenticate', { challenge: CHALLENGE }, sender(2, 'doc-stays'), deps);
    const goneError = await gone.then(
      () => null,
      (error: unknown) => error,
    );
    expect(goneError).toBeInstanceOf(CompanionError);
    expect((goneError as CompanionError).code).toBe('CANCELLED');
    await stays;
    expect(consent.asked).toHaveLength(1);
    expect(consent.asked[0]?.origin).toBe(origin);
  });
});
