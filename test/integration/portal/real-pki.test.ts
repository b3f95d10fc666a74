// The portal's token checks against the real sandbox PKI (the one the virtual UZI-pas carries),
// over HTTP: each profile's card key signs SHA-256(origin) ‖ SHA-256(challenge) as the card would.
import { createHash, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRevocationService,
  ISSUING_CAS,
  loadOrCreatePki,
  ORGANISATIONS,
  type CardProfileName,
  type SandboxPki,
} from '../../../sandbox/pki/index.js';
import { startPortal, type RunningPortal } from '../../../sandbox/portal/index.js';
import { AUTH_TOKEN_ALGORITHM, AUTH_TOKEN_FORMAT } from '../../../shared/protocol/token.js';
import { Browser, csrfOf } from './client.js';

const PKI_TIMEOUT_MS = 120_000;

let work: string;
let pki: SandboxPki;
/** CRLs and OCSP, as `sandbox up` runs it. */
let portal: RunningPortal;
/** OCSP only, so a refusal there can only have come from the OCSP responder. */
let ocspOnly: RunningPortal;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'zorgid-real-pki-'));
  pki = await loadOrCreatePki(join(work, 'pki'));
  const revocationService = createRevocationService(pki);
  const common = {
    environment: 'acceptatie' as const,
    port: 0,
    pki,
    trustedCaPems: [pki.chainPem()],
    revocationService,
    ocsp: {},
  };
  portal = await startPortal({
    ...common,
    dataDir: join(work, 'portal'),
    crlDers: ISSUING_CAS.map((ca) => pki.crlDer(ca)),
  });
  ocspOnly = await startPortal({ ...common, dataDir: join(work, 'portal-ocsp') });
}, PKI_TIMEOUT_MS);

afterAll(async () => {
  await portal?.close();
  await ocspOnly?.close();
  rmSync(work, { recursive: true, force: true });
});

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** What the native host returns for authenticate(challenge), made here with the profile's card key. */
function tokenFor(profile: CardProfileName, origin: string, challenge: string) {
  const key = pki.card(profile).authentication;
  const signature = sign('sha256', Buffer.concat([sha256(origin), sha256(challenge)]), key.privateKeyPem);
  return {
    format: AUTH_TOKEN_FORMAT,
    algorithm: AUTH_TOKEN_ALGORITHM,
    certificate: key.certificateDer.toString('base64'),
    signature: signature.toString('base64'),
    origin,
    challenge,
  };
}

interface ApiReply {
  ok: boolean;
  code?: string;
  message?: string;
}

async function challengeOn(browser: Browser, page: string): Promise<{ csrf: string; challenge: string }> {
  const csrf = csrfOf((await browser.get(page)).text);
  const reply = await browser.postJson('/api/challenge', {}, csrf);
  return { csrf, challenge: (JSON.parse(reply.text) as { challenge: string }).challenge };
}

async function login(target: RunningPortal, profile: CardProfileName) {
  const browser = new Browser(target.url);
  const { csrf, challenge } = await challengeOn(browser, '/portal/inloggen');
  const reply = await browser.postJson(
    '/api/login/uzi',
    { token: tokenFor(profile, target.url, challenge) },
    csrf,
  );
  return { browser, status: reply.status, json: JSON.parse(reply.text) as ApiReply };
}

async function selfRegistration(profile: CardProfileName) {
  const browser = new Browser(portal.url);
  const { csrf, challenge } = await challengeOn(browser, '/uzi-portaal');
  const reply = await browser.postJson(
    '/api/uzi-portaal/start',
    { token: tokenFor(profile, portal.url, challenge) },
    csrf,
  );
  return { status: reply.status, json: JSON.parse(reply.text) as ApiReply };
}

/** Step 6 up to 'afronden' (the page sends what readCard read from the card), where the portal checks card type and URA. */
async function validateOrganisation(browser: Browser, profile: CardProfileName) {
  const page = await browser.get('/portal/organisatie');
  const csrf = csrfOf(page.text);
  await browser.post('/portal/organisatie', { stap: 'start' }, csrf);
  const certificaat = pki.card(profile).authentication.certificateDer.toString('base64');
  return browser.post('/portal/organisatie', { stap: 'afronden', certificaat }, csrf);
}

/** Organisation A applies and is approved, so its URA is known to this portal; B never applies. */
async function approveOrganisationA(): Promise<void> {
  const card = pki.card('zorgverlener');
  const browser = new Browser(portal.url);
  const form = await browser.get('/aanvraag');
  const applied = await browser.post(
    '/aanvraag',
    {
      organisatienaam: ORGANISATIONS.A.name,
      ura: ORGANISATIONS.A.ura,
      kvk: '12345678',
      voornaam: card.identity.givenName ?? '',
      achternaam: card.identity.surname ?? '',
      geboortedatum: card.dateOfBirth,
      email: 'anna@delinde.example',
      telefoon: '0612345678',
      uzinummer: card.identity.uziNumber,
      vertegenwoordiger_naam: 'Piet Linde',
      vertegenwoordiger_email: 'piet@delinde.example',
      akkoord: 'ja',
    },
    csrfOf(form.text),
  );
  expect(applied.status).toBe(200);
  const office = await browser.get('/backoffice');
  const id = /name="id" value="(\d+)"/.exec(office.text)?.[1];
  expect(id).toBeDefined();
  expect((await browser.post('/backoffice/goedkeuren', { id: id! }, csrfOf(office.text))).status).toBe(303);
}

describe('login with the real sandbox card keys', () => {
  it('accepts the zorgverlener card (CRL and OCSP both say good)', async () => {
    const result = await login(portal, 'zorgverlener');
    expect(result.status, JSON.stringify(result.json)).toBe(200);
    expect(result.json.ok).toBe(true);
    expect((await result.browser.get('/portal')).text).toContain('Anna');
  });

  it('refuses the ingetrokken card as revoked via the CRL', async () => {
    const result = await login(portal, 'ingetrokken');
    expect(result.status).toBe(401);
    expect(result.json.code).toBe('CERT_REVOKED');
    expect(result.json.message).toContain('Uw UZI-pas is ingetrokken');
    expect(result.json.message).toContain('(serial ');
  });

  it('refuses the ingetrokken card via OCSP at /pki/ocsp when the portal has no CRL', async () => {
    const revoked = await login(ocspOnly, 'ingetrokken');
    expect(revoked.status).toBe(401);
    expect(revoked.json.code).toBe('CERT_REVOKED');
    expect(revoked.json.message).toContain('(OCSP)');
    // The same portal lets a good card in: the refusal came from the responder, not a blanket failure.
    expect((await login(ocspOnly, 'zorgverlener')).json.ok).toBe(true);
  });

  it('refuses the verlopen card as expired', async () => {
    const result = await login(portal, 'verlopen');
    expect(result.status).toBe(401);
    expect(result.json.code).toBe('CERT_EXPIRED');
    expect(result.json.message).toContain('Uw UZI-pas is verlopen. Vraag een nieuwe pas aan.');
  });

  it('refuses a token signed for another origin', async () => {
    const browser = new Browser(portal.url);
    const { csrf, challenge } = await challengeOn(browser, '/portal/inloggen');
    const token = tokenFor('zorgverlener', 'http://127.0.0.1:4411', challenge);
    const reply = await browser.postJson('/api/login/uzi', { token }, csrf);
    expect((JSON.parse(reply.text) as ApiReply).code).toBe('ORIGIN_MISMATCH');
  });
});

describe('what the portal allows each real card to do', () => {
  beforeAll(approveOrganisationA);

  it('lets the zorgverlener of organisation A validate the organisation', async () => {
    const { browser } = await login(portal, 'zorgverlener');
    const check = await validateOrganisation(browser, 'zorgverlener');
    expect(check.status).toBe(200);
    expect(check.text).toMatch(/<dt>URA-nummer<\/dt>\s*<dd>90000001<\/dd>/);
  });

  it('refuses the niet-op-naam card: wrong card type, in Dutch, saying which cards do work', async () => {
    const { browser, json } = await login(portal, 'niet-op-naam');
    expect(json.ok).toBe(true); // a valid UZI-pas may log in; it may not register the organisation
    const refused = await validateOrganisation(browser, 'niet-op-naam');
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('medewerkerpas niet op naam');
    expect(refused.text).toContain('Gebruik een zorgverlenerpas (Z) of een medewerkerpas op naam (N).');
    const self = await selfRegistration('niet-op-naam');
    expect(self.status).toBe(403);
    expect(self.json.code).toBe('CARD_TYPE_NOT_ALLOWED');
    expect(self.json.message).toMatch(/^Met een medewerkerpas niet op naam kunt u zich niet registreren/);
  });

  it('refuses the andere-organisatie card: URA onbekend, naming its URA', async () => {
    const { browser, json } = await login(portal, 'andere-organisatie');
    expect(json.ok).toBe(true);
    const refused = await validateOrganisation(browser, 'andere-organisatie');
    expect(refused.status).toBe(403);
    expect(refused.text).toContain(`URA onbekend: de organisatie met URA-nummer ${ORGANISATIONS.B.ura}`);
    const self = await selfRegistration('andere-organisatie');
    expect(self.json.code).toBe('URA_UNKNOWN');
    expect(self.json.message).toContain(`URA onbekend: uw organisatie (URA ${ORGANISATIONS.B.ura})`);
  });
});
