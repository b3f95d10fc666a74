// Tiny runtime validators for messages crossing a boundary. Hand-rolled to keep the content
// script small; each returns the typed value or throws a ValidationError naming the field.

export class ValidationError extends Error {
  constructor(
    readonly path: string,
    readonly expected: string,
  ) {
    super(`${path || 'message'}: expected ${expected}`);
    this.name = 'ValidationError';
  }
}

export type Validator<T> = (value: unknown, path: string) => T;

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function string(options: { min?: number; max?: number; pattern?: RegExp } = {}): Validator<string> {
  const { min = 0, max = 4096, pattern } = options;
  return (value, path) => {
    if (typeof value !== 'string') throw new ValidationError(path, 'a string');
    if (value.length < min || value.length > max)
      throw new ValidationError(path, `a string of ${min}..${max} characters`);
    if (pattern && !pattern.test(value))
      throw new ValidationError(path, `a string matching ${String(pattern)}`);
    return value;
  };
}

export function boolean(): Validator<boolean> {
  return (value, path) => {
    if (typeof value !== 'boolean') throw new ValidationError(path, 'true or false');
    return value;
  };
}

export function integer(options: { min?: number; max?: number } = {}): Validator<number> {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = options;
  return (value, path) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
      throw new ValidationError(path, `an integer in ${min}..${max}`);
    return value;
  };
}

export function oneOf<const T extends readonly string[]>(values: T): Validator<T[number]> {
  return (value, path) => {
    if (typeof value !== 'string' || !values.includes(value))
      throw new ValidationError(path, `one of ${values.join(', ')}`);
    return value;
  };
}

export function arrayOf<T>(item: Validator<T>, options: { max?: number } = {}): Validator<T[]> {
  const { max = 32 } = options;
  return (value, path) => {
    if (!Array.isArray(value) || value.length > max)
      throw new ValidationError(path, `a list of at most ${max} items`);
    return value.map((entry, index) => item(entry, `${path}[${index}]`));
  };
}

type Shape = Record<string, Validator<unknown>>;
type Optional<S extends Shape> = { [K in keyof S]?: ReturnType<S[K]> };
type Required<S extends Shape> = { [K in keyof S]: ReturnType<S[K]> };

/** An object with required and optional fields; unknown fields are refused so typos surface. */
export function object<R extends Shape, O extends Shape = Record<never, never>>(
  required: R,
  optional?: O,
): Validator<Required<R> & Optional<O>> {
  return (value, path) => {
    if (!isPlainObject(value)) throw new ValidationError(path, 'an object');
    const result: Record<string, unknown> = {};
    // Own properties only: with `in`, keys inherited from Object.prototype (`constructor`,
    // `__proto__`, `toString`) counted as known fields and slipped through as unknown ones.
    for (const [key, check] of Object.entries(required)) {
      if (!Object.hasOwn(value, key)) throw new ValidationError(join(path, key), 'a value (missing)');
      result[key] = check(value[key], join(path, key));
    }
    for (const [key, check] of Object.entries(optional ?? {})) {
      if (Object.hasOwn(value, key) && value[key] !== undefined)
        result[key] = check(value[key], join(path, key));
    }
    for (const key of Object.keys(value)) {
      if (!Object.hasOwn(required, key) && !(optional && Object.hasOwn(optional, key)))
        throw new ValidationError(join(path, key), 'no such field');
    }
    return result as Required<R> & Optional<O>;
  };
}

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);
