// Files the compiled code reads at run time but tsc does not emit: copied beside the .js that reads
// them, so the package works as installed (no source tree). Run by `npm run build:node`.
import { cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ASSETS = [
  ['sandbox/portal/static', 'dist/node/sandbox/portal/static'],
  ['sandbox/services/nodelay-shim.c', 'dist/node/sandbox/services/nodelay-shim.c'],
];
for (const [from, to] of ASSETS) {
  mkdirSync(path.dirname(path.join(root, to)), { recursive: true });
  cpSync(path.join(root, from), path.join(root, to), { recursive: true });
}
