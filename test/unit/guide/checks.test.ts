import { describe, expect, it } from 'vitest';
import type { CardStatusView } from '../../../shared/steps/card-status.js';
import type { CardType } from '../../../shared/uzi/types.js';
import {
  normaliseOrganisationName,
  normaliseUra,
  runCheck,
  runChecks,
} from '../../../shared/steps/checks.js';

const card = (over: Partial<NonNullable<CardStatusView['identity']>> = {}): CardStatusView => ({
  readerName: 'Virtual PCD 00 00',
  cardPresent: true,
  cardKind: 'uzi',
  identity: {
    name: 'J. de Vries',
    uziNumberMasked: '9000•••28',
    cardType: 'Z',
    ura: '90000382',
    organisationName: 'Huisartsenpraktijk De Linde B.V.',
    roleName: 'Huisarts',
    notAfter: '2027-01-01T00:00:00Z',
    expired: false,
    ...over,
  },
});

describe('checks', () => {
  it('normalises URA and organisation names for comparison', () => {
    expect(normaliseUra(' 9000 0382 ')).toBe('90000382');
    expect(normaliseUra('382')).toBe('00000382');
    expect(normaliseUra('abc')).toBeUndefined();
    expect(normaliseOrganisationName('Huisartsenpraktijk  De Linde B.V.')).toBe(
      normaliseOrganisationName('huisartsenpraktijk de linde BV'),
    );
  });

  it('URA and organisation on card, page and application agree', () => {
    const results = runChecks(
      [
        'ura-matches-page',
        'organisation-matches-page',
        'ura-matches-application',
        'organisation-matches-application',
      ],
      {
        card: card(),
        page: { ura: '90000382', organisationName: 'Huisartsenpraktijk De Linde BV' },
        application: { ura: '9000 0382', organisationName: 'huisartsenpraktijk de linde b.v.' },
      },
    );
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
  });

  it('warns when the page shows another URA or organisation than the card', () => {
    const ctx = {
      card: card(),
      page: { ura: '90000999', organisationName: 'Apotheek Zuid' },
      application: { ura: '90000382' },
    };
    const ura = runCheck('ura-matches-page', ctx);
    expect(ura.status).toBe('warning');
    expect(ura.message.nl).toContain('90000999');
    expect(ura.message.en).toContain('differs');
    expect(runCheck('organisation-matches-page', ctx).status).toBe('warning');
    expect(runCheck('ura-matches-application', ctx).status).toBe('warning');
  });

  it('reports unknown, not ok, while a value is missing', () => {
    expect(runCheck('ura-matches-page', { card: card(), page: {}, application: {} }).status).toBe('unknown');
    expect(
      runCheck('organisation-matches-application', { card: undefined, page: {}, application: {} }).status,
    ).toBe('unknown');
  });

  it('accepts Z and N cards, warns for M and S', () => {
    const ctx = (type: CardType) => ({
      card: card({ cardType: type }),
      page: {},
      application: {},
    });
    expect(runCheck('card-type-z-or-n', ctx('Z')).status).toBe('ok');
    expect(runCheck('card-type-z-or-n', ctx('N')).status).toBe('ok');
    expect(runCheck('card-type-z-or-n', ctx('M')).status).toBe('warning');
    expect(runCheck('card-type-z-or-n', ctx('S')).status).toBe('warning');
  });

  it('card presence, reader and expiry', () => {
    const none: CardStatusView = {
      readerName: undefined,
      cardPresent: false,
      cardKind: undefined,
      identity: undefined,
    };
    expect(runCheck('card-present', { card: none, page: {}, application: {} }).status).toBe('warning');
    expect(runCheck('reader-present', { card: none, page: {}, application: {} }).status).toBe('warning');
    expect(
      runCheck('card-not-expired', { card: card({ expired: true }), page: {}, application: {} }).status,
    ).toBe('warning');
    expect(runCheck('card-present', { card: card(), page: {}, application: {} }).status).toBe('ok');
  });
});
