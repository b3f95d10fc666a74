// The PIN window follows the one language rule (shared/i18n/language.ts) and the language policy;
// before, it looked only at the browser and showed both languages to every non-Dutch browser.
import { describe, expect, it } from 'vitest';
import { consentLanguage } from '../../../extension/pages/consent/consent.js';

describe('consentLanguage', () => {
  it('follows the policy over the browser', () => {
    expect(consentLanguage('nl', ['en-US', 'en'])).toBe('nl');
    expect(consentLanguage('en', ['nl-NL'])).toBe('both');
  });

  it('without a policy, follows the browser: English gets Dutch with English underneath', () => {
    expect(consentLanguage(undefined, ['en-GB'])).toBe('both');
    expect(consentLanguage('auto', 'nl-NL')).toBe('nl');
  });

  it('any other browser language gets Dutch, as the guide and diagnostics do', () => {
    expect(consentLanguage(undefined, ['de-DE', 'en'])).toBe('nl');
    expect(consentLanguage(undefined, [])).toBe('nl');
  });
});
