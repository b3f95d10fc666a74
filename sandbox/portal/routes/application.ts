import type { App, Ctx } from '../context.js';
import { csrfField, field, html, layout, notice, raw } from '../html.js';
import { redirect, sendHtml } from '../http.js';
import { audit, sendMail } from '../mail.js';

// Step 2 of the registration: the application form (formdesk in reality), its e-mails and the approval.

interface FieldRule {
  name: string;
  label: string;
  check: (value: string) => string | null;
  type?: string;
  autocomplete?: string;
  inputmode?: string;
  hint?: string;
}

const required = (what: string) => (v: string) => (v.trim() ? null : `Vul ${what} in.`);
const digits = (count: number, what: string) => (v: string) =>
  new RegExp(`^\\d{${count}}$`).test(v.trim()) ? null : `${what} bestaat uit precies ${count} cijfers.`;
const email = (what: string) => (v: string) =>
  /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()) ? null : `Vul een geldig e-mailadres in voor ${what}.`;
const phone = (v: string) =>
  /^\+?[\d\s-]{10,15}$/.test(v.trim())
    ? null
    : 'Vul een geldig telefoonnummer in (10 cijfers, bijvoorbeeld 0612345678).';

export function isValidDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v) && d < new Date();
}

const dateOfBirth = (v: string) =>
  isValidDate(v.trim()) ? null : 'Vul een geldige geboortedatum in (JJJJ-MM-DD).';

export const APPLICATION_FIELDS: readonly FieldRule[] = [
  {
    name: 'organisatienaam',
    label: 'Naam zorgaanbieder (organisatie)',
    check: required('de naam van de organisatie'),
    autocomplete: 'organization',
  },
  {
    name: 'ura',
    label: 'URA-nummer',
    check: digits(8, 'Het URA-nummer'),
    inputmode: 'numeric',
    hint: 'Het abonneenummer (URA) van uw organisatie bij het UZI-register, 8 cijfers. Niet het pasnummer dat op de UZI-pas gedrukt staat.',
  },
  {
    name: 'kvk',
    label: 'KvK-nummer',
    check: digits(8, 'Het KvK-nummer'),
    inputmode: 'numeric',
    hint: '8 cijfers',
  },
  {
    name: 'voornaam',
    label: 'Voornaam administrator',
    check: required('de voornaam'),
    autocomplete: 'given-name',
  },
  {
    name: 'achternaam',
    label: 'Achternaam administrator',
    check: required('de achternaam'),
    autocomplete: 'family-name',
  },
  {
    name: 'geboortedatum',
    label: 'Geboortedatum administrator',
    check: dateOfBirth,
    type: 'date',
    autocomplete: 'bday',
  },
  {
    name: 'email',
    label: 'E-mailadres administrator',
    check: email('de administrator'),
    type: 'email',
    autocomplete: 'email',
  },
  { name: 'telefoon', label: 'Telefoonnummer administrator', check: phone, type: 'tel', autocomplete: 'tel' },
  {
    name: 'uzinummer',
    label: 'UZI-nummer administrator',
    check: digits(9, 'Het UZI-nummer'),
    inputmode: 'numeric',
    hint: '9 cijfers, staat in het certificaat van uw UZI-pas',
  },
  {
    name: 'vertegenwoordiger_naam',
    label: 'Naam zorgaanbieder/vertegenwoordiger',
    check: required('de naam van de vertegenwoordiger'),
  },
  {
    name: 'vertegenwoordiger_email',
    label: 'E-mailadres zorgaanbieder/vertegenwoordiger',
    check: email('de vertegenwoordiger'),
    type: 'email',
  },
];

const AGREEMENT_FIELD = 'akkoord';
const AGREEMENT_ERROR = 'Ga akkoord met de voorwaarden om de aanvraag te versturen.';

function formPage(ctx: Ctx, values: Record<string, string>, errors: Record<string, string>): string {
  const errorCount = Object.keys(errors).length;
  return layout({
    title: 'Aanvraagformulier ZORG-ID Mobiel',
    environment: ctx.app.environment,
    csrf: ctx.session.csrf,
    body: html`<h1>Aanvraagformulier ZORG-ID Mobiel</h1>
      <p>Vul dit formulier in als ZORG-ID Portaal administrator, met de gegevens van uw UZI-pas.</p>
      ${
        errorCount
          ? notice(
              'fout',
              `Het formulier bevat ${errorCount} ${errorCount === 1 ? 'fout' : 'fouten'}. Verbeter de gemarkeerde velden.`,
            )
          : ''
      }
      <form method="post" action="/aanvraag" novalidate>
        ${csrfField(ctx.session.csrf)}
        <fieldset>
          <legend>Organisatie</legend>
          ${APPLICATION_FIELDS.slice(0, 3).map((f) => field({ ...f, value: values[f.name], error: errors[f.name] }))}
        </fieldset>
        <fieldset>
          <legend>ZORG-ID Portaal administrator</legend>
          ${APPLICATION_FIELDS.slice(3, 9).map((f) => field({ ...f, value: values[f.name], error: errors[f.name] }))}
        </fieldset>
        <fieldset>
          <legend>Zorgaanbieder/vertegenwoordiger</legend>
          ${APPLICATION_FIELDS.slice(9).map((f) => field({ ...f, value: values[f.name], error: errors[f.name] }))}
        </fieldset>
        <div class="field checkbox${errors[AGREEMENT_FIELD] ? ' invalid' : ''}">
          <input
            id="veld-akkoord"
            type="checkbox"
            name="akkoord"
            value="ja"
            ${raw(values[AGREEMENT_FIELD] === 'ja' ? 'checked' : '')}
            ${raw(errors[AGREEMENT_FIELD] ? 'aria-invalid="true" aria-describedby="veld-akkoord-fout"' : '')}
          />
          <label for="veld-akkoord">Ik ga akkoord met de voorwaarden van ZORG-ID</label>
          ${errors[AGREEMENT_FIELD] ? html`<span class="error" id="veld-akkoord-fout">${errors[AGREEMENT_FIELD]}</span>` : ''}
        </div>
        <button type="submit">Aanvraag versturen</button>
      </form>`,
  });
}

export function getApplicationForm(ctx: Ctx): void {
  sendHtml(ctx.res, 200, formPage(ctx, {}, {}), ctx.sessionHeaders());
}

export async function postApplicationForm(ctx: Ctx): Promise<void> {
  await ctx.checkCsrf();
  const { fields } = await ctx.form();
  const values: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (const f of APPLICATION_FIELDS) {
    values[f.name] = (fields[f.name] ?? '').trim();
    const error = f.check(values[f.name] ?? '');
    if (error) errors[f.name] = error;
  }
  values[AGREEMENT_FIELD] = fields[AGREEMENT_FIELD] === 'ja' ? 'ja' : '';
  if (!values[AGREEMENT_FIELD]) errors[AGREEMENT_FIELD] = AGREEMENT_ERROR;
  const db = ctx.app.db;
  if (!errors.ura) {
    const open = db
      .prepare("SELECT 1 FROM applications WHERE ura = ? AND status = 'ingediend'")
      .get(values.ura);
    const known = db.prepare('SELECT 1 FROM organisations WHERE ura = ?').get(values.ura);
    if (known) errors.ura = 'Deze organisatie (URA) is al aangemeld bij ZORG-ID. Log in op het portaal.';
    else if (open)
      errors.ura = 'Voor dit URA-nummer loopt al een aanvraag. Wacht op de bevestiging per e-mail.';
  }
  if (Object.keys(errors).length) {
    sendHtml(ctx.res, 400, formPage(ctx, values, errors));
    return;
  }
  const v = values;
  const now = ctx.app.now();
  const result = db
    .prepare(
      `INSERT INTO applications (created_at, status, organisation_name, ura, kvk, admin_given_name, admin_surname,
        admin_email, admin_phone, admin_uzi_number, admin_date_of_birth, representative_name, representative_email)
       VALUES (?, 'ingediend', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      now.toISOString(),
      v.organisatienaam,
      v.ura,
      v.kvk,
      v.voornaam,
      v.achternaam,
      v.email,
      v.telefoon,
      v.uzinummer,
      v.geboortedatum,
      v.vertegenwoordiger_naam,
      v.vertegenwoordiger_email,
    );
  const id = Number(result.lastInsertRowid);
  sendMail(
    db,
    now,
    v.email ?? '',
    'Kopie van uw aanvraag',
    `Beste ${v.voornaam} ${v.achternaam},\n\nWij hebben uw aanvraag voor ZORG-ID Mobiel ontvangen (aanvraag ${id}).\n` +
      `Organisatie: ${v.organisatienaam}\nURA-nummer: ${v.ura}\nKvK-nummer: ${v.kvk}\nUZI-nummer administrator: ${v.uzinummer}\n` +
      `Vertegenwoordiger: ${v.vertegenwoordiger_naam} <${v.vertegenwoordiger_email}>\n\n` +
      'U ontvangt een bevestiging zodra wij de aanvraag hebben verwerkt. Wacht daarop voordat u verder gaat.',
  );
  audit(db, now, v.ura ?? null, v.email ?? '', 'aanvraag ingediend', `aanvraag ${id}`);
  scheduleApproval(ctx.app, id, ctx.app.options.approveDelayMs);
  sendHtml(
    ctx.res,
    200,
    layout({
      title: 'Aanvraag ontvangen',
      environment: ctx.app.environment,
      csrf: ctx.session.csrf,
      body: html`<h1>Aanvraag ontvangen</h1>
        <p>Uw aanvraag (nummer ${id}) voor ${v.organisatienaam} is ontvangen.</p>
        <p>
          U ontvangt direct een kopie per e-mail op ${v.email}. Na verwerking ontvangen u en de
          vertegenwoordiger een bevestiging. Ga pas daarna verder met inloggen op het portaal.
        </p>
        <p><a href="/mailbox">Naar de sandbox mailbox</a></p>`,
    }),
  );
}

interface ApplicationRow {
  id: number;
  status: string;
  created_at: string;
  organisation_name: string;
  ura: string;
  kvk: string;
  admin_given_name: string;
  admin_surname: string;
  admin_email: string;
  admin_uzi_number: string;
  representative_name: string;
  representative_email: string;
}

/** Approval registers the organisation (URA + name) in ZORG-ID; returns false when already done. */
export function approveApplication(app: App, id: number): boolean {
  const db = app.db;
  const now = app.now();
  const approve = db.transaction(() => {
    const row = db.prepare("SELECT * FROM applications WHERE id = ? AND status = 'ingediend'").get(id) as
      ApplicationRow | undefined;
    if (!row) return null;
    db.prepare("UPDATE applications SET status = 'goedgekeurd', approved_at = ? WHERE id = ?").run(
      now.toISOString(),
      id,
    );
    db.prepare('INSERT OR IGNORE INTO organisations (ura, name, approved_at) VALUES (?, ?, ?)').run(
      row.ura,
      row.organisation_name,
      now.toISOString(),
    );
    return row;
  });
  const row = approve();
  if (!row) return false;
  const text =
    `Uw aanvraag voor ZORG-ID Mobiel (aanvraag ${row.id}) voor ${row.organisation_name} (URA ${row.ura}) is verwerkt ` +
    `en goedgekeurd.\n\nDe ZORG-ID Portaal administrator (${row.admin_given_name} ${row.admin_surname}) kan nu inloggen ` +
    `op het ZORG-ID Portaal met de UZI-pas en de organisatie registratie afronden.`;
  sendMail(
    db,
    now,
    row.admin_email,
    'Bevestiging van uw aanvraag',
    `Beste ${row.admin_given_name} ${row.admin_surname},\n\n${text}`,
  );
  sendMail(
    db,
    now,
    row.representative_email,
    'Bevestiging van uw aanvraag',
    `Beste ${row.representative_name},\n\n${text}`,
  );
  audit(db, now, row.ura, 'backoffice', 'aanvraag goedgekeurd', `aanvraag ${row.id}`);
  return true;
}

export function scheduleApproval(app: App, id: number, delayMs: number | undefined): void {
  if (delayMs === undefined) return;
  const timer = setTimeout(
    () => {
      app.timers.delete(timer);
      approveApplication(app, id);
    },
    Math.max(0, delayMs),
  );
  app.timers.add(timer);
}

/** After a restart, pending automatic approvals continue where they were. */
export function resumeApprovals(app: App): void {
  const delay = app.options.approveDelayMs;
  if (delay === undefined) return;
  const rows = app.db.prepare("SELECT id, created_at FROM applications WHERE status = 'ingediend'").all() as {
    id: number;
    created_at: string;
  }[];
  for (const row of rows) {
    scheduleApproval(app, row.id, new Date(row.created_at).getTime() + delay - app.now().getTime());
  }
}

export function getBackoffice(ctx: Ctx, message?: string): void {
  const rows = ctx.app.db.prepare('SELECT * FROM applications ORDER BY id DESC').all() as ApplicationRow[];
  sendHtml(
    ctx.res,
    200,
    layout({
      title: 'Backoffice',
      environment: ctx.app.environment,
      csrf: ctx.session.csrf,
      body: html`<h1>Backoffice aanvragen (sandbox)</h1>
        <p>Hier verwerkt ZORG-ID de aanvragen. In de sandbox keurt u ze zelf goed.</p>
        ${notice('ok', message)} ${rows.length === 0 ? html`<p>Er zijn nog geen aanvragen.</p>` : ''}
        <ul class="cards">
          ${rows.map(
            (r) =>
              html`<li>
                <article>
                  <h2>Aanvraag ${r.id}: ${r.organisation_name}</h2>
                  <dl>
                    <dt>URA-nummer</dt>
                    <dd>${r.ura}</dd>
                    <dt>Administrator</dt>
                    <dd>${r.admin_given_name} ${r.admin_surname} (UZI ${r.admin_uzi_number})</dd>
                    <dt>Status</dt>
                    <dd>${r.status}</dd>
                  </dl>
                  ${
                    r.status === 'ingediend'
                      ? html`<form method="post" action="/backoffice/goedkeuren">
                          ${csrfField(ctx.session.csrf)}
                          <input type="hidden" name="id" value="${r.id}" />
                          <button type="submit">Goedkeuren</button>
                        </form>`
                      : ''
                  }
                </article>
              </li>`,
          )}
        </ul>`,
    }),
    ctx.sessionHeaders(),
  );
}

export async function postApprove(ctx: Ctx): Promise<void> {
  await ctx.checkCsrf();
  const id = Number((await ctx.form()).fields.id);
  approveApplication(ctx.app, id);
  redirect(ctx.res, '/backoffice');
}

export function getMailbox(ctx: Ctx): void {
  const mails = ctx.app.db.prepare('SELECT * FROM mails ORDER BY id DESC').all() as {
    id: number;
    created_at: string;
    recipient: string;
    subject: string;
    body: string;
  }[];
  sendHtml(
    ctx.res,
    200,
    layout({
      title: 'Sandbox mailbox',
      environment: ctx.app.environment,
      csrf: ctx.session.csrf,
      body: html`<h1>Sandbox mailbox</h1>
        <p>Alle e-mails die de sandbox verstuurt, nieuwste eerst.</p>
        ${mails.length === 0 ? html`<p>Nog geen e-mails.</p>` : ''}
        ${mails.map(
          (m) =>
            html`<article class="mail" data-mail-id="${m.id}">
              <h2>${m.subject}</h2>
              <p class="meta">
                Aan: <span class="recipient">${m.recipient}</span> ·
                <time datetime="${m.created_at}">${m.created_at}</time>
              </p>
              <pre>${m.body}</pre>
            </article>`,
        )}`,
    }),
    ctx.sessionHeaders(),
  );
}
