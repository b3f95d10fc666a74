import { describe, expect, it } from 'vitest';
import { ROLE_CODES, roleName } from '../../../shared/uzi/index.js';

describe('RoleCodeNL table', () => {
  it('holds the codes the domain notes name, with their Dutch names', () => {
    expect(roleName('01.000')).toBe('Arts');
    expect(roleName('01.004')).toBe('Apotheekhoudende huisarts');
    expect(roleName('01.015')).toBe('Huisarts');
    expect(roleName('01.016')).toBe('Internist');
    expect(roleName('02.000')).toBe('Tandarts');
    expect(roleName('03.000')).toBe('Verloskundige');
    expect(roleName('04.000')).toBe('Fysiotherapeut');
    expect(roleName('16.000')).toBe('Psychotherapeut');
    expect(roleName('17.000')).toBe('Apotheker');
    expect(roleName('17.075')).toBe('Openbaar apotheker');
    expect(roleName('25.000')).toBe('Gezondheidszorgpsycholoog');
    expect(roleName('30.000')).toBe('Verpleegkundige');
    expect(roleName('81.000')).toBe('Physician assistant');
    expect(roleName('83.000')).toBe('Apothekersassistent');
    expect(roleName('99.000')).toBe('Zorgverlener andere zorg');
  });

  it('has every code in the <2 digits>.<3 digits> shape and about the published size', () => {
    const codes = Object.keys(ROLE_CODES);
    expect(codes.every((c) => /^\d{2}\.\d{3}$/.test(c))).toBe(true);
    expect(codes.length).toBeGreaterThanOrEqual(75);
  });

  it('answers unknown codes with "Onbekende rolcode", also for prototype keys', () => {
    expect(roleName('12.345')).toBe('Onbekende rolcode');
    expect(roleName('toString')).toBe('Onbekende rolcode');
  });
});
