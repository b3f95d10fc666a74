// extension/managed-schema.json is generated from the policy table (shared/settings/policies.ts).
// It stays a committed file because the manifest and the shipped CLI read it as data; a unit test
// (test/unit/deploy/policy-table.test.ts) fails when it is stale. Regenerate with
// `npx tsx cli/policy/managed-schema.ts --write` (a development script: nothing ships it).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { managedSchema } from '../../shared/settings/policies.js';

export const MANAGED_SCHEMA_FILE = fileURLToPath(
  new URL('../../extension/managed-schema.json', import.meta.url),
);

async function write(): Promise<void> {
  // Formatted as the repository's Prettier check expects, so lint stays green after a regeneration.
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(MANAGED_SCHEMA_FILE)) ?? {};
  const text = await prettier.format(JSON.stringify(managedSchema()), { ...options, parser: 'json' });
  writeFileSync(MANAGED_SCHEMA_FILE, text);
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--write')) await write();
