// Checks a value against Chrome's managed-storage schema subset (type, properties, items,
// enum, pattern). Chrome drops a policy value that fails its schema without telling the
// user, so the generator refuses such values before an administrator deploys them.
import { readFileSync } from 'node:fs';
import type { ManagedSchema } from '../../shared/settings/policies.js';
import { BUILD_MANAGED_SCHEMA } from '../build-info.js';

// One declaration of the schema's shape, beside the policy table it is generated from.
export type { ManagedSchema };

/** The built-in schema, or another file (tests). */
export function loadManagedSchema(file?: string): ManagedSchema {
  return (file ? JSON.parse(readFileSync(file, 'utf8')) : BUILD_MANAGED_SCHEMA) as ManagedSchema;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Problems as `path: message`; empty when the value passes. */
export function checkAgainstSchema(value: unknown, schema: ManagedSchema, at = ''): string[] {
  const here = at || '(root)';
  switch (schema.type) {
    case 'object': {
      if (!isRecord(value)) return [`${here}: expected an object`];
      return Object.entries(value).flatMap(([key, child]) => {
        const sub = schema.properties?.[key] ?? schema.additionalProperties;
        const childPath = at ? `${at}.${key}` : key;
        return sub ? checkAgainstSchema(child, sub, childPath) : [`${childPath}: not in the schema`];
      });
    }
    case 'array':
      if (!Array.isArray(value)) return [`${here}: expected a list`];
      return schema.items
        ? value.flatMap((item, i) => checkAgainstSchema(item, schema.items!, `${here}[${i}]`))
        : [];
    case 'string':
      if (typeof value !== 'string') return [`${here}: expected text`];
      if (schema.enum && !schema.enum.includes(value))
        return [`${here}: expected one of ${schema.enum.join(', ')}`];
      if (schema.pattern && !new RegExp(schema.pattern).test(value))
        return [`${here}: does not match ${schema.pattern}`];
      return [];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${here}: expected true or false`];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${here}: expected a whole number`];
    case 'number':
      return typeof value === 'number' ? [] : [`${here}: expected a number`];
  }
}
