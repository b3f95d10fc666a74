import type { GuideLanguage } from '../../shared/i18n/guide-strings.js';
import { t } from '../../shared/i18n/guide-strings.js';
import type { RoleChecklist } from '../../shared/steps/types.js';

// The prepare checklist as plain text (e-mail) and as a small printable document.

export function checklistText(
  language: GuideLanguage,
  roles: readonly RoleChecklist[],
  ticked: Record<string, boolean>,
): string {
  const lines = [t(language, 'mailIntro'), ''];
  for (const role of roles) {
    lines.push(role.title[language], role.summary[language]);
    for (const item of role.items) lines.push(`[${ticked[item.id] ? 'x' : ' '}] ${item.text[language]}`);
    lines.push('');
  }
  return lines.join('\n');
}

export function checklistMailto(
  language: GuideLanguage,
  roles: readonly RoleChecklist[],
  ticked: Record<string, boolean>,
): string {
  const subject = encodeURIComponent(t(language, 'mailSubject'));
  const body = encodeURIComponent(checklistText(language, roles, ticked));
  return `mailto:?subject=${subject}&body=${body}`;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function checklistPrintHtml(
  language: GuideLanguage,
  roles: readonly RoleChecklist[],
  ticked: Record<string, boolean>,
): string {
  const sections = roles
    .map(
      (role) =>
        `<h2>${escapeHtml(role.title[language])}</h2><p>${escapeHtml(role.summary[language])}</p><ul>${role.items
          .map((i) => `<li>${ticked[i.id] ? '☑' : '☐'} ${escapeHtml(i.text[language])}</li>`)
          .join('')}</ul>`,
    )
    .join('');
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(
    t(language, 'checklistTitle'),
  )}</title><style>body{font:12pt sans-serif}li{list-style:none}</style></head><body><h1>${escapeHtml(
    t(language, 'checklistTitle'),
  )}</h1>${sections}</body></html>`;
}

/** Prints only the checklist, through a hidden frame inside our shadow root. */
export function printHtml(container: ShadowRoot, html: string): void {
  const doc = container.ownerDocument ?? document;
  const frame = doc.createElement('iframe');
  frame.setAttribute('aria-hidden', 'true');
  frame.style.cssText = 'position:fixed;width:0;height:0;border:0;';
  frame.srcdoc = html;
  frame.addEventListener('load', () => {
    try {
      frame.contentWindow?.print();
    } finally {
      setTimeout(() => frame.remove(), 1000);
    }
  });
  container.appendChild(frame);
}
