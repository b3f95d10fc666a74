// What the packager changes in the built manifest, per target, and how it recognises a release
// build. The extension code is not touched: these are transforms of the copy that gets packed.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PORTLESS_SANDBOX_MATCH, SANDBOX_ORIGINS } from '../../shared/origins.js';
import { GECKO_EXTENSION_ID } from '../../cli/ids.js';
import { listFiles } from './archive.js';

export type Manifest = Record<string, unknown> & {
  version: string;
  background?: { service_worker?: string; scripts?: string[]; type?: string };
  storage?: { managed_schema?: string };
  permissions?: string[];
  host_permissions?: string[];
  content_scripts?: { matches?: string[] }[];
  web_accessible_resources?: { matches?: string[]; resources?: string[]; use_dynamic_url?: boolean }[];
};

/** Written by vite.config.ts next to the manifest: which kind of build dist/extension holds. */
export const BUILD_INFO_FILE = 'build-info.json';
export const RELEASE_BUILD_FIX = 'ZORGID_BUILD=release npm run build';

/** Match patterns that reach the sandbox portals (http://127.0.0.1:4410/4411). */
const SANDBOX_MATCH = /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//;

/** Chromium-only keys Firefox warns about or refuses; the last two Firefox does not know at all. */
const NOT_FOR_FIREFOX = ['key', 'minimum_chrome_version', 'update_url'] as const;
const FIREFOX_MIN_VERSION = '115.0';

const clone = (manifest: Manifest): Manifest => JSON.parse(JSON.stringify(manifest)) as Manifest;

/** Reasons dist/extension is not a release build; empty when it is one. */
export function releaseProblems(extensionDir: string): string[] {
  const problems: string[] = [];
  const manifestFile = path.join(extensionDir, 'manifest.json');
  if (!existsSync(manifestFile)) return [`${manifestFile} ontbreekt / is missing`];
  let info: { build?: unknown } = {};
  try {
    info = JSON.parse(readFileSync(path.join(extensionDir, BUILD_INFO_FILE), 'utf8')) as { build?: unknown };
  } catch {
    problems.push(`${BUILD_INFO_FILE} ontbreekt / is missing (built by an older vite.config.ts?)`);
  }
  if (info.build !== undefined && info.build !== 'release')
    problems.push(
      `ontwikkelversie / development build (${JSON.stringify(info.build)}): sandbox on by default`,
    );
  const maps = listFiles(extensionDir).filter((file) => file.endsWith('.map'));
  if (maps.length > 0) problems.push(`${maps.length} source maps (${maps[0]}, …)`);
  return problems;
}

/** The exact sandbox origins as match patterns (ports included): never all of 127.0.0.1. */
export const SANDBOX_MATCH_PATTERNS: readonly string[] = Object.values(SANDBOX_ORIGINS).map(
  (origin) => `${origin}/*`,
);

/**
 * The release copy: no sandbox match in the content scripts (nothing is injected into the sandbox
 * unless policy turns it on), no source maps in web_accessible_resources. For policy's
 * `sandboxAllowed` (extension/background/services/sandbox-scripts.ts registers the content script at
 * run time) it carries `scripting` and host permissions for the two exact sandbox origins, and the
 * content script's modules stay loadable there (its loader imports them as web-accessible resources).
 */
export function releaseManifest(built: Manifest): Manifest {
  const copy = clone(built);
  for (const script of copy.content_scripts ?? [])
    if (script.matches) script.matches = script.matches.filter((match) => !SANDBOX_MATCH.test(match));
  for (const resource of copy.web_accessible_resources ?? []) {
    if (resource.matches) {
      const hadSandbox = resource.matches.some((match) => SANDBOX_MATCH.test(match));
      resource.matches = resource.matches.filter((match) => !SANDBOX_MATCH.test(match));
      if (hadSandbox) resource.matches.push(...SANDBOX_MATCH_PATTERNS);
    }
    if (resource.resources) resource.resources = resource.resources.filter((file) => !file.endsWith('.map'));
  }
  copy.permissions = [...new Set([...(copy.permissions ?? []), 'scripting'])];
  copy.host_permissions = [
    ...(copy.host_permissions ?? []).filter((match) => !SANDBOX_MATCH.test(match)),
    ...SANDBOX_MATCH_PATTERNS,
  ];
  return copy;
}

/** Sandbox matches in the content scripts, which a release manifest must not have. */
export function injectedSandboxMatches(manifest: Manifest): string[] {
  return (manifest.content_scripts ?? []).flatMap((script) =>
    (script.matches ?? []).filter((match) => SANDBOX_MATCH.test(match)),
  );
}

/** The Chrome Web Store / Edge Add-ons refuse a manifest `key` (the store keeps the id). */
export function storeManifest(release: Manifest): Manifest {
  const copy = clone(release);
  delete copy.key;
  return copy;
}

/**
 * Firefox 115+ runs MV3 backgrounds as event pages (`background.scripts`, module type supported)
 * and has no extension service workers. It does not know `storage.managed_schema` (its managed
 * storage comes from policies.json 3rdparty) nor `use_dynamic_url`, and warns about both. Its match
 * patterns have no port, so the sandbox host permission is all of 127.0.0.1 (PORTLESS_SANDBOX_MATCH).
 */
export function firefoxManifest(release: Manifest): Manifest {
  const copy = clone(release);
  for (const key of NOT_FOR_FIREFOX) delete copy[key];
  if (copy.storage) {
    delete copy.storage.managed_schema;
    if (Object.keys(copy.storage).length === 0) delete copy.storage;
  }
  for (const resource of copy.web_accessible_resources ?? []) delete resource.use_dynamic_url;
  // Firefox accepts a pattern with a port and never matches it (shared/origins.ts).
  if (copy.host_permissions?.some((match) => SANDBOX_MATCH.test(match)))
    copy.host_permissions = [
      ...copy.host_permissions.filter((match) => !SANDBOX_MATCH.test(match)),
      PORTLESS_SANDBOX_MATCH,
    ];
  if (copy.background?.service_worker) {
    const { service_worker: worker, type } = copy.background;
    copy.background = { scripts: [worker], ...(type ? { type } : {}) };
  }
  const existing =
    (copy.browser_specific_settings as { gecko?: Record<string, unknown> } | undefined)?.gecko ?? {};
  copy.browser_specific_settings = {
    gecko: {
      ...existing,
      id: GECKO_EXTENSION_ID,
      strict_min_version: existing.strict_min_version ?? FIREFOX_MIN_VERSION,
    },
  };
  return copy;
}
