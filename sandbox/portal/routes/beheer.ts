import type { Ctx } from '../context.js';
import { csrfField, field, html, notice, type Raw } from '../html.js';
import { redirect, sendJson } from '../http.js';
import {
  ROLE_LABEL,
  createEnrolment,
  currentUser,
  getUser,
  revokeMobileIds,
  setMobileIdBlocked,
  type Enrolment,
  type EnrolmentPurpose,
  type UserRow,
} from '../identity-store.js';
import { audit } from '../mail.js';
import { isValidDate } from './application.js';
import { page, qrDetails } from './portal.js';
import {
  WID_DOCUMENT_LABEL,
  WID_TEXT,
  createWidCheck,
  getWidCheck,
  isExpired,
  widPortalStatus,
  widQr,
  type WidCheckRow,
} from '../wid-check.js';

// Step 9: beheerders, zorgmedewerkers (with WID check), leavers and lost phones.

/**
 * Whom the administrator appoints: a beheerder, or another administrator (VZVZ: whoever registers the
 * organisation becomes its administrator "and can appoint beheerders and further administrators").
 */
const APPOINTABLE = ['beheerder', 'administrator'] as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Someone registered by another person proves the date of birth on the phone (routes/phone.ts). */
function enrolmentPurpose(role: UserRow['role']): EnrolmentPurpose {
  return role === 'administrator' ? 'aangewezen-administrator' : role;
}

interface Result {
  error?: string;
  ok?: string;
  values?: Record<string, string>;
  errors?: Record<string, string>;
  enrolment?: { user: UserRow; enrolment: Enrolment };
  wid?: { check: WidCheckRow; content: string; dataUrl: string };
}

function manager(ctx: Ctx): UserRow | null {
  const user = currentUser(ctx);
  const login = ctx.session.data.login;
  if (!user?.user || login?.kind !== 'mobiel') return null;
  return user.user.role === 'zorgmedewerker' ? null : user.user;
}

export async function getBeheer(ctx: Ctx): Promise<void> {
  const me = manager(ctx);
  if (!me) return refuse(ctx);
  // A reload keeps the WID check this manager started last, while it still runs.
  const open = ctx.app.db
    .prepare(
      "SELECT * FROM wid_checks WHERE requested_by = ? AND status IN ('open', 'geslaagd') ORDER BY created_at DESC LIMIT 1",
    )
    .get(me.id) as WidCheckRow | undefined;
  const wid =
    open && !isExpired(ctx.app, open) ? { check: open, ...(await widQr(ctx.app, open.code)) } : undefined;
  render(ctx, me, wid ? { wid } : {});
}

/** The WID check the manager started: the QR code for the care worker's app, its state, and "Registratie afronden". */
function widSection(ctx: Ctx, wid: NonNullable<Result['wid']>): Raw {
  const { check } = wid;
  const state = widPortalStatus(ctx.app, check);
  return html`<section aria-labelledby="wid-kop">
    <h2 id="wid-kop">WID-controle voor ${check.given_name} ${check.surname}</h2>
    <ol>
      <li>
        ${check.given_name} opent de ZORG-ID app op de eigen smartphone (met NFC), kiest een pincode, tikt op
        Scan en daarna op Scan QR, en scant deze QR-code.
      </li>
      <li>De app vraagt welk identiteitsbewijs: houd dat tegen de achterkant van de telefoon.</li>
      <li>Klik daarna op Registratie afronden. De QR-code is 15 minuten geldig.</li>
    </ol>
    <img src="${wid.dataUrl}" alt="QR-code voor de WID-controle" width="246" height="246" />
    ${qrDetails(wid.content)}
    <p role="status" data-poll-url="/api/wid/status?code=${check.code}">${state.message}</p>
    <form method="post" action="/portal/beheer">
      ${csrfField(ctx.session.csrf)}<input type="hidden" name="actie" value="wid-afronden" />
      <input type="hidden" name="wid" value="${check.code}" />
      <button type="submit">Registratie afronden</button>
    </form>
  </section>`;
}

/** GET /api/wid/status?code=…: only the manager who started the check sees it. */
export function getWidStatus(ctx: Ctx): void {
  const me = manager(ctx);
  const check = getWidCheck(ctx.app, ctx.url.searchParams.get('code') ?? '');
  if (!me || !check || check.requested_by !== me.id) {
    sendJson(ctx.res, 404, { status: 'onbekend', message: WID_TEXT.unknown });
    return;
  }
  sendJson(ctx.res, 200, widPortalStatus(ctx.app, check));
}

function refuse(ctx: Ctx): void {
  page(
    ctx,
    'Beheer',
    html`<h1>Beheer</h1>
      ${notice('fout', 'Beheer is alleen voor Portaal administrators en beheerders die met ZORG-ID Mobiel zijn ingelogd.')}
      <p><a href="/portal/inloggen?methode=mobiel">Inloggen met ZORG-ID Mobiel</a></p>`,
    403,
  );
}

function render(ctx: Ctx, me: UserRow, result: Result, status = 200): void {
  const users = ctx.app.db
    .prepare("SELECT * FROM users WHERE ura = ? AND status = 'actief' ORDER BY id")
    .all(me.ura) as UserRow[];
  const mobileIdStatus = (id: number) =>
    (
      ctx.app.db
        .prepare(
          "SELECT status FROM mobile_ids WHERE user_id = ? AND status IN ('actief', 'geblokkeerd') ORDER BY id DESC",
        )
        .get(id) as { status: 'actief' | 'geblokkeerd' } | undefined
    )?.status;
  const MOBILE_ID_LABEL = {
    actief: 'Mobile App ID actief',
    geblokkeerd: 'Mobile App ID geblokkeerd',
  } as const;
  const mobileIdLabel = (id: number): string => {
    const status = mobileIdStatus(id);
    return status ? MOBILE_ID_LABEL[status] : 'geen Mobile App ID';
  };
  const log = ctx.app.db
    .prepare('SELECT * FROM audit_log WHERE ura = ? ORDER BY id DESC LIMIT 20')
    .all(me.ura) as {
    at: string;
    actor: string;
    action: string;
    detail: string;
  }[];
  const v = result.values ?? {};
  const e = result.errors ?? {};
  const userRow = (u: UserRow): Raw =>
    html`<li>
      <span>${u.given_name} ${u.surname}</span> ·
      <span>${ROLE_LABEL[u.role]}</span> ${u.email ? html` · <span>${u.email}</span>` : ''} ·
      <span>${mobileIdLabel(u.id)}</span>
      ${
        u.wid_document_type
          ? html` · <span>WID: ${u.wid_document_type} (…${u.wid_document_last4 ?? ''})</span>`
          : ''
      }
      ${
        u.id !== me.id
          ? html`<form method="post" action="/portal/beheer" class="inline">
              ${csrfField(ctx.session.csrf)}<input type="hidden" name="gebruiker" value="${u.id}" />
              <button type="submit" name="actie" value="verwijderen">Verwijderen</button>
              <button type="submit" name="actie" value="intrekken">Mobile App ID intrekken</button>
              ${
                mobileIdStatus(u.id) === 'geblokkeerd'
                  ? html`<button type="submit" name="actie" value="deblokkeren">Toegang deblokkeren</button>`
                  : mobileIdStatus(u.id) === 'actief'
                    ? html`<button type="submit" name="actie" value="blokkeren">Toegang blokkeren</button>`
                    : ''
              }
              <button type="submit" name="actie" value="nieuwe-id">Nieuwe Mobile App ID</button>
            </form>`
          : ''
      }
    </li>`;
  const body = html`<h1>Beheer</h1>
    ${notice('fout', result.error)} ${notice('ok', result.ok)}
    ${
      result.enrolment
        ? html`<section aria-labelledby="qr-kop">
            <h2 id="qr-kop">
              Mobile App ID voor ${result.enrolment.user.given_name} ${result.enrolment.user.surname}
            </h2>
            <p>
              Laat ${result.enrolment.user.given_name} deze QR-code scannen met de ZORG-ID app op de eigen
              smartphone (eenmalig, 5 minuten geldig). De app vraagt daarna de geboortedatum.
            </p>
            <img
              src="${result.enrolment.enrolment.dataUrl}"
              alt="QR-code voor de ZORG-ID app"
              width="246"
              height="246"
            />
            ${qrDetails(result.enrolment.enrolment.content)}
          </section>`
        : ''
    }
    ${result.wid ? widSection(ctx, result.wid) : ''}
    <section aria-labelledby="beheerders-kop">
      <h2 id="beheerders-kop">Beheerders</h2>
      <ul>
        ${users.filter((u) => u.role !== 'zorgmedewerker').map(userRow)}
      </ul>
      ${
        me.role === 'administrator'
          ? html`<form method="post" action="/portal/beheer">
              ${csrfField(ctx.session.csrf)}<input type="hidden" name="actie" value="beheerder" />
              ${field({ name: 'b_voornaam', label: 'Voornaam', value: v.b_voornaam, error: e.b_voornaam })}
              ${field({ name: 'b_achternaam', label: 'Achternaam', value: v.b_achternaam, error: e.b_achternaam })}
              ${field({ name: 'b_email', label: 'E-mailadres', type: 'email', value: v.b_email, error: e.b_email })}
              ${field({ name: 'b_geboortedatum', label: 'Geboortedatum', type: 'date', value: v.b_geboortedatum, error: e.b_geboortedatum })}
              <div class="field${e.b_rol ? ' invalid' : ''}">
                <label for="veld-b_rol">Rol</label>
                <select id="veld-b_rol" name="b_rol">
                  ${APPOINTABLE.map((r) => html`<option value="${r}" ${v.b_rol === r ? 'selected' : ''}>${ROLE_LABEL[r]}</option>`)}
                </select>
                ${e.b_rol ? html`<span class="error">${e.b_rol}</span>` : ''}
              </div>
              <button type="submit">Beheerder toevoegen</button>
            </form>`
          : html`<p>Alleen een Portaal administrator kan beheerders toevoegen.</p>`
      }
    </section>
    <section aria-labelledby="medewerkers-kop">
      <h2 id="medewerkers-kop">Zorgmedewerkers</h2>
      <ul>
        ${users.filter((u) => u.role === 'zorgmedewerker').map(userRow)}
      </ul>
      <form method="post" action="/portal/beheer">
        ${csrfField(ctx.session.csrf)}<input type="hidden" name="actie" value="zorgmedewerker" />
        ${field({ name: 'm_voornaam', label: 'Voornaam', value: v.m_voornaam, error: e.m_voornaam })}
        ${field({ name: 'm_achternaam', label: 'Achternaam', value: v.m_achternaam, error: e.m_achternaam })}
        ${field({ name: 'm_email', label: 'E-mailadres', type: 'email', value: v.m_email, error: e.m_email })}
        ${field({ name: 'm_geboortedatum', label: 'Geboortedatum', type: 'date', value: v.m_geboortedatum, error: e.m_geboortedatum })}
        <p class="hint">
          Daarna doet u de WID-controle: de medewerker scant met de ZORG-ID app op de eigen smartphone (met
          NFC) een QR-code en houdt het identiteitsbewijs tegen de telefoon.
        </p>
        <button type="submit">Zorgmedewerker registreren</button>
      </form>
    </section>
    <section aria-labelledby="log-kop">
      <h2 id="log-kop">Logboek</h2>
      <ul class="log">
        ${log.map((l) => html`<li><time>${l.at}</time> ${l.actor}: ${l.action} ${l.detail}</li>`)}
      </ul>
    </section>`;
  // The WID check's status line polls (static/portal-page.mjs).
  page(ctx, 'Beheer', body, status, result.wid !== undefined);
}

export async function postBeheer(ctx: Ctx): Promise<void> {
  await ctx.checkCsrf();
  const me = manager(ctx);
  if (!me) return refuse(ctx);
  const f = (await ctx.form()).fields;
  const app = ctx.app;
  const now = app.now();
  const actor = `${me.given_name} ${me.surname}`;
  const trimmed = Object.fromEntries(Object.entries(f).map(([k, val]) => [k, val.trim()]));
  switch (f.actie) {
    case 'beheerder': {
      if (me.role !== 'administrator')
        return render(ctx, me, { error: 'Alleen een Portaal administrator kan beheerders toevoegen.' }, 403);
      const errors: Record<string, string> = {};
      if (!trimmed.b_voornaam) errors.b_voornaam = 'Vul de voornaam in.';
      if (!trimmed.b_achternaam) errors.b_achternaam = 'Vul de achternaam in.';
      if (!EMAIL.test(trimmed.b_email ?? '')) errors.b_email = 'Vul een geldig e-mailadres in.';
      // The beheerder's phone confirms the Mobile App ID with this date, as for any other identity.
      if (!isValidDate(trimmed.b_geboortedatum ?? ''))
        errors.b_geboortedatum = 'Vul een geldige geboortedatum in (JJJJ-MM-DD).';
      const role = trimmed.b_rol ?? 'beheerder';
      if (!APPOINTABLE.includes(role as (typeof APPOINTABLE)[number])) errors.b_rol = 'Kies een geldige rol.';
      if (Object.keys(errors).length) return render(ctx, me, { values: trimmed, errors }, 400);
      const appointed = role as (typeof APPOINTABLE)[number];
      const added = app.db
        .prepare(
          `INSERT INTO users (ura, role, status, given_name, surname, email, date_of_birth, created_at)
           VALUES (?, ?, 'actief', ?, ?, ?, ?, ?)`,
        )
        .run(
          me.ura,
          appointed,
          trimmed.b_voornaam,
          trimmed.b_achternaam,
          trimmed.b_email,
          trimmed.b_geboortedatum,
          now.toISOString(),
        );
      const beheerder = getUser(app, Number(added.lastInsertRowid))!;
      audit(
        app.db,
        now,
        me.ura,
        actor,
        appointed === 'administrator' ? 'administrator toegevoegd' : 'beheerder toegevoegd',
        `${beheerder.given_name} ${beheerder.surname}`,
      );
      const enrolment = await createEnrolment(app, beheerder.id, enrolmentPurpose(appointed));
      return render(ctx, me, {
        ok: `${beheerder.given_name} ${beheerder.surname} is toegevoegd als ${ROLE_LABEL[appointed]}.`,
        enrolment: { user: beheerder, enrolment },
      });
    }
    case 'zorgmedewerker': {
      // Registering a care worker starts the WID check; the account exists only once the app's scan matched.
      const errors: Record<string, string> = {};
      if (!trimmed.m_voornaam) errors.m_voornaam = 'Vul de voornaam in.';
      if (!trimmed.m_achternaam) errors.m_achternaam = 'Vul de achternaam in.';
      if (!EMAIL.test(trimmed.m_email ?? '')) errors.m_email = 'Vul een geldig e-mailadres in.';
      if (!isValidDate(trimmed.m_geboortedatum ?? ''))
        errors.m_geboortedatum = 'Vul een geldige geboortedatum in (JJJJ-MM-DD).';
      if (Object.keys(errors).length) return render(ctx, me, { values: trimmed, errors }, 400);
      const wid = await createWidCheck(app, me, {
        givenName: trimmed.m_voornaam!,
        surname: trimmed.m_achternaam!,
        email: trimmed.m_email!,
        dateOfBirth: trimmed.m_geboortedatum!,
      });
      audit(
        app.db,
        now,
        me.ura,
        actor,
        'WID-controle gestart',
        `${wid.check.given_name} ${wid.check.surname}`,
      );
      return render(ctx, me, { ok: 'Doe nu de WID-controle met de medewerker.', wid });
    }
    case 'wid-afronden': {
      const check = getWidCheck(app, f.wid ?? '');
      if (!check || check.requested_by !== me.id || check.ura !== me.ura)
        return render(ctx, me, { error: WID_TEXT.unknown }, 400);
      const again = async (error: string, status: number) =>
        render(ctx, me, { error, wid: { check, ...(await widQr(app, check.code)) } }, status);
      if (check.status === 'afgewezen') {
        // The form comes back filled in, to correct what was typed and start a new check.
        const values = {
          m_voornaam: check.given_name,
          m_achternaam: check.surname,
          m_email: check.email,
          m_geboortedatum: check.date_of_birth,
        };
        return render(ctx, me, { error: check.failure_detail ?? WID_TEXT.unknown, values }, 409);
      }
      if (check.status !== 'open' && check.status !== 'geslaagd')
        return render(ctx, me, { error: widPortalStatus(app, check).message }, 400);
      if (isExpired(app, check)) {
        app.db.prepare("UPDATE wid_checks SET status = 'geannuleerd' WHERE code = ?").run(check.code);
        return render(ctx, me, { error: WID_TEXT.expiredCheck }, 410);
      }
      if (check.status === 'open') {
        const state = widPortalStatus(app, check);
        return again(
          check.failure_detail
            ? `De WID-controle is nog niet geslaagd. ${state.message}`
            : 'De WID-controle is nog niet gedaan. ' + WID_TEXT.waiting,
          409,
        );
      }
      // One UPDATE decides: a double click registers the care worker once.
      const taken = app.db
        .prepare("UPDATE wid_checks SET status = 'afgerond' WHERE code = ? AND status = 'geslaagd'")
        .run(check.code);
      if (taken.changes === 0) return render(ctx, me, { error: WID_TEXT.unknown }, 409);
      const result = app.db
        .prepare(
          `INSERT INTO users (ura, role, status, given_name, surname, email, date_of_birth, wid_document_type,
            wid_document_last4, wid_checked_by, created_at) VALUES (?, 'zorgmedewerker', 'actief', ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          me.ura,
          check.given_name,
          check.surname,
          check.email,
          check.date_of_birth,
          check.document_type,
          check.document_last4,
          me.id,
          now.toISOString(),
        );
      const user = getUser(app, Number(result.lastInsertRowid))!;
      app.db.prepare('UPDATE wid_checks SET user_id = ? WHERE code = ?').run(user.id, check.code);
      audit(
        app.db,
        now,
        me.ura,
        actor,
        'zorgmedewerker geregistreerd (WID-controle)',
        `${user.given_name} ${user.surname} (${check.document_type ? WID_DOCUMENT_LABEL[check.document_type] : ''})`,
      );
      const enrolment = await createEnrolment(app, user.id, 'zorgmedewerker');
      return render(ctx, me, {
        ok: `${user.given_name} ${user.surname} is geregistreerd.`,
        enrolment: { user, enrolment },
      });
    }
    case 'verwijderen':
    case 'intrekken':
    case 'blokkeren':
    case 'deblokkeren':
    case 'nieuwe-id': {
      const target = getUser(app, Number(f.gebruiker));
      if (!target || target.ura !== me.ura || target.status !== 'actief' || target.id === me.id) {
        return render(ctx, me, { error: 'Deze gebruiker kunt u hier niet beheren.' }, 400);
      }
      const name = `${target.given_name} ${target.surname}`;
      if (f.actie === 'verwijderen') {
        app.db.prepare("UPDATE users SET status = 'verwijderd' WHERE id = ?").run(target.id);
        revokeMobileIds(app, target.id);
        app.db
          .prepare(
            "UPDATE enrolments SET status = 'geannuleerd' WHERE user_id = ? AND status IN ('open', 'gescand')",
          )
          .run(target.id);
        audit(app.db, now, me.ura, actor, 'gebruiker verwijderd', name);
        return render(ctx, me, { ok: `${name} is verwijderd uit de organisatie.` });
      }
      if (f.actie === 'blokkeren' || f.actie === 'deblokkeren') {
        const block = f.actie === 'blokkeren';
        if (setMobileIdBlocked(app, target.id, block) === 0)
          return render(ctx, me, { error: `${name} heeft geen Mobile App ID om te ${f.actie}.` }, 400);
        audit(app.db, now, me.ura, actor, block ? 'toegang geblokkeerd' : 'toegang gedeblokkeerd', name);
        return render(ctx, me, {
          ok: block
            ? `De toegang van ${name} is geblokkeerd. Telefoon terug? Klik dan op Toegang deblokkeren.`
            : `De toegang van ${name} is gedeblokkeerd.`,
        });
      }
      revokeMobileIds(app, target.id);
      audit(app.db, now, me.ura, actor, 'Mobile App ID ingetrokken', name);
      if (f.actie === 'intrekken')
        return render(ctx, me, { ok: `De Mobile App ID van ${name} is ingetrokken.` });
      const enrolment = await createEnrolment(app, target.id, enrolmentPurpose(target.role));
      return render(ctx, me, {
        ok: `Nieuwe Mobile App ID voor ${name}.`,
        enrolment: { user: target, enrolment },
      });
    }
    default:
      return redirect(ctx.res, '/portal/beheer');
  }
}
