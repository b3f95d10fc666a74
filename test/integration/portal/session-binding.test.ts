// Session binding in the sandbox portal (issue 16): the challenge lives in the browser's session, and a
// token obtained in one session (XSS, another extension) cannot be redeemed from another browser.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortal, type RunningPortal } from '../../../sandbox/portal/index.js';
import { createTestPki, makeAuthToken, type TestCard } from '../../unit/verifier/test-pki.js';
import { Browser, csrfOf } from './client.js';

let card: TestCard;
let dataDir: string;
let portal: RunningPortal;

beforeAll(async () => {
  const pki = await createTestPki();
  card = await pki.issueCard();
  dataDir = mkdtempSync(join(tmpdir(), 'zorgid-session-binding-'));
  portal = await startPortal({ environment: 'acceptatie', port: 0, dataDir, trustedCaPems: pki.caPems });
}, 60_000);

afterAll(async () => {
  await portal?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function session(): Promise<{ browser: Browser; csrf: string }> {
  const browser = new Browser(portal.url);
  const csrf = csrfOf((await browser.get('/portal/inloggen')).text);
  return { browser, csrf };
}

async function challengeFor(s: { browser: Browser; csrf: string }): Promise<string> {
  const reply = await s.browser.postJson('/api/challenge', {}, s.csrf);
  return (JSON.parse(reply.text) as { challenge: string }).challenge;
}

const codeOf = (text: string) => (JSON.parse(text) as { code?: string }).code;

describe('the portal binds the challenge to the session', () => {
  it('a token issued in session A is refused in session B; A can still log in with it', async () => {
    const a = await session();
    const b = await session();
    const stolen = makeAuthToken(card, portal.url, await challengeFor(a));
    await challengeFor(b); // B has a challenge of its own: the stolen token names another one
    const inB = await b.browser.postJson('/api/login/uzi', { token: stolen }, b.csrf);
    expect(inB.status).toBe(401);
    expect(codeOf(inB.text)).toBe('CHALLENGE_MISMATCH');
    expect((await b.browser.get('/portal')).text).not.toContain('Uitloggen');
    const inA = await a.browser.postJson('/api/login/uzi', { token: stolen }, a.csrf);
    expect(inA.status).toBe(200);
  });

  it('a session that never asked for a challenge cannot redeem anyone’s token', async () => {
    const a = await session();
    const b = await session();
    const stolen = makeAuthToken(card, portal.url, await challengeFor(a));
    const inB = await b.browser.postJson('/api/login/uzi', { token: stolen }, b.csrf);
    expect(inB.status).toBe(401);
    expect(codeOf(inB.text)).toBe('CHALLENGE_MISMATCH');
  });

  it('the session’s challenge is single use: the same token twice in one session is refused', async () => {
    const a = await session();
    const token = makeAuthToken(card, portal.url, await challengeFor(a));
    expect((await a.browser.postJson('/api/login/uzi', { token }, a.csrf)).status).toBe(200);
    const again = await a.browser.postJson('/api/login/uzi', { token }, a.csrf);
    expect(again.status).not.toBe(200);
  });
});
