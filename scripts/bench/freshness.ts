// Is dist/ built from the sources as they are now? The bench measures the built host and extension.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../testing/lib/paths.js';

const SOURCE_ROOTS = [
  'native-host/src',
  'shared',
  'extension',
  'manifest.json',
  'vite.config.ts',
  'vite.page-api.config.ts',
];
const BUILD_OUTPUTS = [
  'dist/node/native-host/src/host-entry.js',
  'dist/extension/manifest.json',
  'dist/page/zorgid-page.js',
];
const SOURCE_FILE = /\.(ts|tsx|mjs|js|json|css|c)$/;

function newestMtime(entry: string): number {
  let stat;
  try {
    stat = statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return SOURCE_FILE.test(entry) ? stat.mtimeMs : 0;
  return readdirSync(entry).reduce(
    (newest, name) => Math.max(newest, newestMtime(path.join(entry, name))),
    0,
  );
}

/** Why a build is needed, or undefined when every output is newer than every source. */
export function staleBuildReason(root = REPO_ROOT): string | undefined {
  const newestSource = Math.max(...SOURCE_ROOTS.map((r) => newestMtime(path.join(root, r))));
  for (const output of BUILD_OUTPUTS) {
    let built: number;
    try {
      built = statSync(path.join(root, output)).mtimeMs;
    } catch {
      return `${output} is missing`;
    }
    if (built < newestSource) return `${output} is older than the sources`;
  }
  return undefined;
}
