import path from 'node:path';

// The repository root and the sandbox state folder are computed once, in sandbox/services/repo-root.ts
// (it works from the sources and from dist/node alike).
export { REPO_ROOT, SANDBOX_STATE_DIR } from '../../sandbox/services/repo-root.js';
import { REPO_ROOT } from '../../sandbox/services/repo-root.js';

export const EXTENSION_DIST = path.join(REPO_ROOT, 'dist', 'extension');
export const PAGE_API_DIST = path.join(REPO_ROOT, 'dist', 'page');
export const HOST_ENTRY = path.join(REPO_ROOT, 'dist', 'node', 'native-host', 'src', 'host-entry.js');
export { OPENSC_PKCS11_MODULE } from '../../node-shared/opensc-module.js';
