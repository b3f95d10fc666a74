// The identities a deployment must name exactly: the extension ids per browser family, the
// native host name, and the placeholders an administrator has to replace.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HOST_NAME } from '../../shared/protocol/host.js';
import { extensionId } from '../lib/extension-id.js';
import { REPO_ROOT } from '../lib/paths.js';

export { HOST_NAME };

interface RepoManifest {
  version: string;
  browser_specific_settings: { gecko: { id: string } };
}

function repoManifest(): RepoManifest {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, 'manifest.json'), 'utf8')) as RepoManifest;
}

/** Chromium-family id, fixed by the manifest key. */
export const CHROMIUM_EXTENSION_ID = extensionId();
/** Firefox id from browser_specific_settings.gecko.id. */
export const GECKO_EXTENSION_ID = repoManifest().browser_specific_settings.gecko.id;
export const PRODUCT_VERSION = repoManifest().version;

/** Not a real server (.invalid never resolves): the administrator must host updates.xml and the CRX. */
export const UPDATE_URL_PLACEHOLDER = 'https://updates.example.invalid/zorgid-companion/updates.xml';
/** Likewise for the signed Firefox XPI. */
export const FIREFOX_INSTALL_URL_PLACEHOLDER =
  'https://updates.example.invalid/zorgid-companion/zorgid-companion.xpi';

export const chromiumOrigin = (id: string = CHROMIUM_EXTENSION_ID): string => `chrome-extension://${id}/`;
