// @vitest-environment happy-dom
/** @jsxImportSource preact */
// The diagnostics page's settings table: each setting with its value and its source, in the
// page's language. Rendered with preact into happy-dom (the page itself runs in the release test).
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsSources } from '../../../extension/pages/diagnostics/settings-sources.js';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('diagnostics page: settings and their source', () => {
  it('one row per setting, value and source, Dutch and English', () => {
    const root = document.createElement('div');
    document.body.append(root);
    const settings = [
      { key: 'sandboxAllowed', value: true, source: 'policy' as const },
      { key: 'helpdesk', value: { name: 'ICT' }, source: 'policy' as const },
      { key: 'logLevel', value: 'info', source: 'default' as const },
      { key: 'language', value: 'en', source: 'local' as const },
    ];
    render(<SettingsSources settings={settings} lang="nl" />, root);
    const rows = [...root.querySelectorAll('tr[data-setting]')].map((row) => ({
      key: row.getAttribute('data-setting'),
      source: row.getAttribute('data-source'),
      text: row.textContent,
    }));
    expect(rows.map((row) => [row.key, row.source])).toEqual([
      ['sandboxAllowed', 'policy'],
      ['helpdesk', 'policy'],
      ['logLevel', 'default'],
      ['language', 'local'],
    ]);
    expect(rows[0]!.text).toContain('beleid van de organisatie');
    expect(rows[1]!.text).toContain('{"name":"ICT"}');
    expect(rows[2]!.text).toContain('standaard');
    expect(rows[3]!.text).toContain('deze browser');
    render(<SettingsSources settings={settings} lang="en" />, root);
    expect(root.querySelector('caption')?.textContent).toBe('Settings');
    expect(root.querySelector('tr[data-setting="sandboxAllowed"]')?.textContent).toContain(
      'organisation policy',
    );
  });
});
