import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortal, type RunningPortal } from '../../../sandbox/portal/index.js';
import {
  createTestPki,
  makeAuthToken,
  signHash,
  type TestCard,
  type TestPki,
} from '../../unit/verifier/test-pki.js';
import { Browser, csrfOf, pollUrlOf, qrContentOf, qrImageOf } from './client.js';

const MINUTE_MS = 60 * 1000;
const ADMIN = { uzi: '900012345', dob: '1978-04-12', email: 'anna@delinde.example', ura: '90000001' };
const APPLICATION = {
  organisatienaam: 'Sandbox Huisartsenpraktijk De Linde',
  ura: ADMIN.ura,
  kvk: '12345678',
  voornaam: 'Anna',
  achternaam: 'de Vries',
  geboortedatum: ADMIN.dob,
  email: ADMIN.email,
  telefoon: '0612345678',
  uzinummer: ADMIN.uzi,
  vertegenwoordiger_naam: 'Piet Linde',
  vertegenwoordiger_email: 'piet@delinde.example',
  akkoord: 'ja',
};

let pki: TestPki;
let cards: { admin: TestCard; unnamed: TestCard; otherOrg: TestCard; worker: TestCard; workerSign: TestCard };
let dataDir: string;
let portal: RunningPortal;
let clockOffsetMs = 0;

async function start(port = 0): Promise<RunningPortal> {
  return startPortal({
    environment: 'acceptatie',
    port,
    dataDir,
    trustedCaPems: pki.caPems,
    now: () => new Date(Date.now() + clockOffsetMs),
  });
}

beforeAll(async () => {
  pki = await createTestPki();
  cards = {
    admin: await pki.issueCard({ uziNumber: ADMIN.uzi, givenName: 'Anna', surname: 'de Vries' }),
    unnamed: await pki.issueCard({ uziNumber: '900000003', cardType: 'M', roleCode: '00.000' }),
    otherOrg: await pki.issueCard({
      uziNumber: '900000004',
      ura: '90000009',
      organisationName: 'Onbekende Praktijk',
    }),
    worker: await pki.issueCard({
      uziNumber: '900000005',
      cardType: 'N',
      roleCode: '00.000',
      givenName: 'Bram',
      surname: 'Jansen',
    }),
    workerSign: await pki.issueCard({
      uziNumber: '900000005',
      cardType: 'N',
      roleCode: '00.000',
      givenName: 'Bram',
      surname: 'Jansen',
      usage: 'signature',
    }),
  };
  dataDir = mkdtempSync(join(tmpdir(), 'zorgid-portal-'));
  portal = await start();
});

afterAll(async () => {
  await portal?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Logs a browser in with a card: challenge from the server, "card" signs origin+challenge, token back. */
async function loginWithCard(browser: Browser, card: TestCard, origin = portal.url) {
  const page = await browser.get('/portal/inloggen');
  const csrf = csrfOf(page.text);
  const { challenge } = parseJson((await browser.postJson('/api/challenge', {}, csrf)).text) as {
    challenge: string;
  };
  const token = makeAuthToken(card, origin, challenge);
  const result = await browser.postJson('/api/login/uzi', { token }, csrf);
  return {
    ...result,
    json: parseJson(result.text) as { ok: boolean; code?: string; message?: string },
    token,
    csrf,
  };
}

/** What the page sends at "afronden": the authentication certificate readCard read from the card in the reader. */
const cardRead = (card: TestCard) => ({ stap: 'afronden', certificaat: card.der.toString('base64') });

async function newPhone(base: string, pin = '246810'): Promise<Browser> {
  const phone = new Browser(base);
  const first = await phone.get('/telefoon');
  expect(first.text).toContain('Kies een nieuwe pincode');
  const chosen = await phone.post('/telefoon/pincode', { pincode: pin, pincode2: pin }, csrfOf(first.text));
  expect(chosen.status).toBe(303);
  return phone;
}

async function scan(phone: Browser, content: string) {
  const home = await phone.get('/telefoon?scherm=scan');
  expect(home.text).toContain('>Scan QR</button>');
  const form = new FormData();
  form.set('_csrf', csrfOf(home.text));
  form.set('qr', content);
  return phone.postMultipart('/telefoon/scan', form);
}

async function confirmBirthDate(phone: Browser, date: string) {
  const page = await phone.get('/telefoon');
  return phone.post('/telefoon/geboortedatum', { geboortedatum: date }, csrfOf(page.text));
}

/** The phone's WID screens: choose the document, then "hold it against the phone" (a sandbox document or failure). */
async function widScan(phone: Browser, document: string, chip: string) {
  const chosen = await phone.get(`/telefoon?document=${document}`);
  expect(chosen.text).toContain('tegen de telefoon</h2>');
  const read = await phone.post('/telefoon/wid', { document, chip }, csrfOf(chosen.text));
  return { chosen, read };
}

/** The last 4 characters of the document number the chip of this sandbox document holds, as the phone shows it. */
function chipNumberOf(chosenHtml: string, chip: string): string {
  const block = new RegExp(`id="chip-${chip}"[\\s\\S]*?<dt>Documentnummer</dt>\\s*<dd>([^<]+)</dd>`).exec(
    chosenHtml,
  );
  if (!block?.[1]) throw new Error(`no chip data for ${chip}`);
  return block[1];
}

const widCodeOf = (html: string) => /name="wid" value="([^"]+)"/.exec(html)?.[1] ?? '';

/**
 * Step 9 as ZORG-ID describes the WID check: the form starts it, the care worker's app scans its QR code
 * and reads the identity document's chip, and only then does the manager complete the registration.
 */
async function registerWorker(
  b: Browser,
  csrf: string,
  person: Record<string, string>,
  pin: string,
  chip = 'geldig',
  document = 'paspoort',
) {
  const started = await b.post('/portal/beheer', { actie: 'zorgmedewerker', ...person }, csrf);
  expect(started.status).toBe(200);
  expect(started.text).toContain('alt="QR-code voor de WID-controle"');
  const phone = await newPhone(portal.url, pin);
  const scanned = await scan(phone, qrContentOf(started.text));
  expect(scanned.text).toContain('<h2>Scan identiteitsbewijs</h2>');
  const { chosen, read } = await widScan(phone, document, chip);
  const code = widCodeOf(started.text);
  const done = await b.post('/portal/beheer', { actie: 'wid-afronden', wid: code }, csrf);
  return { started, phone, chosen, read, done, code };
}

interface ApiReply {
  ok?: boolean;
  status?: string;
  code?: string;
  message?: string;
  redirect?: string;
  challenge?: string;
}

function parseJson(text: string): ApiReply {
  return JSON.parse(text) as ApiReply;
}

const admin = { browser: null as unknown as Browser, phone: null as unknown as Browser };
const beheerder = { enrolment: '', phone: null as unknown as Browser };

describe('pages carry the sandbox markers', () => {
  it('meta tag, SANDBOX marker, Dutch, and the page API stub without ZorgIdCompanion', async () => {
    const b = new Browser(portal.url);
    const home = await b.get('/portal');
    expect(home.text).toContain('<meta name="zorgid-sandbox" content="acceptatie" />');
    expect(home.text).toContain('<html lang="nl">');
    expect(home.text).toMatch(/SANDBOX/);
    expect(home.text).toContain('<h1>ZORG-ID Portaal</h1>');
    expect(home.text).toMatch(/<a class="button" href="\/portal\/inloggen">Inloggen<\/a>/);
    const stub = await b.get('/static/zorgid-page.js');
    expect(stub.status).toBe(200);
    expect(stub.text).not.toContain('ZorgIdCompanion =');
    const login = await b.get('/portal/inloggen');
    expect(login.text).toContain('>Inloggen met UZI-pas</button>');
    expect(login.text).toContain('>Inloggen met ZORG-ID Mobiel</button>');
    expect(login.text).toMatch(
      /<a class="button" href="zorgid:\/\/login\?challenge=[\w-]{43}">Open ZORG-ID Desktop App<\/a>/,
    );
  });
});

describe('step 2: application form, mailbox, approval', () => {
  it('rejects an empty form with a Dutch message per field and keeps the values', async () => {
    const b = new Browser(portal.url);
    const form = await b.get('/aanvraag');
    expect(form.text).toContain('<h1>Aanvraagformulier ZORG-ID Mobiel</h1>');
    const result = await b.post(
      '/aanvraag',
      { organisatienaam: 'Mijn Praktijk', ura: '123', uzinummer: 'abc' },
      csrfOf(form.text),
    );
    expect(result.status).toBe(400);
    expect(result.text).toContain('Het URA-nummer bestaat uit precies 8 cijfers.');
    expect(result.text).toContain('Het UZI-nummer bestaat uit precies 9 cijfers.');
    expect(result.text).toContain('Vul een geldig e-mailadres in voor de administrator.');
    expect(result.text).toContain('Ga akkoord met de voorwaarden');
    expect(result.text).toContain('value="Mijn Praktijk"');
    expect(result.text).toContain('value="123"');
    expect(result.text).not.toContain('Aanvraag ontvangen');
  });

  it('refuses a form post without the CSRF token', async () => {
    const b = new Browser(portal.url);
    await b.get('/aanvraag');
    const result = await b.post('/aanvraag', APPLICATION, 'wrong-token');
    expect(result.status).toBe(403);
  });

  it('stores a valid application and mails a copy at once, the confirmation only after approval', async () => {
    const b = new Browser(portal.url);
    const form = await b.get('/aanvraag');
    const result = await b.post('/aanvraag', APPLICATION, csrfOf(form.text));
    expect(result.status).toBe(200);
    expect(result.text).toContain('<h1>Aanvraag ontvangen</h1>');
    const mailbox = await b.get('/mailbox');
    expect(mailbox.text).toContain('<h1>Sandbox mailbox</h1>');
    expect(mailbox.text).toMatch(/<article class="mail"[^>]*>\s*<h2>Kopie van uw aanvraag<\/h2>/);
    expect(mailbox.text).toContain(ADMIN.email);
    expect(mailbox.text).not.toContain('Bevestiging van uw aanvraag');
  });

  it('a second application for the same URA is refused while the first is pending', async () => {
    const b = new Browser(portal.url);
    const form = await b.get('/aanvraag');
    const result = await b.post('/aanvraag', APPLICATION, csrfOf(form.text));
    expect(result.status).toBe(400);
    expect(result.text).toContain('Voor dit URA-nummer loopt al een aanvraag');
  });

  it('before approval the URA is unknown to ZORG-ID', async () => {
    const b = new Browser(portal.url);
    expect((await loginWithCard(b, cards.admin)).json.ok).toBe(true);
    const page = await b.get('/portal/organisatie');
    await b.post('/portal/organisatie', { stap: 'start' }, csrfOf(page.text));
    const refused = await b.post('/portal/organisatie', cardRead(cards.admin), csrfOf(page.text));
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('URA onbekend');
  });

  it('approval in the back office mails the administrator and the representative', async () => {
    const b = new Browser(portal.url);
    const office = await b.get('/backoffice');
    const id = /name="id" value="(\d+)"/.exec(office.text)?.[1];
    expect(id).toBeDefined();
    const approved = await b.post('/backoffice/goedkeuren', { id: id! }, csrfOf(office.text));
    expect(approved.status).toBe(303);
    const mailbox = await b.get('/mailbox');
    const confirmations = mailbox.text.match(/<h2>Bevestiging van uw aanvraag<\/h2>/g) ?? [];
    expect(confirmations).toHaveLength(2);
    expect(mailbox.text).toContain('piet@delinde.example');
    // Newest first: the confirmations come before the copy.
    expect(mailbox.text.indexOf('Bevestiging van uw aanvraag')).toBeLessThan(
      mailbox.text.indexOf('Kopie van uw aanvraag'),
    );
  });
});

describe('step 5: log in with the UZI-pas', () => {
  it('logs in with a token signed for this origin; the session cookie is HttpOnly SameSite=Strict', async () => {
    const b = new Browser(portal.url);
    const result = await loginWithCard(b, cards.admin);
    expect(result.status).toBe(200);
    expect(result.json.ok).toBe(true);
    const setCookie = result.response.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(/zorgid_sessie=.*HttpOnly; SameSite=Strict/);
    const home = await b.get('/portal');
    expect(home.text).toMatch(/<header>[\s\S]*Anna de Vries[\s\S]*>Uitloggen<\/button>[\s\S]*<\/header>/);
    expect(home.text).toContain('Organisatie registratie afronden');
  });

  it('refuses the same token a second time (replay)', async () => {
    const b = new Browser(portal.url);
    const first = await loginWithCard(b, cards.admin);
    expect(first.json.ok).toBe(true);
    // Replayed by someone else (their own session and CSRF token): the challenge is not theirs.
    const attacker = new Browser(portal.url);
    const attackerCsrf = csrfOf((await attacker.get('/portal/inloggen')).text);
    const replay = await attacker.postJson('/api/login/uzi', { token: first.token }, attackerCsrf);
    expect(replay.status).toBe(401);
    expect(parseJson(replay.text)).toMatchObject({ ok: false, code: 'CHALLENGE_MISMATCH' });
    expect(parseJson(replay.text).message).toMatch(/hoort niet bij uw sessie/);
  });

  it('refuses a token made for another origin', async () => {
    const b = new Browser(portal.url);
    const result = await loginWithCard(b, cards.admin, 'https://phishing.example');
    expect(result.status).toBe(401);
    expect(result.json.code).toBe('ORIGIN_MISMATCH');
    expect((await b.get('/portal')).text).not.toContain('Uitloggen');
  });

  it('refuses a challenge older than 5 minutes', async () => {
    const b = new Browser(portal.url);
    const page = await b.get('/portal/inloggen');
    const csrf = csrfOf(page.text);
    const { challenge } = parseJson((await b.postJson('/api/challenge', {}, csrf)).text) as {
      challenge: string;
    };
    clockOffsetMs = 6 * MINUTE_MS;
    try {
      const result = await b.postJson(
        '/api/login/uzi',
        { token: makeAuthToken(cards.admin, portal.url, challenge) },
        csrf,
      );
      expect(result.status).toBe(401);
      expect(parseJson(result.text).code).toBe('CHALLENGE_EXPIRED');
    } finally {
      clockOffsetMs = 0;
    }
  });

  it('refuses the challenge API without the CSRF header', async () => {
    const b = new Browser(portal.url);
    await b.get('/portal/inloggen');
    const result = await b.request('/api/challenge', { method: 'POST' });
    expect(result.status).toBe(403);
  });
});

describe('step 6: validate the organisation', () => {
  it('refuses a medewerkerpas niet op naam (M) with a clear message', async () => {
    const b = new Browser(portal.url);
    expect((await loginWithCard(b, cards.unnamed)).json.ok).toBe(true);
    const page = await b.get('/portal/organisatie');
    await b.post('/portal/organisatie', { stap: 'start' }, csrfOf(page.text));
    const refused = await b.post('/portal/organisatie', cardRead(cards.unnamed), csrfOf(page.text));
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('medewerkerpas niet op naam');
    expect(refused.text).toContain('zorgverlenerpas (Z)');
  });

  it('refuses a card of an organisation that never applied (URA onbekend)', async () => {
    const b = new Browser(portal.url);
    await loginWithCard(b, cards.otherOrg);
    const page = await b.get('/portal/organisatie');
    await b.post('/portal/organisatie', { stap: 'start' }, csrfOf(page.text));
    const refused = await b.post('/portal/organisatie', cardRead(cards.otherOrg), csrfOf(page.text));
    expect(refused.text).toContain('URA onbekend');
    expect(refused.text).toContain('90000009');
  });

  it('afronden reads the card in the reader: none, not a UZI-pas, or someone else’s is refused in Dutch', async () => {
    const b = new Browser(portal.url);
    await loginWithCard(b, cards.admin);
    const page = await b.get('/portal/organisatie');
    const csrf = csrfOf(page.text);
    await b.post('/portal/organisatie', { stap: 'start' }, csrf);
    // The card was pulled before "afronden": the page found nothing to send.
    const none = await b.post('/portal/organisatie', { stap: 'afronden' }, csrf);
    expect(none.status).toBe(400);
    expect(none.text).toContain(
      'Geen UZI-pas gevonden. Steek uw pas in de lezer en klik opnieuw op afronden.',
    );
    expect(none.text).toContain('>afronden</button>');
    expect(none.text).not.toContain('<dt>Organisatienaam</dt>');
    const garbage = await b.post(
      '/portal/organisatie',
      { stap: 'afronden', certificaat: 'bm90IGEgY2VydA==' },
      csrf,
    );
    expect(garbage.status).toBe(400);
    expect(garbage.text).toContain('geen geldige UZI-pas');
    // A certificate the portal does not trust, though it names the same person: refused.
    const untrusted = await (await createTestPki()).issueCard({ uziNumber: ADMIN.uzi });
    const forged = await b.post('/portal/organisatie', cardRead(untrusted), csrf);
    expect(forged.status).toBe(400);
    expect(forged.text).toContain('geen geldige UZI-pas');
    // A colleague's card in the reader: another UZI number than the login.
    const colleague = await b.post('/portal/organisatie', cardRead(cards.worker), csrf);
    expect(colleague.status).toBe(400);
    expect(colleague.text).toContain('De UZI-pas in de lezer is niet van u');
    // The same person, a card of another organisation.
    const elsewhere = await pki.issueCard({ uziNumber: ADMIN.uzi, ura: '90000009' });
    const otherOrganisation = await b.post('/portal/organisatie', cardRead(elsewhere), csrf);
    expect(otherOrganisation.status).toBe(400);
    expect(otherOrganisation.text).toContain('andere organisatie (URA-nummer 90000009)');
    // "volgende" without a successful read registers nothing.
    const skipped = await b.post('/portal/organisatie', { stap: 'volgende' }, csrf);
    expect(skipped.status).toBe(400);
    expect((await b.get('/portal')).text).not.toContain('Portaal administrator');
  });

  it('afronden shows organisation name and URA from the card; volgende makes the card holder administrator', async () => {
    const b = new Browser(portal.url);
    await loginWithCard(b, cards.admin);
    const page = await b.get('/portal/organisatie');
    expect(page.text).toContain('>Organisatie registratie afronden</button>');
    const csrf = csrfOf(page.text);
    const card = await b.post('/portal/organisatie', { stap: 'start' }, csrf);
    expect(card.text).toContain('>afronden</button>');
    expect(card.text).toContain('<form method="post" action="/portal/organisatie" data-action="read-card">');
    expect(card.text).toContain('<script type="module" src="/static/portal-page.mjs"></script>');
    const check = await b.post('/portal/organisatie', cardRead(cards.admin), csrf);
    expect(check.status).toBe(200);
    expect(check.text).toMatch(/<dt>Organisatienaam<\/dt>\s*<dd>Sandbox Huisartsenpraktijk De Linde<\/dd>/);
    expect(check.text).toMatch(/<dt>URA-nummer<\/dt>\s*<dd>90000001<\/dd>/);
    const next = await b.post('/portal/organisatie', { stap: 'volgende' }, csrf);
    expect(next.status).toBe(303);
    expect(next.location).toBe('/portal/mobile-app-id');
    expect((await b.get('/portal')).text).toContain('Portaal administrator');
    admin.browser = b;
  });

  it('a second person cannot take over the organisation', async () => {
    const other = await pki.issueCard({ uziNumber: '900000006', givenName: 'Kees', surname: 'Kaper' });
    const b = new Browser(portal.url);
    await loginWithCard(b, other);
    const page = await b.get('/portal/organisatie');
    await b.post('/portal/organisatie', { stap: 'start' }, csrfOf(page.text));
    const refused = await b.post('/portal/organisatie', cardRead(other), csrfOf(page.text));
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('al geregistreerd door een andere administrator');
  });
});

/** Step 7 in the portal: name shown, date of birth entered and confirmed, then the QR code page. */
async function confirmInPortal(b: Browser, date: string) {
  const form = await b.get('/portal/mobile-app-id');
  return b.post('/portal/mobile-app-id', { geboortedatum: date }, csrfOf(form.text));
}

describe('steps 7 and 8: Mobile App ID and activation with the phone', () => {
  it('step 7 as the step plan has it: name shown, date of birth in the portal, then the QR code the app scans', async () => {
    const b = admin.browser;
    const page = await b.get('/portal/mobile-app-id');
    expect(page.text).toContain('<h1>Mobile App ID aanmaken</h1>');
    expect(page.text).toMatch(/<dt>Voornaam<\/dt>\s*<dd>Anna<\/dd>/);
    expect(page.text).toMatch(/<dt>Achternaam<\/dt>\s*<dd>de Vries<\/dd>/);
    expect(page.text).toMatch(/name="geboortedatum"/);
    // No QR code before the date of birth is confirmed.
    expect(page.text).not.toContain('alt="QR-code voor de ZORG-ID app"');
    const wrong = await confirmInPortal(b, '1980-01-01');
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('De geboortedatum klopt niet');
    expect(wrong.text).not.toContain('alt="QR-code voor de ZORG-ID app"');
    const malformed = await confirmInPortal(b, '12-04-1978');
    expect(malformed.status).toBe(400);
    expect(malformed.text).toContain('Vul een geldige geboortedatum in');
    const right = await confirmInPortal(b, ADMIN.dob);
    expect(right.status).toBe(200);
    expect(right.text).toContain('alt="QR-code voor de ZORG-ID app"');
    const content = qrContentOf(right.text);
    admin.phone = await newPhone(portal.url);
    const status = pollUrlOf(right.text);
    expect(parseJson((await b.get(status)).text).status).toBe('open');
    // On the phone: Scan, Scan QR, scan; that activates the identity (no date of birth on the phone).
    const scanned = await scan(admin.phone, content);
    expect(scanned.status).toBe(200);
    expect(scanned.text).not.toContain('name="geboortedatum"');
    expect(scanned.text).toContain('Uw ZORG-ID Mobiel identiteit is geactiveerd voor Anna de Vries');
    expect(scanned.text).toMatch(/ZORG-ID Mobiel identiteit: <strong>Anna de Vries<\/strong>/);
    expect(parseJson((await b.get(status)).text).status).toBe('bevestigd');
    // Scanned twice: refused, state unchanged.
    const again = await scan(admin.phone, content);
    expect(again.status).toBe(409);
    expect(again.text).toContain('al gebruikt');
    expect(parseJson((await b.get(status)).text).status).toBe('bevestigd');
  });

  it('stops asking after three wrong dates of birth in one session', async () => {
    const b = new Browser(portal.url);
    expect((await loginWithCard(b, cards.admin)).json.ok).toBe(true);
    for (let i = 1; i <= 2; i++) expect((await confirmInPortal(b, '1980-01-0' + String(i))).status).toBe(400);
    const third = await confirmInPortal(b, '1980-01-03');
    expect(third.status).toBe(403);
    expect(third.text).toContain('drie keer niet');
    // Even the right date is refused now: no QR code.
    const right = await confirmInPortal(b, ADMIN.dob);
    expect(right.status).toBe(403);
    expect(right.text).not.toContain('alt="QR-code voor de ZORG-ID app"');
  });

  it('reads the QR code from an uploaded PNG (decoded server-side)', async () => {
    const b = admin.browser;
    const page = await confirmInPortal(b, ADMIN.dob);
    const png = qrImageOf(page.text, 'QR-code voor de ZORG-ID app');
    const phone = await newPhone(portal.url);
    const home = await phone.get('/telefoon?scherm=scan');
    const form = new FormData();
    form.set('_csrf', csrfOf(home.text));
    form.set('afbeelding', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'qr.png');
    const scanned = await phone.postMultipart('/telefoon/scan', form);
    expect(scanned.status).toBe(200);
    expect(scanned.text).toContain('identiteit is geactiveerd voor Anna de Vries');
  });

  it('refuses an enrolment QR scanned after its time limit', async () => {
    const b = admin.browser;
    const page = await confirmInPortal(b, ADMIN.dob);
    const phone = await newPhone(portal.url);
    clockOffsetMs = 6 * MINUTE_MS;
    try {
      const late = await scan(phone, qrContentOf(page.text));
      expect(late.status).toBe(410);
      expect(late.text).toContain('verlopen');
    } finally {
      clockOffsetMs = 0;
    }
  });

  it('re-enrols the first phone, then logs the browser in as Portaal administrator by QR', async () => {
    const b = admin.browser;
    const enrol = await confirmInPortal(b, ADMIN.dob);
    expect((await scan(admin.phone, qrContentOf(enrol.text))).text).toContain('identiteit is geactiveerd');

    const page = await b.get('/portal/activeren');
    expect(page.text).toContain('<h1>Identiteit activeren</h1>');
    expect(page.text).toContain('alt="QR-code om in te loggen met ZORG-ID Mobiel"');
    const status = pollUrlOf(page.text);
    expect(parseJson((await b.get(status)).text).status).toBe('open');
    const content = qrContentOf(page.text);
    const scanned = await scan(admin.phone, content);
    expect(scanned.text).toContain('U bent ingelogd op het ZORG-ID Portaal');
    const done = parseJson((await b.get(status)).text) as { status: string; redirect: string };
    expect(done).toEqual({ status: 'ingelogd', redirect: '/portal/beheer' });
    const beheer = await b.get('/portal/beheer');
    expect(beheer.status).toBe(200);
    expect(beheer.text).toMatch(/<header>[\s\S]*Portaal administrator[\s\S]*<\/header>/);
    // The same login QR a second time: refused.
    const again = await scan(admin.phone, content);
    expect(again.status).toBe(409);
  });

  it('a login QR scanned too late is refused, and the browser stays logged out', async () => {
    const b = new Browser(portal.url);
    const page = await b.get('/portal/inloggen?methode=mobiel');
    expect(page.text).toContain('alt="QR-code om in te loggen met ZORG-ID Mobiel"');
    clockOffsetMs = 6 * MINUTE_MS;
    try {
      const late = await scan(admin.phone, qrContentOf(page.text));
      expect(late.status).toBe(410);
      expect(parseJson((await b.get(pollUrlOf(page.text))).text).status).toBe('verlopen');
    } finally {
      clockOffsetMs = 0;
    }
    expect((await b.get('/portal/beheer')).status).toBe(403);
  });

  it('a phone without an identity cannot log anyone in', async () => {
    const b = new Browser(portal.url);
    const page = await b.get('/portal/inloggen?methode=mobiel');
    const empty = await newPhone(portal.url);
    const refused = await scan(empty, qrContentOf(page.text));
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('nog geen ZORG-ID Mobiel identiteit');
  });
});

describe('step 9: beheer', () => {
  it('has the contract headings and buttons', async () => {
    const page = await admin.browser.get('/portal/beheer');
    expect(page.text).toContain('<h1>Beheer</h1>');
    expect(page.text).toMatch(/<h2[^>]*>Beheerders<\/h2>/);
    expect(page.text).toMatch(/<h2[^>]*>Zorgmedewerkers<\/h2>/);
    expect(page.text).toContain('>Beheerder toevoegen</button>');
    expect(page.text).toContain('>Zorgmedewerker registreren</button>');
  });

  const CARLA = {
    actie: 'beheerder',
    b_voornaam: 'Carla',
    b_achternaam: 'Beheer',
    b_email: 'carla@delinde.example',
    b_geboortedatum: '1985-06-21',
  };

  it('appoints a beheerder: the form asks the date of birth, the answer is a QR code for their phone', async () => {
    const page = await admin.browser.get('/portal/beheer');
    expect(page.text).toContain('name="b_geboortedatum"');
    const csrf = csrfOf(page.text);
    const noDate = await admin.browser.post('/portal/beheer', { ...CARLA, b_geboortedatum: '' }, csrf);
    expect(noDate.status).toBe(400);
    expect(noDate.text).toContain('Vul een geldige geboortedatum in');
    expect(noDate.text).toContain('value="Carla"');
    const result = await admin.browser.post('/portal/beheer', CARLA, csrf);
    expect(result.status).toBe(200);
    expect(result.text).toContain('Carla Beheer is toegevoegd als Portaal beheerder');
    expect(result.text).toContain('alt="QR-code voor de ZORG-ID app"');
    beheerder.enrolment = qrContentOf(result.text);
  });

  it('the beheerder enrols their own phone, logs in with ZORG-ID Mobiel and registers a zorgmedewerker', async () => {
    beheerder.phone = await newPhone(portal.url, '864200');
    const scanned = await scan(beheerder.phone, beheerder.enrolment);
    expect(scanned.text).toMatch(/<dt>Voornaam<\/dt>\s*<dd>Carla<\/dd>/);
    const enrolled = await confirmBirthDate(beheerder.phone, CARLA.b_geboortedatum);
    expect(enrolled.status).toBe(200);
    expect(enrolled.text).toContain('identiteit is aangemaakt voor Carla Beheer');

    const b = new Browser(portal.url);
    const login = await b.get('/portal/inloggen?methode=mobiel');
    expect((await scan(beheerder.phone, qrContentOf(login.text))).text).toContain('U bent ingelogd');
    expect(parseJson((await b.get(pollUrlOf(login.text))).text).status).toBe('ingelogd');
    const page = await b.get('/portal/beheer');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<header>[\s\S]*Carla Beheer[\s\S]*Portaal beheerder[\s\S]*<\/header>/);
    // A beheerder registers zorgmedewerkers, but appoints no beheerders.
    expect(page.text).toContain('Alleen een Portaal administrator kan beheerders toevoegen.');
    const csrf = csrfOf(page.text);
    const appoint = await b.post(
      '/portal/beheer',
      { ...CARLA, b_voornaam: 'Ed', b_email: 'ed@x.example' },
      csrf,
    );
    expect(appoint.status).toBe(403);
    const worker = await registerWorker(
      b,
      csrf,
      {
        m_voornaam: 'Eva',
        m_achternaam: 'Els',
        m_email: 'eva@delinde.example',
        m_geboortedatum: '1991-11-11',
      },
      '112358',
      'geldig',
      'identiteitskaart',
    );
    expect(worker.done.status).toBe(200);
    expect(worker.done.text).toContain('Eva Els is geregistreerd.');
    const phone = worker.phone;
    expect((await scan(phone, qrContentOf(worker.done.text))).text).toMatch(/<dd>Eva<\/dd>/);
    expect((await confirmBirthDate(phone, '1991-11-11')).text).toContain('identiteit is aangemaakt');
    expect((await b.get('/portal/beheer')).text).toMatch(/Eva Els<\/span>[\s\S]*?Mobile App ID actief/);
  });

  const DANA = {
    m_voornaam: 'Dana',
    m_achternaam: 'Dijk',
    m_email: 'dana@delinde.example',
    m_geboortedatum: '1995-03-03',
  };
  /** The list of registered care workers only (the log below it names people whose check failed). */
  const workers = async () =>
    /id="medewerkers-kop"[\s\S]*?<ul>([\s\S]*?)<\/ul>/.exec(
      (await admin.browser.get('/portal/beheer')).text,
    )?.[1] ?? '';

  it('WID check, happy path: the app reads the document; only then is the worker registered, with the scan’s document', async () => {
    const b = admin.browser;
    const csrf = csrfOf((await b.get('/portal/beheer')).text);
    // What the old form sent (a ticked checkbox and typed document details) starts a check, registers nobody.
    const typed = await b.post(
      '/portal/beheer',
      { actie: 'zorgmedewerker', ...DANA, documenttype: 'rijbewijs', document_laatste4: '12AB', wid: 'ja' },
      csrf,
    );
    expect(typed.status).toBe(200);
    expect(typed.text).not.toContain('id="veld-wid"');
    expect(typed.text).toContain('alt="QR-code voor de WID-controle"');
    expect(await workers()).not.toContain('Dana Dijk');
    const early = await b.post('/portal/beheer', { actie: 'wid-afronden', wid: widCodeOf(typed.text) }, csrf);
    expect(early.status).toBe(409);
    expect(early.text).toContain('De WID-controle is nog niet gedaan.');
    const poll = parseJson((await b.get(pollUrlOf(typed.text))).text);
    expect(poll.status).toBe('open');

    const ok = await registerWorker(b, csrf, DANA, '135790');
    expect(ok.read.status).toBe(200);
    expect(ok.read.text).toContain('Uw paspoort is gecontroleerd.');
    expect(ok.done.status).toBe(200);
    expect(ok.done.text).toContain('Dana Dijk is geregistreerd.');
    expect(ok.done.text).toContain('alt="QR-code voor de ZORG-ID app"');
    const last4 = chipNumberOf(ok.chosen.text, 'geldig').slice(-4);
    expect(ok.done.text).toContain(`WID: paspoort (…${last4})`);
    expect(ok.done.text).not.toContain('12AB');
    // Another manager's browser cannot see or complete this check.
    const stranger = new Browser(portal.url);
    expect((await stranger.get(`/api/wid/status?code=${ok.code}`)).status).toBe(404);
    // Completing twice registers once.
    const twice = await b.post('/portal/beheer', { actie: 'wid-afronden', wid: ok.code }, csrf);
    expect(twice.status).toBe(400);
    expect((await workers()).match(/Dana Dijk<\/span>/g)).toHaveLength(1);
    // The same phone then personalises the app with the Mobile App ID's QR code.
    const phone = ok.phone;
    const scanned = await scan(phone, qrContentOf(ok.done.text));
    expect(scanned.text).toMatch(/<dd>Dana<\/dd>/);
    expect((await confirmBirthDate(phone, '1995-03-03')).text).toContain('identiteit is aangemaakt');
    expect((await phone.get('/telefoon')).text).toContain('Dana Dijk');
  });

  it('WID check, expired document: refused with what to do; another, valid document then passes', async () => {
    const b = admin.browser;
    const csrf = csrfOf((await b.get('/portal/beheer')).text);
    const person = { ...DANA, m_voornaam: 'Vera', m_achternaam: 'Verlopen', m_email: 'vera@delinde.example' };
    const expired = await registerWorker(b, csrf, person, '135791', 'verlopen');
    expect(expired.read.status).toBe(400);
    expect(expired.read.text).toMatch(
      /Dit identiteitsbewijs is verlopen \(geldig tot \d{4}-\d{2}-\d{2}\)\. Scan een geldig/,
    );
    expect(expired.done.status).toBe(409);
    expect(expired.done.text).toContain('De WID-controle is nog niet geslaagd.');
    expect(expired.done.text).toContain('is verlopen');
    expect(await workers()).not.toContain('Vera Verlopen');
    const retry = await widScan(expired.phone, 'identiteitskaart', 'geldig');
    expect(retry.read.text).toContain('Uw identiteitskaart is gecontroleerd.');
    const done = await b.post('/portal/beheer', { actie: 'wid-afronden', wid: expired.code }, csrf);
    expect(done.status).toBe(200);
    expect(done.text).toContain(
      `WID: identiteitskaart (…${chipNumberOf(retry.chosen.text, 'geldig').slice(-4)})`,
    );
  });

  it('WID check, another person: refused for good; the form comes back filled in to correct and start again', async () => {
    const b = admin.browser;
    const csrf = csrfOf((await b.get('/portal/beheer')).text);
    const person = { ...DANA, m_voornaam: 'Mila', m_achternaam: 'Mismatch', m_email: 'mila@delinde.example' };
    const other = await registerWorker(b, csrf, person, '135792', 'ander-persoon');
    expect(other.read.status).toBe(403);
    expect(other.read.text).toContain(
      'De naam en de geboortedatum op het identiteitsbewijs komt niet overeen',
    );
    expect(other.done.status).toBe(409);
    expect(other.done.text).toContain('start de WID-controle opnieuw');
    expect(other.done.text).toContain('value="Mismatch"');
    expect(await workers()).not.toContain('Mila Mismatch');
    // A refused check stays refused: a valid document afterwards changes nothing.
    expect((await other.phone.get('/telefoon?document=paspoort')).text).not.toContain(
      'tegen de telefoon</h2>',
    );
    const date = await registerWorker(b, csrf, person, '135793', 'andere-geboortedatum');
    expect(date.read.text).toContain('De geboortedatum op het identiteitsbewijs komt niet overeen');
    expect(date.done.status).toBe(409);
    expect(await workers()).not.toContain('Mila Mismatch');
  });

  it('WID check, chip unreadable: try the same document again; then it passes', async () => {
    const b = admin.browser;
    const csrf = csrfOf((await b.get('/portal/beheer')).text);
    const person = {
      ...DANA,
      m_voornaam: 'Olga',
      m_achternaam: 'Onleesbaar',
      m_email: 'olga@delinde.example',
    };
    const unreadable = await registerWorker(b, csrf, person, '135794', 'onleesbaar');
    expect(unreadable.read.status).toBe(400);
    expect(unreadable.read.text).toContain('De chip van het identiteitsbewijs kon niet gelezen worden.');
    expect(unreadable.read.text).toContain('<h2>Houd uw paspoort tegen de telefoon</h2>');
    expect(unreadable.done.status).toBe(409);
    expect(unreadable.done.text).toContain('kon niet gelezen worden');
    expect(await workers()).not.toContain('Olga Onleesbaar');
    const retry = await widScan(unreadable.phone, 'paspoort', 'geldig');
    expect(retry.read.status).toBe(200);
    const done = await b.post('/portal/beheer', { actie: 'wid-afronden', wid: unreadable.code }, csrf);
    expect(done.text).toContain('Olga Onleesbaar is geregistreerd.');
  });

  it('WID check: the worker can stop it on the phone; a new check for the same person replaces the old one', async () => {
    const b = admin.browser;
    const csrf = csrfOf((await b.get('/portal/beheer')).text);
    const person = {
      ...DANA,
      m_voornaam: 'Stijn',
      m_achternaam: 'Stopper',
      m_email: 'stijn@delinde.example',
    };
    const started = await b.post('/portal/beheer', { actie: 'zorgmedewerker', ...person }, csrf);
    const phone = await newPhone(portal.url, '135796');
    const screen = await scan(phone, qrContentOf(started.text));
    expect(screen.text).toContain('>WID-controle stoppen</button>');
    const stopped = await phone.post('/telefoon/wid', { actie: 'stoppen' }, csrfOf(screen.text));
    expect(stopped.text).toContain('De WID-controle is gestopt.');
    expect(stopped.text).toContain('>Scan</button>');
    const poll = parseJson((await b.get(pollUrlOf(started.text))).text);
    expect(poll.status).toBe('verlopen');
    expect(poll.message).toContain('op de telefoon gestopt');
    const done = await b.post(
      '/portal/beheer',
      { actie: 'wid-afronden', wid: widCodeOf(started.text) },
      csrf,
    );
    expect(done.status).toBe(400);
    expect(done.text).toContain('op de telefoon gestopt');

    const first = await b.post('/portal/beheer', { actie: 'zorgmedewerker', ...person }, csrf);
    expect((await scan(phone, qrContentOf(first.text))).text).toContain('Scan identiteitsbewijs');
    const second = await b.post('/portal/beheer', { actie: 'zorgmedewerker', ...person }, csrf);
    expect(widCodeOf(second.text)).not.toBe(widCodeOf(first.text));
    // The phone that took the first check on is free again; the first check cannot be completed.
    expect((await phone.get('/telefoon')).text).not.toContain('Scan identiteitsbewijs');
    const old = await b.post('/portal/beheer', { actie: 'wid-afronden', wid: widCodeOf(first.text) }, csrf);
    expect(old.status).toBe(400);
    expect(await workers()).not.toContain('Stijn Stopper');
  });

  it('registers a zorgmedewerker; the QR enrols their phone; lost phone and leaver', async () => {
    const b = admin.browser;
    const page = await b.get('/portal/beheer');
    const csrf = csrfOf(page.text);
    const registered = await registerWorker(
      b,
      csrf,
      { ...DANA, m_voornaam: 'Lena', m_achternaam: 'Leaver', m_email: 'lena@delinde.example' },
      '135795',
    );
    const ok = registered.done;
    const phone = registered.phone;
    const scanned = await scan(phone, qrContentOf(ok.text));
    expect(scanned.text).toMatch(/<dd>Lena<\/dd>/);
    expect((await confirmBirthDate(phone, '1995-03-03')).text).toContain('identiteit is aangemaakt');
    expect((await phone.get('/telefoon')).text).toContain('Lena Leaver');

    const userId = /<span>Lena Leaver<\/span>[\s\S]*?name="gebruiker" value="(\d+)"/.exec(ok.text)?.[1];
    expect(userId).toBeDefined();
    const revoked = await b.post('/portal/beheer', { actie: 'intrekken', gebruiker: userId! }, csrf);
    expect(revoked.text).toContain('De Mobile App ID van Lena Leaver is ingetrokken');
    expect((await phone.get('/telefoon')).text).toContain('nog geen ZORG-ID Mobiel identiteit');
    const renewed = await b.post('/portal/beheer', { actie: 'nieuwe-id', gebruiker: userId! }, csrf);
    expect(renewed.text).toContain('alt="QR-code voor de ZORG-ID app"');
    const removed = await b.post('/portal/beheer', { actie: 'verwijderen', gebruiker: userId! }, csrf);
    expect(removed.text).toContain('Lena Leaver is verwijderd');
    // The leaver's fresh QR code died with the account.
    const late = await scan(phone, qrContentOf(renewed.text));
    expect(late.status).toBe(400);
  });

  /** Enrols a new phone with an enrolment QR and the person's date of birth; logs a new browser in with it. */
  async function enrolAndLogIn(enrolmentHtml: string, dateOfBirth: string, pin: string) {
    const phone = await newPhone(portal.url, pin);
    await scan(phone, qrContentOf(enrolmentHtml));
    expect((await confirmBirthDate(phone, dateOfBirth)).text).toContain('identiteit is aangemaakt');
    const b = new Browser(portal.url);
    const login = await b.get('/portal/inloggen?methode=mobiel');
    const scanned = await scan(phone, qrContentOf(login.text));
    const status = parseJson((await b.get(pollUrlOf(login.text))).text).status;
    return { phone, browser: b, scanned, status };
  }

  it('an administrator appoints another administrator (VZVZ FAQ), who can appoint beheerders in turn', async () => {
    const page = await admin.browser.get('/portal/beheer');
    expect(page.text).toMatch(/<select id="veld-b_rol" name="b_rol">[\s\S]*Portaal administrator/);
    const csrf = csrfOf(page.text);
    const olaf = { ...CARLA, b_voornaam: 'Olaf', b_achternaam: 'Opvolger', b_email: 'olaf@delinde.example' };
    const badRole = await admin.browser.post('/portal/beheer', { ...olaf, b_rol: 'zorgmedewerker' }, csrf);
    expect(badRole.status).toBe(400);
    expect(badRole.text).toContain('Kies een geldige rol.');
    const added = await admin.browser.post('/portal/beheer', { ...olaf, b_rol: 'administrator' }, csrf);
    expect(added.status).toBe(200);
    expect(added.text).toContain('Olaf Opvolger is toegevoegd als Portaal administrator.');
    const second = await enrolAndLogIn(added.text, CARLA.b_geboortedatum, '975310');
    expect(second.status).toBe('ingelogd');
    const own = await second.browser.get('/portal/beheer');
    expect(own.text).toMatch(/<header>[\s\S]*Olaf Opvolger[\s\S]*Portaal administrator[\s\S]*<\/header>/);
    expect(own.text).not.toContain('Alleen een Portaal administrator kan beheerders toevoegen.');
    const appointed = await second.browser.post(
      '/portal/beheer',
      { ...CARLA, b_voornaam: 'Fien', b_email: 'fien@delinde.example' },
      csrfOf(own.text),
    );
    expect(appointed.status).toBe(200);
    expect(appointed.text).toContain('Fien Beheer is toegevoegd als Portaal beheerder.');
  });

  it('lost phone: blocking stops its logins, unblocking (phone found) allows them again', async () => {
    const b = admin.browser;
    const page = await b.get('/portal/beheer');
    const csrf = csrfOf(page.text);
    const registered = (
      await registerWorker(
        b,
        csrf,
        {
          m_voornaam: 'Gijs',
          m_achternaam: 'Gevonden',
          m_email: 'gijs@delinde.example',
          m_geboortedatum: '1990-01-02',
        },
        '246812',
      )
    ).done;
    const first = await enrolAndLogIn(registered.text, '1990-01-02', '246813');
    expect(first.status).toBe('ingelogd');
    const listed = await b.get('/portal/beheer');
    const userId = /<span>Gijs Gevonden<\/span>[\s\S]*?name="gebruiker" value="(\d+)"/.exec(listed.text)?.[1];
    expect(userId).toBeDefined();
    expect(listed.text).toMatch(/Gijs Gevonden<\/span>[\s\S]*?Toegang blokkeren/);

    const blocked = await b.post('/portal/beheer', { actie: 'blokkeren', gebruiker: userId! }, csrf);
    expect(blocked.text).toContain('De toegang van Gijs Gevonden is geblokkeerd.');
    expect(blocked.text).toMatch(
      /Gijs Gevonden<\/span>[\s\S]*?Mobile App ID geblokkeerd[\s\S]*?Toegang deblokkeren/,
    );
    const attempt = new Browser(portal.url);
    const login = await attempt.get('/portal/inloggen?methode=mobiel');
    expect((await scan(first.phone, qrContentOf(login.text))).status).toBe(403);
    expect(parseJson((await attempt.get(pollUrlOf(login.text))).text).status).not.toBe('ingelogd');
    const twice = await b.post('/portal/beheer', { actie: 'blokkeren', gebruiker: userId! }, csrf);
    expect(twice.status).toBe(400);

    const unblocked = await b.post('/portal/beheer', { actie: 'deblokkeren', gebruiker: userId! }, csrf);
    expect(unblocked.text).toContain('De toegang van Gijs Gevonden is gedeblokkeerd.');
    const again = new Browser(portal.url);
    const login2 = await again.get('/portal/inloggen?methode=mobiel');
    expect((await scan(first.phone, qrContentOf(login2.text))).text).toContain('U bent ingelogd');
    expect(parseJson((await again.get(pollUrlOf(login2.text))).text).status).toBe('ingelogd');
    // Revoking still works on a blocked Mobile App ID.
    await b.post('/portal/beheer', { actie: 'blokkeren', gebruiker: userId! }, csrf);
    const revoked = await b.post('/portal/beheer', { actie: 'intrekken', gebruiker: userId! }, csrf);
    expect(revoked.text).toMatch(/Gijs Gevonden<\/span>[\s\S]*?geen Mobile App ID/);
  });

  it('beheer refuses a browser logged in only with the UZI-pas', async () => {
    const b = new Browser(portal.url);
    await loginWithCard(b, cards.admin);
    expect((await b.get('/portal/beheer')).status).toBe(403);
  });
});

describe('EU-005: self-registration with the UZI-pas', () => {
  async function startSelfRegistration(b: Browser, card: TestCard) {
    const page = await b.get('/uzi-portaal');
    expect(page.text).toContain('<h1>Registreren met UZI-pas</h1>');
    const csrf = csrfOf(page.text);
    const { challenge } = parseJson((await b.postJson('/api/challenge', {}, csrf)).text) as {
      challenge: string;
    };
    const result = await b.postJson(
      '/api/uzi-portaal/start',
      { token: makeAuthToken(card, portal.url, challenge) },
      csrf,
    );
    return { result, json: parseJson(result.text) as { ok: boolean; code?: string; message?: string }, csrf };
  }

  it('refuses an unknown URA and an M card', async () => {
    const unknown = await startSelfRegistration(new Browser(portal.url), cards.otherOrg);
    expect(unknown.json.code).toBe('URA_UNKNOWN');
    expect(unknown.json.message).toContain('URA onbekend');
    const unnamed = await startSelfRegistration(new Browser(portal.url), cards.unnamed);
    expect(unnamed.json.code).toBe('CARD_TYPE_NOT_ALLOWED');
  });

  it('registers with date of birth and a signature by the same card, then personalises the app', async () => {
    const b = new Browser(portal.url);
    const { json, csrf } = await startSelfRegistration(b, cards.worker);
    expect(json.ok).toBe(true);
    const dobPage = await b.get('/uzi-portaal');
    expect(dobPage.text).toContain('Bram');
    const statementPage = await b.post(
      '/uzi-portaal',
      { actie: 'geboortedatum', geboortedatum: '1990-09-30' },
      csrf,
    );
    const hash = /data-hash="([^"]+)"/.exec(statementPage.text)?.[1];
    expect(hash).toBeDefined();
    const hashBytes = Buffer.from(hash!.replace(/&#39;/g, "'"), 'base64');
    // Signed by someone else's card: refused.
    const wrongCard = await pki.issueCard({ uziNumber: '900000077', usage: 'signature' });
    const mismatch = await b.postJson(
      '/api/uzi-portaal/ondertekenen',
      {
        certificate: wrongCard.der.toString('base64'),
        signature: signHash(wrongCard, hashBytes).toString('base64'),
      },
      csrf,
    );
    expect(parseJson(mismatch.text).code).toBe('IDENTITY_MISMATCH');
    const signed = await b.postJson(
      '/api/uzi-portaal/ondertekenen',
      {
        certificate: cards.workerSign.der.toString('base64'),
        signature: signHash(cards.workerSign, hashBytes).toString('base64'),
      },
      csrf,
    );
    expect(parseJson(signed.text)).toMatchObject({ ok: true });
    const qrPage = await b.get('/uzi-portaal');
    expect(qrPage.text).toContain('alt="QR-code voor de ZORG-ID app"');
    const phone = await newPhone(portal.url);
    // EU-005: the date of birth was asked in the portal; scanning the QR code personalises the app.
    expect((await scan(phone, qrContentOf(qrPage.text))).text).toContain(
      'identiteit is geactiveerd voor Bram Jansen',
    );
  });
});

describe('persistence and separation', () => {
  it('keeps applications, mails, organisations and phones after a restart', async () => {
    await portal.close();
    portal = await start();
    const b = new Browser(portal.url);
    const mailbox = await b.get('/mailbox');
    expect(mailbox.text).toContain('Kopie van uw aanvraag');
    expect(mailbox.text).toContain('Bevestiging van uw aanvraag');
    // The enrolled phone (device cookie) still logs in after the restart.
    const login = await b.get('/portal/inloggen?methode=mobiel');
    // Same phone (same device cookie), talking to the restarted server.
    const phone = new Browser(portal.url);
    for (const [name, value] of admin.phone.cookies) phone.cookies.set(name, value);
    expect((await phone.get('/telefoon')).text).toContain('Anna de Vries');
    const scanned = await scan(phone, qrContentOf(login.text));
    expect(scanned.text).toContain('U bent ingelogd op het ZORG-ID Portaal');
    expect(parseJson((await b.get(pollUrlOf(login.text))).text).status).toBe('ingelogd');
    expect((await b.get('/portal/beheer')).text).toContain('Carla Beheer');
  });

  it('the productie instance has its own database', async () => {
    const productie = await startPortal({
      environment: 'productie',
      port: 0,
      dataDir,
      trustedCaPems: pki.caPems,
    });
    try {
      const b = new Browser(productie.url);
      const mailbox = await b.get('/mailbox');
      expect(mailbox.text).toContain('<meta name="zorgid-sandbox" content="productie" />');
      expect(mailbox.text).not.toContain('Kopie van uw aanvraag');
      // A QR from acceptatie means nothing to the productie phone.
      const phone = await newPhone(productie.url);
      const foreign = await scan(phone, `${portal.url}/app/inloggen?code=abc`);
      expect(foreign.text).toContain('andere ZORG-ID omgeving');
    } finally {
      await productie.close();
    }
  });

  it('approves automatically after approveDelayMs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zorgid-portal-auto-'));
    const auto = await startPortal({
      environment: 'acceptatie',
      port: 0,
      dataDir: dir,
      trustedCaPems: pki.caPems,
      approveDelayMs: 50,
    });
    try {
      const b = new Browser(auto.url);
      const form = await b.get('/aanvraag');
      await b.post('/aanvraag', APPLICATION, csrfOf(form.text));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(((await b.get('/mailbox')).text.match(/Bevestiging van uw aanvraag/g) ?? []).length).toBe(2);
    } finally {
      await auto.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
