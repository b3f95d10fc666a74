// One "automatic language" rule (issue 18): Dutch unless the policy or the browser says English,
// the same for the guide (pickLanguage) and the diagnostics page and popup (pageLanguage).
import { describe, expect, it } from 'vitest';
import { resolveLanguage } from '../../../shared/i18n/language.js';
import { pickLanguage } from '../../../shared/i18n/guide-strings.js';
import { pageLanguage } from '../../../extension/pages/diagnostics/protocol.js';

const CASES: [setting: 'nl' | 'en' | 'auto' | undefined, browser: string, expected: 'nl' | 'en'][] = [
  ['nl', 'en-US', 'nl'],
  ['en', 'nl-NL', 'en'],
  ['auto', 'en-GB', 'en'],
  ['auto', 'nl-NL', 'nl'],
  ['auto', 'de-DE', 'nl'],
  [undefined, 'fr', 'nl'],
  [undefined, 'EN', 'en'],
  [undefined, '', 'nl'],
];

describe('the automatic language rule', () => {
  it.each(CASES)('policy %s, browser %s → %s, in every page', (setting, browser, expected) => {
    expect(resolveLanguage(setting, [browser])).toBe(expected);
    expect(pickLanguage(setting, browser ? [browser] : [])).toBe(expected);
    expect(pageLanguage(setting, browser)).toBe(expected);
  });

  it('the browser’s first language decides, not a later one', () => {
    expect(resolveLanguage('auto', ['de-DE', 'en-US'])).toBe('nl');
    expect(resolveLanguage('auto', ['en-US', 'nl'])).toBe('en');
  });
});
