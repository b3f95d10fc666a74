// The identities a deployment must name exactly: the extension ids per browser family, the
// native host name, and the placeholders an administrator has to replace. Built in (see
// build-info.ts): an installed package has no manifest.json to read.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isSea } from 'node:sea';
import { HOST_NAME } from '../shared/protocol/host.js';
import { BUILD_MANIFEST } from './build-info.js';

export { HOST_NAME };

/** Chromium's extension id: first 32 hex digits of sha256(DER public key), digits 0-f mapped to a-p. */
export function extensionIdFromKey(base64Der: string): string {
  const hex = createHash('sha256').update(Buffer.from(base64Der, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode('a'.charCodeAt(0) + parseInt(digit, 16))).join('');
}

/**
 * Written by `npm run package` beside the host executable: the Chromium id of the CRX that package
 * set was signed for. With the extension's own key it equals the manifest key's id; with a test
 * key (`--allow-other-id`) it is that key's id, so the installed host manifests, `policy` and
 * `doctor` all name the extension that is actually installed.
 */
export const PACKAGE_INFO_FILE = 'package-info.json';

/** The id recorded in the package; undefined outside the host executable or when unreadable. */
export function packagedChromiumId(dir: string = path.dirname(process.execPath)): string | undefined {
  try {
    const info = JSON.parse(readFileSync(path.join(dir, PACKAGE_INFO_FILE), 'utf8')) as {
      chromiumExtensionId?: unknown;
    };
    const id = info.chromiumExtensionId;
    return typeof id === 'string' && /^[a-p]{32}$/.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Chromium-family id: the package's (host executable), else fixed by the manifest key. */
export const CHROMIUM_EXTENSION_ID =
  (isSea() ? packagedChromiumId() : undefined) ?? extensionIdFromKey(BUILD_MANIFEST.key);
/** Firefox id from browser_specific_settings.gecko.id. */
export const GECKO_EXTENSION_ID = BUILD_MANIFEST.browser_specific_settings.gecko.id;
export const PRODUCT_VERSION = BUILD_MANIFEST.version;

/** Not a real server (.invalid never resolves): the administrator must host updates.xml and the CRX. */
export const UPDATE_URL_PLACEHOLDER = 'https://updates.example.invalid/zorgid-companion/updates.xml';
/** Likewise for the signed Firefox XPI. */
export const FIREFOX_INSTALL_URL_PLACEHOLDER =
  'https://updates.example.invalid/zorgid-companion/zorgid-companion.xpi';

export const chromiumOrigin = (id: string = CHROMIUM_EXTENSION_ID): string => `chrome-extension://${id}/`;
