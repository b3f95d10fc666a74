import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from both scripts/ (tsx) and dist/node/scripts/ (built). */
function findRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const parts = here.split(path.sep);
  const distIndex = parts.lastIndexOf('dist');
  if (distIndex > 0) return parts.slice(0, distIndex).join(path.sep) || path.sep;
  return path.resolve(here, '..', '..');
}

export const REPO_ROOT = findRoot();
export const SANDBOX_STATE_DIR = path.join(REPO_ROOT, '.sandbox');
export const EXTENSION_DIST = path.join(REPO_ROOT, 'dist', 'extension');
export const PAGE_API_DIST = path.join(REPO_ROOT, 'dist', 'page');
export const HOST_ENTRY = path.join(REPO_ROOT, 'dist', 'node', 'native-host', 'src', 'host-entry.js');
export const OPENSC_PKCS11_MODULE = '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so';
