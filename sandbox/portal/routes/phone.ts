import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Ctx } from '../context.js';
import { csrfField, html, layout, notice, type Raw } from '../html.js';
import { cookie, parseCookies, redirect, sendHtml } from '../http.js';
import { getUser, type UserRow } from '../identity-store.js';
import { audit } from '../mail.js';
import { decodeQrImage, parseQrContent } from '../qr.js';
import { isValidDate } from './application.js';
import {
  CHIP_VARIANTS,
  CHIP_VARIANT_LABEL,
  WID_DOCUMENTS,
  WID_DOCUMENT_LABEL,
  WID_TEXT,
  claimWidCheck,
  getWidCheck,
  isExpired,
  judgeScan,
  pendingWidCheck,
  recordScan,
  sandboxChip,
  stopWidCheck,
  type ChipVariant,
  type WidCheckRow,
  type WidDocument,
} from '../wid-check.js';

// The ZORG-ID app stand-in. One browser profile = one phone: the device id lives in its own cookie on /telefoon.

const DEVICE_COOKIE = 'zorgid_telefoon';
const PIN_PATTERN = /^\d{6}$/;
const UNLOCK_MS = 15 * 60 * 1000;
const MAX_BIRTH_DATE_ATTEMPTS = 3;
// Enrolments whose date of birth the person confirmed in the portal already (step 7 of the step plan; EU-005
// step 6): scanning the QR code activates the identity. A beheerder or zorgmedewerker that someone else
// registered still proves the date of birth on the phone.
const PORTAL_CONFIRMED: ReadonlySet<string> = new Set(['administrator', 'zelfregistratie']);

interface DeviceRow {
  id: string;
  pin_salt: string;
  pin_hash: string;
  unlocked_until: string | null;
  pending_enrolment: string | null;
}

interface EnrolmentRow {
  code: string;
  user_id: number;
  purpose: string;
  status: string;
  device_id: string | null;
  failed_attempts: number;
  expires_at: string;
}

const TEXT = {
  used: 'Deze QR-code is al gebruikt. Vraag in het portaal een nieuwe QR-code.',
  expired: 'Deze QR-code is verlopen. Vraag in het portaal een nieuwe QR-code.',
  unknown: 'Deze QR-code is onbekend. Vraag in het portaal een nieuwe QR-code.',
  noIdentity:
    'Deze app heeft nog geen ZORG-ID Mobiel identiteit. Maak eerst een Mobile App ID aan in het portaal.',
  wrongBirthDate: 'De geboortedatum klopt niet. Controleer de datum en probeer het opnieuw.',
  tooManyAttempts: 'De geboortedatum klopte te vaak niet. Vraag in het portaal een nieuwe QR-code.',
  birthDateUnknown: 'Uw geboortedatum is niet bekend bij ZORG-ID. Neem contact op met uw beheerder.',
  pinFormat: 'Kies een pincode van precies 6 cijfers.',
  pinMismatch: 'De twee pincodes zijn niet gelijk. Probeer het opnieuw.',
  pinWrong: 'De pincode is onjuist. Probeer het opnieuw.',
  empty: 'Plak de inhoud van de QR-code of kies een afbeelding van de QR-code.',
} as const;

function hashPin(pin: string, salt: string): string {
  return scryptSync(pin, salt, 32).toString('hex');
}

function device(ctx: Ctx): DeviceRow | undefined {
  const id = parseCookies(ctx.req)[DEVICE_COOKIE];
  return id
    ? (ctx.app.db.prepare('SELECT * FROM devices WHERE id = ?').get(id) as DeviceRow | undefined)
    : undefined;
}

function unlocked(ctx: Ctx, d: DeviceRow): boolean {
  return d.unlocked_until !== null && ctx.app.now() < new Date(d.unlocked_until);
}

function phoneUser(ctx: Ctx, d: DeviceRow): UserRow | null {
  const row = ctx.app.db
    .prepare(
      "SELECT user_id FROM mobile_ids WHERE device_id = ? AND status = 'actief' ORDER BY id DESC LIMIT 1",
    )
    .get(d.id) as { user_id: number } | undefined;
  const user = row ? getUser(ctx.app, row.user_id) : undefined;
  return user && user.status === 'actief' ? user : null;
}

function screen(ctx: Ctx, body: Raw, status = 200, headers: Record<string, string> = {}): void {
  sendHtml(
    ctx.res,
    status,
    layout({
      title: 'ZORG-ID app (sandbox)',
      environment: ctx.app.environment,
      csrf: ctx.session.csrf,
      body,
      phone: true,
    }),
    { ...ctx.sessionHeaders(), ...headers },
  );
}

const frame = (inner: Raw): Raw =>
  html`<h1>ZORG-ID app (sandbox)</h1>
    <p class="hint">Deze pagina speelt de ZORG-ID app op uw smartphone na.</p>
    ${inner}`;

function pendingEnrolment(ctx: Ctx, d: DeviceRow): EnrolmentRow | null {
  if (!d.pending_enrolment) return null;
  const row = ctx.app.db.prepare('SELECT * FROM enrolments WHERE code = ?').get(d.pending_enrolment) as
    EnrolmentRow | undefined;
  return row && row.status === 'gescand' && row.device_id === d.id ? row : null;
}

function birthDateForm(ctx: Ctx, enrolment: EnrolmentRow, error?: string): Raw {
  const user = getUser(ctx.app, enrolment.user_id);
  return html`<h2>Mobile App ID activeren</h2>
    ${notice('fout', error)}
    <dl>
      <dt>Voornaam</dt>
      <dd>${user?.given_name ?? ''}</dd>
      <dt>Achternaam</dt>
      <dd>${user?.surname ?? ''}</dd>
    </dl>
    <form method="post" action="/telefoon/geboortedatum">
      ${csrfField(ctx.session.csrf)}
      <div class="field">
        <label for="geboortedatum">Geboortedatum</label>
        <input id="geboortedatum" name="geboortedatum" type="date" autocomplete="bday" />
      </div>
      <button type="submit">Bevestigen</button>
    </form>`;
}

const isWidDocument = (value: string | undefined): value is WidDocument =>
  (WID_DOCUMENTS as readonly string[]).includes(value ?? '');

/**
 * "Scan identiteitsbewijs" (step 9's WID check): choose the document, then hold it against the phone. The
 * stand-in cannot read a chip: it lists the sandbox's documents with what their chip holds, and failures.
 */
function widScreen(ctx: Ctx, check: WidCheckRow, documentType: WidDocument | null, error?: string): Raw {
  const who = html`<p>WID-controle voor <strong>${check.given_name} ${check.surname}</strong></p>`;
  const stop = html`<form method="post" action="/telefoon/wid">
    ${csrfField(ctx.session.csrf)}<input type="hidden" name="actie" value="stoppen" />
    <button type="submit">WID-controle stoppen</button>
  </form>`;
  if (!documentType)
    return html`<h2>Scan identiteitsbewijs</h2>
      ${notice('fout', error)} ${who}
      <form method="get" action="/telefoon">
        <fieldset>
          <legend>Welk identiteitsbewijs scant u?</legend>
          ${WID_DOCUMENTS.map(
            (type, i) =>
              html`<div class="field checkbox">
                <input
                  id="document-${type}"
                  type="radio"
                  name="document"
                  value="${type}"
                  ${i === 0 ? 'checked' : ''}
                />
                <label for="document-${type}">${WID_DOCUMENT_LABEL[type]}</label>
              </div>`,
          )}
        </fieldset>
        <button type="submit">Verder</button>
      </form>
      ${stop}`;
  const label = WID_DOCUMENT_LABEL[documentType];
  return html`<h2>Houd uw ${label} tegen de telefoon</h2>
    ${notice('fout', error)} ${who}
    <p>Leg het document plat tegen de achterkant van de telefoon en houd het stil tot de app klaar is.</p>
    <form method="post" action="/telefoon/wid">
      ${csrfField(ctx.session.csrf)}<input type="hidden" name="document" value="${documentType}" />
      <fieldset>
        <legend>Sandbox: welk document houdt u tegen de telefoon? (met wat de chip bevat)</legend>
        ${CHIP_VARIANTS.map((variant, i) => {
          const chip = sandboxChip(ctx.app, check, documentType, variant);
          return html`<div class="field checkbox">
            <input
              id="chip-${variant}"
              type="radio"
              name="chip"
              value="${variant}"
              ${i === 0 ? 'checked' : ''}
            />
            <label for="chip-${variant}">${CHIP_VARIANT_LABEL[variant]}</label>
            ${
              chip
                ? html`<dl class="chip">
                    <dt>Naam</dt>
                    <dd>${chip.givenNames} ${chip.surname}</dd>
                    <dt>Geboortedatum</dt>
                    <dd>${chip.dateOfBirth}</dd>
                    <dt>Documentnummer</dt>
                    <dd>${chip.documentNumber}</dd>
                    <dt>Geldig tot</dt>
                    <dd>${chip.expiresOn}</dd>
                  </dl>`
                : ''
            }
          </div>`;
        })}
      </fieldset>
      <button type="submit">Document lezen</button>
    </form>
    <p><a href="/telefoon">Ander identiteitsbewijs kiezen</a></p>
    ${stop}`;
}

function home(ctx: Ctx, d: DeviceRow, message?: { kind: 'fout' | 'ok'; text: string }, status = 200): void {
  const wid = pendingWidCheck(ctx.app, d.id);
  if (wid) {
    const chosen = ctx.url.searchParams.get('document') ?? undefined;
    screen(
      ctx,
      frame(
        widScreen(
          ctx,
          wid,
          isWidDocument(chosen) ? chosen : null,
          message?.kind === 'fout' ? message.text : undefined,
        ),
      ),
      status,
    );
    return;
  }
  const pending = pendingEnrolment(ctx, d);
  if (pending) {
    screen(
      ctx,
      frame(birthDateForm(ctx, pending, message?.kind === 'fout' ? message.text : undefined)),
      status,
    );
    return;
  }
  const user = phoneUser(ctx, d);
  const scanning = ctx.url.searchParams.get('scherm') === 'scan';
  const scanForm = html`<form method="post" action="/telefoon/scan" enctype="multipart/form-data">
    ${csrfField(ctx.session.csrf)}
    <div class="field">
      <label for="qr-inhoud">QR-inhoud</label>
      <span class="hint" id="qr-inhoud-hint"
        >Plak de tekst onder "QR-inhoud" in het portaal, of kies een afbeelding.</span
      >
      <textarea id="qr-inhoud" name="qr" rows="3" aria-describedby="qr-inhoud-hint"></textarea>
    </div>
    <div class="field">
      <label for="qr-afbeelding">QR-afbeelding (PNG)</label>
      <input id="qr-afbeelding" name="afbeelding" type="file" accept="image/png" />
    </div>
    <button type="submit">Scan QR</button>
  </form>`;
  screen(
    ctx,
    frame(
      html`${message ? notice(message.kind, message.text) : ''}
      ${
        user
          ? html`<p>ZORG-ID Mobiel identiteit: <strong>${user.given_name} ${user.surname}</strong></p>`
          : html`<p>${TEXT.noIdentity}</p>`
      }
      ${
        scanning
          ? scanForm
          : html`<form method="get" action="/telefoon">
              <input type="hidden" name="scherm" value="scan" />
              <button type="submit">Scan</button>
            </form>`
      }`,
    ),
    status,
  );
}

export function getPhone(ctx: Ctx): void {
  const d = device(ctx);
  if (!d) {
    screen(
      ctx,
      frame(
        html`<h2>Kies een nieuwe pincode</h2>
          <p>Kies een pincode van 6 cijfers. Onthoud deze voor toekomstige sessies.</p>
          ${pinForm(ctx, '/telefoon/pincode', true)}`,
      ),
    );
    return;
  }
  if (!unlocked(ctx, d)) {
    screen(
      ctx,
      frame(
        html`<h2>Voer uw pincode in</h2>
          ${pinForm(ctx, '/telefoon/ontgrendelen', false)}`,
      ),
    );
    return;
  }
  home(ctx, d);
}

function pinForm(ctx: Ctx, action: string, repeat: boolean, error?: string): Raw {
  return html`${notice('fout', error)}
    <form method="post" action="${action}">
      ${csrfField(ctx.session.csrf)}
      <div class="field">
        <label for="pincode">Pincode</label>
        <input
          id="pincode"
          name="pincode"
          type="password"
          inputmode="numeric"
          autocomplete="off"
          maxlength="6"
        />
      </div>
      ${
        repeat
          ? html`<div class="field">
              <label for="pincode2">Herhaal pincode</label>
              <input
                id="pincode2"
                name="pincode2"
                type="password"
                inputmode="numeric"
                autocomplete="off"
                maxlength="6"
              />
            </div>`
          : ''
      }
      <button type="submit">${repeat ? 'Pincode instellen' : 'Ontgrendelen'}</button>
    </form>`;
}

export async function postChoosePin(ctx: Ctx): Promise<void> {
  await ctx.checkCsrf();
  const { pincode = '', pincode2 = '' } = (await ctx.form()).fields;
  const error = !PIN_PATTERN.test(pincode) ? TEXT.pinFormat : pincode !== pincode2 ? TEXT.pinMismatch : null;
  if (error) {
    screen(
      ctx,
      frame(
        html`<h2>Kies een nieuwe pincode</h2>
          ${pinForm(ctx, '/telefoon/pincode', true, error)}`,
      ),
      400,
    );
    return;
  }
  const id = randomBytes(24).toString('base64url');
  const salt = randomBytes(16).toString('hex');
  const now = ctx.app.now();
  ctx.app.db
    .prepare(
      'INSERT INTO devices (id, pin_salt, pin_hash, unlocked_until, created_at) VALUES (?, ?, ?, ?, ?)',
    )
    .run(
      id,
      salt,
      hashPin(pincode, salt),
      new Date(now.getTime() + UNLOCK_MS).toISOString(),
      now.toISOString(),
    );
  redirect(ctx.res, '/telefoon', { 'Set-Cookie': cookie(DEVICE_COOKIE, id, { path: '/telefoon' }) });
}

export async function postUnlock(ctx: Ctx): Promise<void> {
  await ctx.checkCsrf();
  const d = device(ctx);
  if (!d) return redirect(ctx.res, '/telefoon');
  const pin = (await ctx.form()).fields.pincode ?? '';
  const ok =
    PIN_PATTERN.test(pin) &&
    timingSafeEqual(Buffer.from(hashPin(pin, d.pin_salt), 'hex'), Buffer.from(d.pin_hash, 'hex'));
  if (!ok) {
    screen(
      ctx,
      frame(
        html`<h2>Voer uw pincode in</h2>
          ${pinForm(ctx, '/telefoon/ontgrendelen', false, TEXT.pinWrong)}`,
      ),
      400,
    );
    return;
  }
  ctx.app.db
    .prepare('UPDATE devices SET unlocked_until = ? WHERE id = ?')
    .run(new Date(ctx.app.now().getTime() + UNLOCK_MS).toISOString(), d.id);
  redirect(ctx.res, '/telefoon');
}

function unlockedDevice(ctx: Ctx): DeviceRow | null {
  const d = device(ctx);
  if (!d || !unlocked(ctx, d)) {
    redirect(ctx.res, '/telefoon');
    return null;
  }
  return d;
}

export async function postScan(ctx: Ctx): Promise<void> {
  await ctx.checkCsrf();
  const d = unlockedDevice(ctx);
  if (!d) return;
  const { fields, files } = await ctx.form();
  let content = (fields.qr ?? '').trim();
  const image = files.afbeelding;
  if (!content && image) {
    const decoded = decodeQrImage(image.data);
    if (!decoded.ok) return home(ctx, d, { kind: 'fout', text: decoded.message }, 400);
    content = decoded.content;
  }
  if (!content) return home(ctx, d, { kind: 'fout', text: TEXT.empty }, 400);
  const parsed = parseQrContent(content, ctx.app.origin);
  if (!parsed.ok) return home(ctx, d, { kind: 'fout', text: parsed.message }, 400);
  if (parsed.kind === 'enrolment') return scanEnrolment(ctx, d, parsed.code);
  if (parsed.kind === 'wid') return scanWid(ctx, d, parsed.code);
  return scanLogin(ctx, d, parsed.code);
}

function scanEnrolment(ctx: Ctx, d: DeviceRow, code: string): void {
  const db = ctx.app.db;
  const row = db.prepare('SELECT * FROM enrolments WHERE code = ?').get(code) as EnrolmentRow | undefined;
  if (!row || row.status === 'geannuleerd') return home(ctx, d, { kind: 'fout', text: TEXT.unknown }, 400);
  if (row.status !== 'open') return home(ctx, d, { kind: 'fout', text: TEXT.used }, 409);
  if (ctx.app.now() > new Date(row.expires_at))
    return home(ctx, d, { kind: 'fout', text: TEXT.expired }, 410);
  // Claimed in one UPDATE: a second scan, from this phone or another, finds it no longer open.
  const claimed = db
    .prepare("UPDATE enrolments SET status = 'gescand', device_id = ? WHERE code = ? AND status = 'open'")
    .run(d.id, code);
  if (claimed.changes === 0) return home(ctx, d, { kind: 'fout', text: TEXT.used }, 409);
  if (PORTAL_CONFIRMED.has(row.purpose)) {
    const user = getUser(ctx.app, row.user_id);
    if (!user) return home(ctx, d, { kind: 'fout', text: TEXT.unknown }, 400);
    return activate(ctx, d, { ...row, status: 'gescand', device_id: d.id }, user, 'geactiveerd');
  }
  db.prepare('UPDATE devices SET pending_enrolment = ? WHERE id = ?').run(code, d.id);
  home(ctx, { ...d, pending_enrolment: code });
}

/** The WID check's QR code: the app takes the check on and asks for the identity document. No identity needed yet. */
function scanWid(ctx: Ctx, d: DeviceRow, code: string): void {
  const check = getWidCheck(ctx.app, code);
  if (!check || check.status === 'geannuleerd')
    return home(ctx, d, { kind: 'fout', text: TEXT.unknown }, 400);
  if (check.status !== 'open') return home(ctx, d, { kind: 'fout', text: TEXT.used }, 409);
  if (isExpired(ctx.app, check)) return home(ctx, d, { kind: 'fout', text: TEXT.expired }, 410);
  if (!claimWidCheck(ctx.app, code, d.id)) return home(ctx, d, { kind: 'fout', text: WID_TEXT.used }, 409);
  home(ctx, d);
}

/** POST /telefoon/wid {document, chip}: what the chip gave, judged by the portal's rules. */
export async function postWidScan(ctx: Ctx): Promise<void> {
  await ctx.checkCsrf();
  const d = unlockedDevice(ctx);
  if (!d) return;
  const check = pendingWidCheck(ctx.app, d.id);
  if (!check) return home(ctx, d, { kind: 'fout', text: WID_TEXT.expiredCheck }, 410);
  const { document, chip, actie } = (await ctx.form()).fields;
  if (actie === 'stoppen') {
    stopWidCheck(ctx.app, check, d.id);
    audit(
      ctx.app.db,
      ctx.app.now(),
      check.ura,
      `${check.given_name} ${check.surname}`,
      'WID-controle gestopt',
    );
    return home(ctx, d, { kind: 'ok', text: WID_TEXT.stoppedPhone });
  }
  if (!isWidDocument(document) || !(CHIP_VARIANTS as readonly string[]).includes(chip ?? '')) {
    return screen(ctx, frame(widScreen(ctx, check, null, 'Kies een identiteitsbewijs.')), 400);
  }
  const outcome = judgeScan(ctx.app, check, sandboxChip(ctx.app, check, document, chip as ChipVariant));
  recordScan(ctx.app, check, outcome);
  const name = `${check.given_name} ${check.surname}`;
  if (outcome.ok) {
    audit(ctx.app.db, ctx.app.now(), check.ura, name, 'WID-controle geslaagd', WID_DOCUMENT_LABEL[document]);
    return home(ctx, d, { kind: 'ok', text: WID_TEXT.passed(WID_DOCUMENT_LABEL[document]) });
  }
  audit(ctx.app.db, ctx.app.now(), check.ura, name, 'WID-controle mislukt', outcome.failure);
  if (outcome.final) return home(ctx, d, { kind: 'fout', text: outcome.message }, 403);
  // Unreadable: the same document again; expired: another document.
  const again = outcome.failure === 'onleesbaar' ? document : null;
  screen(ctx, frame(widScreen(ctx, check, again, outcome.message)), 400);
}

function scanLogin(ctx: Ctx, d: DeviceRow, code: string): void {
  const db = ctx.app.db;
  const user = phoneUser(ctx, d);
  if (!user) return home(ctx, d, { kind: 'fout', text: TEXT.noIdentity }, 403);
  const row = db.prepare('SELECT status, expires_at FROM qr_logins WHERE code = ?').get(code) as
    { status: string; expires_at: string } | undefined;
  if (!row) return home(ctx, d, { kind: 'fout', text: TEXT.unknown }, 400);
  if (row.status !== 'open') return home(ctx, d, { kind: 'fout', text: TEXT.used }, 409);
  if (ctx.app.now() > new Date(row.expires_at))
    return home(ctx, d, { kind: 'fout', text: TEXT.expired }, 410);
  const claimed = db
    .prepare("UPDATE qr_logins SET status = 'gebruikt', user_id = ? WHERE code = ? AND status = 'open'")
    .run(user.id, code);
  if (claimed.changes === 0) return home(ctx, d, { kind: 'fout', text: TEXT.used }, 409);
  audit(db, ctx.app.now(), user.ura, `${user.given_name} ${user.surname}`, 'ingelogd met ZORG-ID Mobiel');
  home(ctx, d, { kind: 'ok', text: 'U bent ingelogd op het ZORG-ID Portaal. Ga verder in de browser.' });
}

export async function postBirthDate(ctx: Ctx): Promise<void> {
  await ctx.checkCsrf();
  const d = unlockedDevice(ctx);
  if (!d) return;
  const enrolment = pendingEnrolment(ctx, d);
  if (!enrolment) return home(ctx, d, { kind: 'fout', text: TEXT.unknown }, 400);
  const db = ctx.app.db;
  const entered = ((await ctx.form()).fields.geboortedatum ?? '').trim();
  const user = getUser(ctx.app, enrolment.user_id);
  if (!user?.date_of_birth) return home(ctx, d, { kind: 'fout', text: TEXT.birthDateUnknown }, 409);
  if (ctx.app.now() > new Date(enrolment.expires_at)) {
    db.prepare("UPDATE enrolments SET status = 'geannuleerd' WHERE code = ?").run(enrolment.code);
    db.prepare('UPDATE devices SET pending_enrolment = NULL WHERE id = ?').run(d.id);
    return home(ctx, { ...d, pending_enrolment: null }, { kind: 'fout', text: TEXT.expired }, 410);
  }
  if (!isValidDate(entered) || entered !== user.date_of_birth) {
    const attempts = enrolment.failed_attempts + 1;
    if (attempts >= MAX_BIRTH_DATE_ATTEMPTS) {
      db.prepare("UPDATE enrolments SET status = 'geannuleerd', failed_attempts = ? WHERE code = ?").run(
        attempts,
        enrolment.code,
      );
      db.prepare('UPDATE devices SET pending_enrolment = NULL WHERE id = ?').run(d.id);
      return home(ctx, { ...d, pending_enrolment: null }, { kind: 'fout', text: TEXT.tooManyAttempts }, 403);
    }
    db.prepare('UPDATE enrolments SET failed_attempts = ? WHERE code = ?').run(attempts, enrolment.code);
    return home(ctx, d, { kind: 'fout', text: TEXT.wrongBirthDate }, 400);
  }
  activate(ctx, d, enrolment, user, 'aangemaakt');
}

/** Links the phone to the identity: the phone's earlier identity lapses, the enrolment is used up. */
function activate(
  ctx: Ctx,
  d: DeviceRow,
  enrolment: EnrolmentRow,
  user: UserRow,
  done: 'aangemaakt' | 'geactiveerd',
): void {
  const db = ctx.app.db;
  const now = ctx.app.now().toISOString();
  db.transaction(() => {
    db.prepare(
      "UPDATE mobile_ids SET status = 'ingetrokken', revoked_at = ? WHERE device_id = ? AND status = 'actief'",
    ).run(now, d.id);
    db.prepare(
      "INSERT INTO mobile_ids (user_id, device_id, status, created_at) VALUES (?, ?, 'actief', ?)",
    ).run(user.id, d.id, now);
    db.prepare("UPDATE enrolments SET status = 'bevestigd' WHERE code = ?").run(enrolment.code);
    db.prepare('UPDATE devices SET pending_enrolment = NULL WHERE id = ?').run(d.id);
  })();
  audit(
    db,
    ctx.app.now(),
    user.ura,
    `${user.given_name} ${user.surname}`,
    'Mobile App ID aangemaakt',
    enrolment.purpose,
  );
  home(
    ctx,
    { ...d, pending_enrolment: null },
    {
      kind: 'ok',
      text: `Uw ZORG-ID Mobiel identiteit is ${done} voor ${user.given_name} ${user.surname}. Ga verder in het portaal.`,
    },
  );
}
