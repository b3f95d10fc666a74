// The service worker's page-request gate: the origin comes from the browser's sender information,
// only allowlisted origins in a top-level frame of a tab get through, and nothing the page puts in
// the arguments (an origin, a PIN, prototype keys) reaches the host.
import { describe, expect, it } from 'vitest';
import {
  handlePageRequest,
  type PageRequestDeps,
} from '../../../extension/background/actions/page-request.js';
import { CardQueue } from '../../../extension/background/services/card-queue.js';
import type { NativeHost } from '../../../extension/background/services/native-host.js';
import { DEFAULT_SETTINGS, type Settings } from '../../../extension/background/services/settings.js';
import { CompanionError } from '../../../shared/errors.js';
import { PORTAL_ORIGINS, SANDBOX_ORIGINS } from '../../../shared/origins.js';
import { PAGE_COMMANDS, type PageCommand } from '../../../shared/protocol/page.js';
import { approve, CHALLENGE, EXTENSION_ID, FakeConsent, FakeHost, PIN } from '../consent/fakes.js';

const HASH = 'A'.repeat(43) + '=';
const VALID_ARGS: Record<PageCommand, unknown> = {
  status: {},
  readCard: {},
  pinStatus: {},
  authenticate: { challenge: CHALLENGE },
  sign: { hash: HASH, hashAlgorithm: 'SHA-256' },
};

const REFUSED_ORIGINS = [
  'http://acceptatie.zorg-id.nl',
  'http://example.com',
  'http://192.168.1.10:4410',
  'http://127.0.0.2:4410',
  'http://127.0.0.1:4412',
  'http://localhost:4410',
  'https://example.com',
  'https://zorg-id.nl',
  'https://www.zorg-id.nl',
  'https://test.zorg-id.nl',
  'https://acceptatie.zorg-id.nl.evil.example',
  'https://acceptatie.zorg-id.nl:444',
  'https://acceptatie.zorg-id.nl:443.evil.example',
  'https://acceptatie-zorg-id.nl',
  'https://acceptatie.zorg-id.nl.',
  'https://xn--acceptatie-zorg-id-nl.example',
  'https://ACCEPTATIE.ZORG-ID.NL',
  'https://acceptatie.zorg-id.nl/',
  'null',
  '',
  'data:',
  'data:text/html,<script>1</script>',
  'file://',
  'file:///home/user/portal.html',
  'blob:https://acceptatie.zorg-id.nl/0d0c5f0e-1111-2222-3333-444455556666',
  `chrome-extension://${EXTENSION_ID}`,
  'chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  'moz-extension://1234',
  'about:blank',
  'javascript:alert(1)',
  'https://formdesk.com',
  'https://zorgid.formdesk.com',
];

interface Harness {
  deps: PageRequestDeps;
  host: FakeHost;
}

function harness(settings: Partial<Settings> = {}): Harness {
  const host = new FakeHost()
    .answer('status', { version: '0.1.0', protocol: 1, pcsc: { available: true }, readers: [] })
    .answer('authenticate', { format: 'zorgid-companion/auth-token:1' })
    .answer('sign', { signature: 'c2ln' });
  const deps: PageRequestDeps = {
    host: host as unknown as NativeHost,
    queue: new CardQueue(8),
    settings: () => Promise.resolve({ ...DEFAULT_SETTINGS, ...settings }),
    consent: new FakeConsent(Array.from({ length: 8 }, () => approve(PIN))),
  };
  return { deps, host };
}

const tab = { id: 7, windowId: 1 } as chrome.tabs.Tab;
const topFrame = (origin: string): chrome.runtime.MessageSender => ({
  id: EXTENSION_ID,
  origin,
  url: `${origin}/portaal`,
  tab,
  frameId: 0,
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return error instanceof CompanionError ? error.code : `not a CompanionError: ${String(error)}`;
  }
}

describe('handlePageRequest: who may use the card', () => {
  it('refuses every origin outside the allowlist, for every command, without calling the host', async () => {
    for (const sandboxAllowed of [false, true]) {
      const { deps, host } = harness({ sandboxAllowed });
      for (const origin of REFUSED_ORIGINS) {
        for (const command of PAGE_COMMANDS) {
          const code = await codeOf(handlePageRequest(command, VALID_ARGS[command], topFrame(origin), deps));
          expect(code, `${origin} ${command}`).toBe('ORIGIN_NOT_ALLOWED');
        }
      }
      expect(host.calls).toEqual([]);
    }
  });

  it('takes sender.origin over sender.url, so an opaque origin cannot borrow the portal URL', async () => {
    const { deps, host } = harness();
    for (const origin of ['null', 'data:', 'https://evil.example']) {
      const sender = { ...topFrame(PORTAL_ORIGINS.acceptatie), origin };
      expect(await codeOf(handlePageRequest('status', {}, sender, deps))).toBe('ORIGIN_NOT_ALLOWED');
    }
    expect(host.calls).toEqual([]);
  });

  it('falls back to sender.url only when the browser gives no origin', async () => {
    const { deps } = harness();
    const { origin: _omit, ...withoutOrigin } = topFrame(PORTAL_ORIGINS.acceptatie);
    expect(await codeOf(handlePageRequest('status', {}, withoutOrigin, deps))).toBe('ok');
    const evil = { ...withoutOrigin, url: 'https://acceptatie.zorg-id.nl.evil.example/portaal' };
    expect(await codeOf(handlePageRequest('status', {}, evil, deps))).toBe('ORIGIN_NOT_ALLOWED');
    for (const url of [undefined, '', 'not a url', 'javascript:void(0)']) {
      const sender = { ...withoutOrigin, url };
      expect(await codeOf(handlePageRequest('status', {}, sender, deps)), String(url)).toBe(
        'ORIGIN_NOT_ALLOWED',
      );
    }
  });

  it('refuses frames, senders without a tab and missing frame ids, even on the portal', async () => {
    const { deps, host } = harness();
    const portal = topFrame(PORTAL_ORIGINS.productie);
    const { tab: _tab, ...noTab } = portal;
    const { frameId: _frame, ...noFrame } = portal;
    const senders: chrome.runtime.MessageSender[] = [
      { ...portal, frameId: 1 },
      { ...portal, frameId: 42 },
      { ...portal, frameId: -1 },
      noTab,
      noFrame,
    ];
    for (const sender of senders) {
      for (const command of PAGE_COMMANDS) {
        const code = await codeOf(handlePageRequest(command, VALID_ARGS[command], sender, deps));
        expect(code, JSON.stringify(sender)).toBe('ORIGIN_NOT_ALLOWED');
      }
    }
    expect(host.calls).toEqual([]);
  });

  it('allows the sandbox origins only when settings.sandboxAllowed', async () => {
    for (const origin of Object.values(SANDBOX_ORIGINS)) {
      const refused = harness({ sandboxAllowed: false });
      expect(await codeOf(handlePageRequest('status', {}, topFrame(origin), refused.deps))).toBe(
        'ORIGIN_NOT_ALLOWED',
      );
      expect(refused.host.calls).toEqual([]);
      const allowed = harness({ sandboxAllowed: true });
      expect(await codeOf(handlePageRequest('status', {}, topFrame(origin), allowed.deps))).toBe('ok');
    }
  });

  it('release default: the sandbox is refused unless settings say otherwise', () => {
    // Node has no build define, so DEFAULT_SETTINGS here is what ZORGID_BUILD=release produces.
    expect(DEFAULT_SETTINGS.sandboxAllowed).toBe(false);
  });

  it('allows the portal origins and exact policy origins, nothing near them', async () => {
    const { deps } = harness({ allowedOrigins: ['https://portaal.zorg.example'] });
    for (const origin of [...Object.values(PORTAL_ORIGINS), 'https://portaal.zorg.example']) {
      expect(await codeOf(handlePageRequest('status', {}, topFrame(origin), deps)), origin).toBe('ok');
    }
    for (const origin of [
      'https://zorg.example',
      'https://x.portaal.zorg.example',
      'http://portaal.zorg.example',
    ]) {
      expect(await codeOf(handlePageRequest('status', {}, topFrame(origin), deps)), origin).toBe(
        'ORIGIN_NOT_ALLOWED',
      );
    }
  });
});

describe('handlePageRequest: what the page may say', () => {
  const portal = topFrame(PORTAL_ORIGINS.acceptatie);

  it('refuses an origin, a PIN or prototype keys in the arguments, without calling the host', async () => {
    const { deps, host } = harness();
    const smuggled: [PageCommand, Record<string, unknown>][] = [
      ['authenticate', { challenge: CHALLENGE, origin: 'https://evil.example' }],
      ['authenticate', { challenge: CHALLENGE, pin: PIN }],
      ['authenticate', { challenge: CHALLENGE, confirmLastTry: true }],
      ['sign', { hash: HASH, hashAlgorithm: 'SHA-256', origin: PORTAL_ORIGINS.acceptatie }],
      ['sign', { hash: HASH, hashAlgorithm: 'SHA-256', pin: PIN }],
      ['readCard', { reader: 'Virtual PCD 00 01' }],
      ['status', { origin: 'x' }],
    ];
    for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const args: Record<string, unknown> = { challenge: CHALLENGE };
      Object.defineProperty(args, key, { value: 'x', enumerable: true });
      smuggled.push(['authenticate', args]);
    }
    for (const [command, args] of smuggled) {
      expect(await codeOf(handlePageRequest(command, args, portal, deps)), JSON.stringify(args)).toBe(
        'BAD_REQUEST',
      );
    }
    expect(host.calls).toEqual([]);
  });

  it('refuses unknown commands and wrong argument shapes', async () => {
    const { deps, host } = harness();
    for (const command of [
      'quit',
      'subscribe',
      'Status',
      '__proto__',
      'constructor',
      '',
      null,
      1,
      {},
      ['status'],
    ]) {
      expect(await codeOf(handlePageRequest(command, {}, portal, deps)), JSON.stringify(command)).toBe(
        'UNKNOWN_COMMAND',
      );
    }
    for (const args of [
      [],
      'x',
      1,
      true,
      { challenge: 'short' },
      { challenge: 5 },
      { challenge: `${CHALLENGE} ` },
    ]) {
      expect(await codeOf(handlePageRequest('authenticate', args, portal, deps)), JSON.stringify(args)).toBe(
        'BAD_REQUEST',
      );
    }
    expect(host.calls).toEqual([]);
  });

  it('binds authenticate and sign to the sender origin, with the PIN from the consent screen', async () => {
    const { deps, host } = harness();
    await handlePageRequest('authenticate', { challenge: CHALLENGE }, portal, deps);
    await handlePageRequest('sign', { hash: HASH, hashAlgorithm: 'SHA-384' }, portal, deps);
    const [authenticate] = host.callsOf('authenticate');
    const [sign] = host.callsOf('sign');
    expect(authenticate?.args).toEqual({ challenge: CHALLENGE, origin: PORTAL_ORIGINS.acceptatie, pin: PIN });
    expect(sign?.args).toEqual({
      hash: HASH,
      hashAlgorithm: 'SHA-384',
      origin: PORTAL_ORIGINS.acceptatie,
      pin: PIN,
    });
    // The host request object no longer holds the PIN once the host has answered.
    expect(authenticate?.original.pin).toBeUndefined();
  });
});
