// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { HiddenCache, accessibleName } from '../../../extension/portal/accessible-name.js';
import { findByRoleAndName } from '../../../extension/portal/query.js';
import { elementRole } from '../../../extension/portal/roles.js';
import { loadPage, readFixture, SANDBOX_ACCEPTANCE } from './fixtures.js';

function first(html: string, selector = '#x'): Element {
  const { document } = loadPage(`<!doctype html><html><body>${html}</body></html>`, 'http://127.0.0.1:4410/');
  const el = document.querySelector(selector);
  if (!el) throw new Error(`no ${selector}`);
  return el;
}

describe('accessible name', () => {
  const cases: Array<[string, string, string]> = [
    ['text content', '<button id="x">Inloggen</button>', 'Inloggen'],
    [
      'inline markup does not split words',
      '<button id="x">Inloggen met UZI-<b>pas</b></button>',
      'Inloggen met UZI-pas',
    ],
    [
      'block children are separated',
      '<button id="x"><div>Organisatie</div><div>afronden</div></button>',
      'Organisatie afronden',
    ],
    ['whitespace collapses', '<h2 id="x">  ZORG-ID \n  Portaal </h2>', 'ZORG-ID Portaal'],
    [
      'aria-label wins over content',
      '<button id="x" aria-label="Beheerder toevoegen">+</button>',
      'Beheerder toevoegen',
    ],
    [
      'aria-labelledby wins over aria-label, several ids joined',
      '<span id="a">URA</span><span id="b">nummer</span><input id="x" aria-labelledby="a b" aria-label="fout">',
      'URA nummer',
    ],
    [
      'aria-labelledby may point to hidden text',
      '<span id="a" hidden>Verborgen label</span><button id="x" aria-labelledby="a">x</button>',
      'Verborgen label',
    ],
    ['label[for]', '<label for="x">Organisatienaam</label><input id="x">', 'Organisatienaam'],
    [
      'wrapping label, without the field value',
      '<label>URA-nummer <input id="x" value="123"></label>',
      'URA-nummer',
    ],
    ['img alt', '<img id="x" src="a.png" alt="QR-code voor de ZORG-ID app">', 'QR-code voor de ZORG-ID app'],
    ['img inside link gives its alt', '<a id="x" href="/"><img src="a.png" alt="Start"></a>', 'Start'],
    ['input submit value', '<input id="x" type="submit" value="Aanvraag versturen">', 'Aanvraag versturen'],
    ['title as last resort', '<img id="x" src="a.png" title="QR-code">', 'QR-code'],
    ['placeholder for a text field without label', '<input id="x" placeholder="Zoeken">', 'Zoeken'],
    [
      'hidden descendants are left out',
      '<button id="x">Volgende<span hidden> (verborgen)</span><span aria-hidden="true">→</span></button>',
      'Volgende',
    ],
    [
      'display:none descendants are left out',
      '<button id="x">Volgende<span style="display:none">X</span></button>',
      'Volgende',
    ],
    ['a div is not named from content', '<div id="x">Hallo</div>', ''],
    ['role=button on a div is named from content', '<div id="x" role="button">afronden</div>', 'afronden'],
  ];
  for (const [title, html, name] of cases) {
    it(title, () => expect(accessibleName(first(html))).toBe(name));
  }

  it('a hidden element itself has no name', () => {
    expect(accessibleName(first('<button id="x" hidden>Inloggen</button>'))).toBe('');
    expect(accessibleName(first('<div style="display:none"><button id="x">Inloggen</button></div>'))).toBe(
      '',
    );
  });

  it('computes hiddenness from ancestors, once per element', () => {
    const el = first('<div aria-hidden="true"><p><span id="x">a</span></p></div>');
    const cache = new HiddenCache(el.ownerDocument.defaultView);
    expect(cache.isHidden(el)).toBe(true);
    expect(cache.isHidden(el.parentElement!)).toBe(true);
  });
});

describe('roles', () => {
  const cases: Array<[string, string | undefined]> = [
    ['<button id="x">', 'button'],
    ['<a id="x" href="/">a</a>', 'link'],
    ['<a id="x">a</a>', undefined],
    ['<h3 id="x">a</h3>', 'heading'],
    ['<img id="x" alt="a">', 'img'],
    ['<img id="x" alt="">', 'presentation'],
    ['<input id="x">', 'textbox'],
    ['<input id="x" type="email">', 'textbox'],
    ['<input id="x" type="submit">', 'button'],
    ['<input id="x" type="checkbox">', 'checkbox'],
    ['<input id="x" type="password">', undefined],
    ['<textarea id="x"></textarea>', 'textbox'],
    ['<dl><dt id="x">a</dt></dl>', 'term'],
    ['<dl><dd id="x">a</dd></dl>', 'definition'],
    ['<div id="x" role="button">a</div>', 'button'],
    ['<div id="x" role="bogus heading">a</div>', 'heading'],
    ['<span id="x" role="img" aria-label="a"></span>', 'img'],
    ['<header id="x">a</header>', 'banner'],
  ];
  for (const [html, role] of cases)
    it(`${html} → ${String(role)}`, () => expect(elementRole(first(html))).toBe(role));
});

describe('queries by role and name', () => {
  it('skips a hidden duplicate and finds the visible control', () => {
    const url = `${SANDBOX_ACCEPTANCE}/portal/inloggen`;
    const { document } = loadPage(readFixture('variants/portal-inloggen.html'), url);
    const found = findByRoleAndName(document, { role: 'button', name: 'Inloggen met UZI-pas' });
    expect(found?.localName).toBe('div');
    expect(found?.getAttribute('class')).toBe('b');
  });

  it('matches names case-insensitively but exactly otherwise', () => {
    const el = first('<button id="x">Organisatie registratie afronden</button>');
    expect(findByRoleAndName(el.ownerDocument, { role: 'button', name: 'afronden' })).toBeUndefined();
    expect(
      findByRoleAndName(el.ownerDocument, { role: 'button', name: 'ORGANISATIE registratie afronden' }),
    ).toBe(el);
  });

  it('accepts alternative roles ("button or link")', () => {
    const el = first('<a id="x" href="/x">Inloggen</a>');
    expect(findByRoleAndName(el.ownerDocument, { role: ['button', 'link'], name: 'Inloggen' })).toBe(el);
    expect(findByRoleAndName(el.ownerDocument, { role: 'button', name: 'Inloggen' })).toBeUndefined();
  });
});
