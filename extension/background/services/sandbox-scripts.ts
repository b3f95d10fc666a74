// The sandbox origins for a release build, when browser policy turns the sandbox on. The release
// packages ship no content-script match for http://127.0.0.1 (scripts/deploy/release-manifest.ts),
// so `sandboxAllowed: true` from policy (a training room, an organisation testing its rollout)
// would allow origins the content script never reaches. Then the manifest's own content script is
// registered at run time for exactly the sandbox origins, and removed again when policy turns the
// sandbox off. The release manifest carries `scripting` and host permissions for those two origins
// only (Chromium grants a force-installed extension its host_permissions without asking).
import { PORTLESS_SANDBOX_MATCH, SANDBOX_ORIGINS } from '../../../shared/origins.js';
import { recordEvent } from './event-log.js';
import { loadSettings } from './settings.js';

export const SANDBOX_SCRIPT_ID = 'zorgid-sandbox-origins';
export const SANDBOX_MATCHES: readonly string[] = Object.values(SANDBOX_ORIGINS).map(
  (origin) => `${origin}/*`,
);
const SANDBOX_HOST_MATCH = /^http:\/\/127\.0\.0\.1(:\d+)?\/\*$/;

/** The sandbox patterns this package's manifest asks host access for (Firefox's carry no port). */
export function sandboxMatchesOf(hostPermissions: readonly string[]): string[] {
  const own = hostPermissions.filter((match) => SANDBOX_HOST_MATCH.test(match));
  return own.length > 0 ? own : [...SANDBOX_MATCHES];
}

export type SandboxScriptsState = 'registered' | 'unregistered' | 'unchanged' | 'not-needed' | 'unavailable';

interface ContentScriptEntry {
  matches?: string[];
  js?: string[];
  css?: string[];
  run_at?: string;
}

export interface SandboxScriptsDeps {
  scripting: Pick<
    typeof chrome.scripting,
    'getRegisteredContentScripts' | 'registerContentScripts' | 'unregisterContentScripts'
  > | null;
  manifestScripts: readonly ContentScriptEntry[];
  /** The manifest's host_permissions: the sandbox patterns among them are the ones registered. */
  hostPermissions?: readonly string[];
  sandboxAllowed: () => Promise<boolean>;
}

const coveredByManifest = (scripts: readonly ContentScriptEntry[]) =>
  scripts.some((script) =>
    (script.matches ?? []).some(
      (match) => match === PORTLESS_SANDBOX_MATCH || SANDBOX_MATCHES.includes(match),
    ),
  );

/**
 * A manifest file path as registerContentScripts wants it: relative to the extension's root.
 * Firefox's runtime.getManifest() returns content-script files resolved to absolute
 * moz-extension://<uuid>/… URLs, and its registerContentScripts refuses those ("must be a relative
 * URL"; measured on ESR 153 with the policy-installed XPI); Chromium returns them as written.
 */
export function extensionRelative(file: string): string {
  const absolute = /^[a-z][a-z0-9+.-]*-extension:\/\/[^/]+\/(.*)$/i.exec(file);
  return (absolute ? absolute[1]! : file).replace(/^\/+/, '');
}

/** Brings the registration in line with the effective settings; the result says what it did. */
export async function syncSandboxScripts(deps: SandboxScriptsDeps): Promise<SandboxScriptsState> {
  // A development build matches the sandbox in its manifest already: registering again would inject twice.
  if (coveredByManifest(deps.manifestScripts)) return 'not-needed';
  if (!deps.scripting) return 'unavailable';
  const allowed = await deps.sandboxAllowed();
  const registered = await deps.scripting.getRegisteredContentScripts({ ids: [SANDBOX_SCRIPT_ID] });
  if (allowed === registered.length > 0) return 'unchanged';
  if (!allowed) {
    await deps.scripting.unregisterContentScripts({ ids: [SANDBOX_SCRIPT_ID] });
    return 'unregistered';
  }
  const source = deps.manifestScripts.find((script) => (script.js ?? []).length > 0);
  if (!source) return 'unavailable';
  await deps.scripting.registerContentScripts([
    {
      id: SANDBOX_SCRIPT_ID,
      matches: sandboxMatchesOf(deps.hostPermissions ?? []),
      js: source.js!.map(extensionRelative),
      ...(source.css?.length ? { css: source.css.map(extensionRelative) } : {}),
      runAt: (source.run_at as chrome.extensionTypes.RunAt | undefined) ?? 'document_idle',
      allFrames: false,
      persistAcrossSessions: false,
    },
  ]);
  return 'registered';
}

let pending: Promise<unknown> = Promise.resolve();

/** The worker's hook: sync now and whenever the policy changes (serialised: no double registration). */
export function watchSandboxScripts(): void {
  // Absent without the `scripting` permission (the development manifest does not ask for it).
  const scripting: typeof chrome.scripting | undefined = chrome.scripting;
  const deps: SandboxScriptsDeps = {
    scripting: scripting ?? null,
    manifestScripts: chrome.runtime.getManifest().content_scripts ?? [],
    hostPermissions: (chrome.runtime.getManifest() as chrome.runtime.ManifestV3).host_permissions ?? [],
    sandboxAllowed: async () => (await loadSettings()).settings.sandboxAllowed,
  };
  const sync = () => {
    // A refusal must not go unseen (the sandbox would silently lack its guide): it goes to the event
    // log that diagnostics and support reports show.
    pending = pending
      .then(() => syncSandboxScripts(deps))
      .catch((error: unknown) =>
        recordEvent('worker', {
          type: 'sandbox-scripts-failed',
          message: error instanceof Error ? error.message : String(error),
        }),
      );
  };
  sync();
  chrome.storage.onChanged.addListener((_changes, area) => {
    if (area === 'managed') sync();
  });
}
