// ARIA roles of elements: the explicit role attribute, else the implicit role from HTML-AAM
// (only the roles the guide needs, plus common structure). Classes and positions are never used.

const INPUT_ROLES: Record<string, string> = {
  button: 'button',
  submit: 'button',
  reset: 'button',
  image: 'button',
  checkbox: 'checkbox',
  radio: 'radio',
  range: 'slider',
  number: 'spinbutton',
  search: 'searchbox',
  text: 'textbox',
  email: 'textbox',
  tel: 'textbox',
  url: 'textbox',
};

const TAG_ROLES: Record<string, string> = {
  button: 'button',
  h1: 'heading',
  h2: 'heading',
  h3: 'heading',
  h4: 'heading',
  h5: 'heading',
  h6: 'heading',
  dt: 'term',
  dd: 'definition',
  textarea: 'textbox',
  article: 'article',
  nav: 'navigation',
  main: 'main',
  ul: 'list',
  ol: 'list',
  li: 'listitem',
  table: 'table',
  dialog: 'dialog',
  fieldset: 'group',
  summary: 'button',
};

/** Roles a page may set explicitly that we understand; anything else falls back to the implicit role. */
const KNOWN_ROLES = new Set([
  ...Object.values(INPUT_ROLES),
  ...Object.values(TAG_ROLES),
  'link',
  'img',
  'banner',
  'form',
  'region',
  'presentation',
  'none',
  'combobox',
  'listbox',
  'option',
  'tab',
  'menuitem',
  'switch',
  'alert',
  'status',
  'group',
]);

function implicitRole(el: Element): string | undefined {
  const tag = el.localName;
  switch (tag) {
    case 'a':
    case 'area':
      return el.hasAttribute('href') ? 'link' : undefined;
    case 'img':
      // alt="" marks a decorative image.
      return el.getAttribute('alt') === '' ? 'presentation' : 'img';
    case 'input': {
      const type = (el.getAttribute('type') ?? 'text').toLowerCase();
      if ((type === 'text' || type === 'search') && el.hasAttribute('list')) return 'combobox';
      return INPUT_ROLES[type] ?? (el.hasAttribute('type') ? undefined : 'textbox');
    }
    case 'select':
      return el.hasAttribute('multiple') ? 'listbox' : 'combobox';
    case 'header':
      return el.closest('article, aside, main, nav, section') ? undefined : 'banner';
    case 'form':
    case 'section':
      return el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby')
        ? tag === 'form'
          ? 'form'
          : 'region'
        : undefined;
    default:
      return TAG_ROLES[tag];
  }
}

export function elementRole(el: Element): string | undefined {
  const explicit = el.getAttribute('role');
  if (explicit) {
    for (const token of explicit.trim().toLowerCase().split(/\s+/)) if (KNOWN_ROLES.has(token)) return token;
  }
  return implicitRole(el);
}

/** Roles whose accessible name comes from their content (accname "name from content"). */
export const NAME_FROM_CONTENT = new Set([
  'button',
  'link',
  'heading',
  'term',
  'definition',
  'cell',
  'option',
  'tab',
  'menuitem',
  'checkbox',
  'radio',
  'switch',
  'listitem',
  'status',
]);
