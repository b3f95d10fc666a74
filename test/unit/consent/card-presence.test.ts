import { describe, expect, it } from 'vitest';
import { nextMissing } from '../../../extension/pages/consent/card-presence.js';
import { composeText, joinSentences } from '../../../shared/i18n/compose.js';

describe('the PIN window and the card', () => {
  const removed = (reader?: string) => ({
    type: 'card' as const,
    present: false,
    ...(reader ? { reader } : {}),
  });
  const inserted = (reader?: string) => ({
    type: 'card' as const,
    present: true,
    ...(reader ? { reader } : {}),
  });

  it("counts only the card's own reader when it is known", () => {
    let missing = nextMissing(new Set(), removed('Virtual PCD 00 01'), 'Virtual PCD 00 00');
    expect(missing.size).toBe(0);
    missing = nextMissing(missing, removed('Virtual PCD 00 00'), 'Virtual PCD 00 00');
    expect([...missing]).toEqual(['Virtual PCD 00 00']);
    missing = nextMissing(missing, inserted('Virtual PCD 00 00'), 'Virtual PCD 00 00');
    expect(missing.size).toBe(0);
  });

  it("counts every reader when the card's reader is unknown", () => {
    const missing = nextMissing(new Set(), removed('A'), undefined);
    expect(nextMissing(missing, removed('B'), undefined).size).toBe(2);
    expect(nextMissing(missing, inserted('A'), undefined).size).toBe(0);
  });
});

describe('composed messages', () => {
  it('separates sentences and closes each one', () => {
    expect(joinSentences('Het is niet gelukt', 'Geen kaart in de lezer. Steek uw UZI-pas in.')).toBe(
      'Het is niet gelukt. Geen kaart in de lezer. Steek uw UZI-pas in.',
    );
    expect(joinSentences(' a  b ', '', 'Klaar!')).toBe('a b. Klaar!');
    expect(composeText({ nl: 'Mis', en: 'Wrong' }, { nl: 'Nog 1 poging.', en: '1 try left.' })).toEqual({
      nl: 'Mis. Nog 1 poging.',
      en: 'Wrong. 1 try left.',
    });
  });
});
