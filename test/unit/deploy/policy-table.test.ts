// The policy table (shared/settings/policies.ts) is the one place a setting is defined: the committed
// managed-storage schema and the ADMX/ADML templates must be what it generates.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ADMX_POLICIES, admlDocument, admxDocument } from '../../../cli/policy/admx.js';
import { MANAGED_SCHEMA_FILE } from '../../../cli/policy/managed-schema.js';
import {
  DEFAULT_SETTINGS,
  managedSchema,
  POLICIES,
  POLICY_ONLY_KEYS,
  SETTING_KEYS,
} from '../../../shared/settings/policies.js';

describe('policy table', () => {
  it('extension/managed-schema.json is the one the table generates (run cli/policy/managed-schema.ts --write)', () => {
    expect(JSON.parse(readFileSync(MANAGED_SCHEMA_FILE, 'utf8'))).toEqual(managedSchema());
  });

  it('every setting has bilingual text, a schema property and an ADMX policy', () => {
    const schema = managedSchema();
    for (const key of SETTING_KEYS) {
      const { title, explain } = POLICIES[key];
      for (const text of [title.nl, title.en, explain.nl, explain.en]) expect(text.trim(), key).not.toBe('');
      expect(schema.properties?.[key]?.title, key).toContain(title.nl);
      expect(
        ADMX_POLICIES.find((policy) => policy.title['nl-NL'] === title.nl),
        key,
      ).toBeDefined();
    }
    expect(ADMX_POLICIES).toHaveLength(SETTING_KEYS.length);
    for (const browser of ['chrome', 'edge'] as const) {
      const admx = admxDocument(browser);
      const adml = admlDocument(browser, 'en-US');
      for (const key of SETTING_KEYS) {
        expect(admx).toContain(`name="${POLICIES[key].admx.name}"`);
        expect(adml).toContain(POLICIES[key].title.en);
      }
    }
  });

  it('defaults pass their own rule', () => {
    for (const [key, value] of Object.entries(DEFAULT_SETTINGS) as [string, unknown][]) {
      expect(POLICIES[key as keyof typeof POLICIES].rule(value), key).toEqual({ value });
    }
  });

  it('who may use the card and what native code loads are policy-only', () => {
    expect(POLICY_ONLY_KEYS).toEqual(
      expect.arrayContaining(['allowedOrigins', 'sandboxAllowed', 'pkcs11Modules']),
    );
  });
});
