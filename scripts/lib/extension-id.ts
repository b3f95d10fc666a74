import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './paths.js';

/** Chromium's extension id: first 32 hex digits of sha256(DER public key), digits 0-f mapped to a-p. */
export function extensionIdFromKey(base64Der: string): string {
  const hex = createHash('sha256').update(Buffer.from(base64Der, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode('a'.charCodeAt(0) + parseInt(digit, 16))).join('');
}

/** The id of the extension whose manifest is in `folder` (the repository, or a build of it). */
export function extensionId(folder: string = REPO_ROOT): string {
  const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as { key: string };
  return extensionIdFromKey(manifest.key);
}
