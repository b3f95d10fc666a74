#!/usr/bin/env node
// Bootstrap for `npm test` / `npm start` / `npm run bench` on a fresh machine: installs the
// missing system packages and npm dependencies, then hands over to the TypeScript script.
// Plain JavaScript because nothing from node_modules may be assumed yet.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [task, ...rest] = process.argv.slice(2);
const scripts = { test: 'scripts/test.ts', start: 'scripts/start.ts', bench: 'scripts/bench.ts' };
if (!task || !(task in scripts)) {
  console.error(`usage: node scripts/run.mjs <${Object.keys(scripts).join('|')}> [args]`);
  process.exit(2);
}

const run = (command, args) => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.error) throw result.error;
  return result.status ?? 1;
};

if (run(process.execPath, ['scripts/install-system-packages.mjs']) !== 0) process.exit(1);
const addonsBuilt =
  existsSync(path.join(root, 'node_modules/.bin/tsx')) &&
  existsSync(path.join(root, 'node_modules/pcsclite/build/Release/pcsclite.node')) &&
  existsSync(path.join(root, 'node_modules/pkcs11js/build/Release/pkcs11.node'));
if (!addonsBuilt) {
  console.error('[setup] Installing npm dependencies (npm ci)…');
  if (run('npm', ['ci']) !== 0) process.exit(1);
}
process.exit(run(path.join(root, 'node_modules/.bin/tsx'), [scripts[task], ...rest]));
