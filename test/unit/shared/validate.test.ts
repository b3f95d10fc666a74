import { describe, expect, it } from 'vitest';
import { boolean, integer, object, oneOf, string, ValidationError } from '../../../shared/validate.js';

describe('validators', () => {
  const check = object(
    { name: string({ min: 1, max: 5 }), kind: oneOf(['a', 'b'] as const) },
    { n: integer({ min: 0 }), flag: boolean() },
  );

  it('accepts a valid value and returns only known fields', () => {
    expect(check({ name: 'x', kind: 'a', n: 2 }, '')).toEqual({ name: 'x', kind: 'a', n: 2 });
  });

  it('names the field that is wrong', () => {
    expect(() => check({ name: '', kind: 'a' }, 'args')).toThrow(/args\.name/);
    expect(() => check({ name: 'x', kind: 'c' }, 'args')).toThrow(/args\.kind: expected one of a, b/);
    expect(() => check({ name: 'x', kind: 'a', extra: 1 }, 'args')).toThrow(
      /args\.extra: expected no such field/,
    );
    expect(() => check({ kind: 'a' }, 'args')).toThrow(ValidationError);
    expect(() => check({ name: 'x', kind: 'a', n: 1.5 }, '')).toThrow(/n: expected an integer/);
    expect(() => check([], '')).toThrow(/expected an object/);
  });
});
