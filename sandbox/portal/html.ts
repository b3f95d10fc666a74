import type { PortalEnvironment } from './types.js';

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function esc(value: unknown): string {
  return (
    typeof value === 'string' ? value : String((value as string | number | boolean | null | undefined) ?? '')
  ).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Tagged template: interpolations are escaped unless wrapped in raw(). */
export class Raw {
  constructor(readonly html: string) {}
}
export const raw = (html: string): Raw => new Raw(html);

export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new Raw(out);
}

function render(value: unknown): string {
  if (value instanceof Raw) return value.html;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return esc(value);
}

export interface LayoutOptions {
  title: string;
  environment: PortalEnvironment;
  csrf: string;
  body: Raw;
  /** Shown in the header when logged in. */
  user?: { name: string; role: string } | null;
  /** Pages that talk to the card load the page API and our page script. */
  scripts?: boolean;
  /** Where the page API comes from (the Desktop App stand-in always gets the real one). */
  pageApiSrc?: string;
  /** Pages of the phone stand-in get their own frame. */
  phone?: boolean;
}

const ENVIRONMENT_LABEL: Readonly<Record<PortalEnvironment, string>> = {
  acceptatie: 'Acceptatie',
  productie: 'Productie',
};

export function layout(o: LayoutOptions): string {
  const header = o.user
    ? html`<div class="user">
        <span>${o.user.name}</span> · <span>${o.user.role}</span>
        <form method="post" action="/portal/uitloggen">
          <input type="hidden" name="_csrf" value="${o.csrf}" />
          <button type="submit">Uitloggen</button>
        </form>
      </div>`
    : '';
  const scripts = o.scripts
    ? html`<script src="${o.pageApiSrc ?? '/static/zorgid-page.js'}"></script>
        <script type="module" src="/static/portal-page.mjs"></script>`
    : '';
  return `<!doctype html>${
    html`<html lang="nl">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="zorgid-sandbox" content="${o.environment}" />
        <meta name="csrf-token" content="${o.csrf}" />
        <title>${o.title} · ZORG-ID sandbox (${ENVIRONMENT_LABEL[o.environment]})</title>
        <link rel="stylesheet" href="/static/portal.css" />
        ${scripts}
      </head>
      <body class="${o.phone ? 'phone' : 'portal'}">
        <p class="sandbox-marker" role="note">
          SANDBOX · ${ENVIRONMENT_LABEL[o.environment]} · geen echte gegevens
        </p>
        <header>
          <a class="brand" href="${o.phone ? '/telefoon' : '/portal'}">ZORG-ID${o.phone ? ' app' : ''}</a>
          ${header}
        </header>
        <main>${o.body}</main>
        <footer>
          <nav aria-label="Sandbox">
            <a href="/aanvraag">Aanvraagformulier</a> · <a href="/mailbox">Mailbox</a> ·
            <a href="/backoffice">Backoffice</a> · <a href="/portal">Portaal</a> ·
            <a href="/uzi-portaal">UZI-portaal</a> · <a href="/telefoon">Telefoon</a>
          </nav>
        </footer>
      </body>
    </html>`.html
  }`;
}

export function csrfField(csrf: string): Raw {
  return html`<input type="hidden" name="_csrf" value="${csrf}" />`;
}

export function notice(kind: 'fout' | 'ok' | 'info', text: string | null | undefined): Raw {
  if (!text) return raw('');
  return kind === 'fout'
    ? html`<p class="notice fout" role="alert">${text}</p>`
    : html`<p class="notice ${kind}" role="status">${text}</p>`;
}

export interface FieldOptions {
  name: string;
  label: string;
  value?: string | undefined;
  error?: string | undefined;
  type?: string;
  autocomplete?: string;
  inputmode?: string;
  hint?: string;
}

export function field(o: FieldOptions): Raw {
  const id = `veld-${o.name}`;
  const describedBy = [o.hint ? `${id}-hint` : '', o.error ? `${id}-fout` : ''].filter(Boolean).join(' ');
  return html`<div class="field${o.error ? ' invalid' : ''}">
    <label for="${id}">${o.label}</label>
    ${o.hint ? html`<span class="hint" id="${id}-hint">${o.hint}</span>` : ''}
    <input
      id="${id}"
      name="${o.name}"
      type="${o.type ?? 'text'}"
      value="${o.value ?? ''}"
      ${raw(o.autocomplete ? `autocomplete="${esc(o.autocomplete)}"` : '')}
      ${raw(o.inputmode ? `inputmode="${esc(o.inputmode)}"` : '')}
      ${raw(describedBy ? `aria-describedby="${esc(describedBy)}"` : '')}
      ${raw(o.error ? 'aria-invalid="true"' : '')}
    />
    ${o.error ? html`<span class="error" id="${id}-fout">${o.error}</span>` : ''}
  </div>`;
}
