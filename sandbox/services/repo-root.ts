import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from both the sources (tsx) and the build in dist/node/. */
export function repoRoot(moduleUrl: string): string {
  const parts = path.dirname(fileURLToPath(moduleUrl)).split(path.sep);
  // The build lives in <root>/dist/node/…; a checkout under some other folder named "dist" is not it.
  const distIndex = parts.findLastIndex((part, index) => part === 'dist' && parts[index + 1] === 'node');
  if (distIndex > 0) return parts.slice(0, distIndex).join(path.sep) || path.sep;
  const sandboxIndex = parts.lastIndexOf('sandbox');
  return parts.slice(0, sandboxIndex).join(path.sep) || path.sep;
}

export const REPO_ROOT = repoRoot(import.meta.url);
export const SANDBOX_STATE_DIR = path.join(REPO_ROOT, '.sandbox');
