import { readFileSync } from 'node:fs';
import path from 'node:path';
import { extensionIdFromKey } from '../../cli/ids.js';
import { REPO_ROOT } from './paths.js';

export { extensionIdFromKey };

/** The id of the extension whose manifest is in `folder` (the repository, or a build of it). */
export function extensionId(folder: string = REPO_ROOT): string {
  const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as { key: string };
  return extensionIdFromKey(manifest.key);
}
