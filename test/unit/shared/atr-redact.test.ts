import { describe, expect, it } from 'vitest';
import { identifyAtr, KNOWN_ATRS, UZI_ATRS } from '../../../shared/atr.js';
import { maskKeepLast, redact, redactText } from '../../../shared/redact.js';
import { collectSensitive } from '../../../shared/diagnostics/scrub.js';

describe('ATR table', () => {
  it('identifies every UZI-pas ATR, with or without spacing, and nothing else', () => {
    expect(KNOWN_ATRS).toHaveLength(Object.keys(UZI_ATRS).length);
    expect(identifyAtr('3b fd 18 00 ff 81 31 fe 45 43 49 42 47 55 5a 49 4a 32 41 30 38 31 58').kind).toBe(
      'uzi-pas',
    );
    expect(identifyAtr(UZI_ATRS.UZI_SAFESIGN_D6).kind).toBe('uzi-pas');
    expect(identifyAtr('3B8880015A4F52475445535 41F'.replace(/ /g, ''))).toEqual({
      kind: 'unknown',
      label: 'Onbekende kaart',
    });
  });
});

describe('redaction', () => {
  it('removes secrets, masks personal data to the last 3 characters, keeps URA and role', () => {
    const out = redact({
      pin: '123456',
      nested: {
        puk: '12345678',
        uziNumber: '900016528',
        givenName: 'Jan',
        ura: '90000382',
        roleCode: '01.015',
      },
      message: 'kaart 900016528 verwijderd',
    });
    expect(JSON.stringify(out)).not.toMatch(/123456|12345678|900016528|"Jan"/);
    expect(out.nested).toMatchObject({
      uziNumber: '******528',
      givenName: '***',
      ura: '90000382',
      roleCode: '01.015',
    });
    expect(out.message).toBe('kaart ******528 verwijderd');
    expect(maskKeepLast('ab')).toBe('**');
    expect(redactText('URA 90000382')).toBe('URA 90000382');
  });
});

describe('one personal-data list for logs and support reports', () => {
  it('the log redaction and the report scrub treat the same keys as personal and secret', () => {
    const record = {
      holderName: 'Jan test-90014548',
      commonName: 'Jan test-90014548',
      name: 'Virtual PCD 00 00',
      pin: '123456',
    };
    const logged = redact(record);
    const sensitive = collectSensitive(record);
    // Masked in logs exactly when collected as personal by the scrub, and the reader name in neither.
    for (const key of ['holderName', 'commonName'] as const) {
      expect(logged[key]).not.toBe(record[key]);
      expect(sensitive.personal).toContain(record[key]);
    }
    expect(logged.name).toBe(record.name);
    expect(sensitive.personal).not.toContain(record.name);
    expect(logged.pin).toBe('[verwijderd]');
    expect(sensitive.secrets).toEqual([record.pin]);
  });
});
