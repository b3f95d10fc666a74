// The run-time registration of the content script for the sandbox origins (release builds, when
// policy allows the sandbox). Beneath a unit test the scripting API is an in-memory stand-in; the
// real path runs in test/release/chromium-policy.test.ts and firefox-policy.test.ts.
import { describe, expect, it } from 'vitest';
import {
  SANDBOX_MATCHES,
  SANDBOX_SCRIPT_ID,
  extensionRelative,
  syncSandboxScripts,
  type SandboxScriptsDeps,
} from '../../../extension/background/services/sandbox-scripts.js';

type Registered = chrome.scripting.RegisteredContentScript;

function scriptingStandIn() {
  const registered = new Map<string, Registered>();
  return {
    registered,
    api: {
      getRegisteredContentScripts: (filter?: { ids?: string[] }) =>
        Promise.resolve([...registered.values()].filter((s) => !filter?.ids || filter.ids.includes(s.id))),
      registerContentScripts: (scripts: Registered[]) => {
        for (const script of scripts) {
          if (registered.has(script.id))
            return Promise.reject(new Error(`Duplicate script ID '${script.id}'`));
          registered.set(script.id, script);
        }
        return Promise.resolve();
      },
      unregisterContentScripts: (filter?: { ids?: string[] }) => {
        for (const id of filter?.ids ?? [...registered.keys()]) registered.delete(id);
        return Promise.resolve();
      },
    } as unknown as SandboxScriptsDeps['scripting'],
  };
}

const RELEASE_SCRIPTS = [
  { matches: ['https://productie.zorg-id.nl/*'], js: ['assets/main.ts-loader.js'], run_at: 'document_idle' },
];

describe('sandbox content scripts registered at run time', () => {
  it('registers the manifest script for exactly the sandbox origins when policy allows the sandbox, once', async () => {
    const { api, registered } = scriptingStandIn();
    const deps = {
      scripting: api,
      manifestScripts: RELEASE_SCRIPTS,
      sandboxAllowed: () => Promise.resolve(true),
    };
    expect(await syncSandboxScripts(deps)).toBe('registered');
    expect(await syncSandboxScripts(deps)).toBe('unchanged');
    const script = registered.get(SANDBOX_SCRIPT_ID)!;
    expect(script.matches).toEqual(['http://127.0.0.1:4410/*', 'http://127.0.0.1:4411/*']);
    expect(SANDBOX_MATCHES).toEqual(script.matches);
    expect(script.js).toEqual(['assets/main.ts-loader.js']);
    expect(script.allFrames).toBe(false);
  });

  it('registers root-relative files when the browser reports them as absolute URLs (Firefox)', async () => {
    // Firefox's getManifest() resolves content-script files to moz-extension://<uuid>/…, and its
    // registerContentScripts refuses absolute URLs: passing them through failed on ESR 153.
    const { api, registered } = scriptingStandIn();
    const firefoxShaped = [
      {
        ...RELEASE_SCRIPTS[0]!,
        js: ['moz-extension://3b0d7f4e-5a61-4c0e-9f43-6f1d2c8a9e10/content/main.js'],
        css: ['moz-extension://3b0d7f4e-5a61-4c0e-9f43-6f1d2c8a9e10/content/guide.css'],
      },
    ];
    const deps = {
      scripting: api,
      manifestScripts: firefoxShaped,
      sandboxAllowed: () => Promise.resolve(true),
    };
    expect(await syncSandboxScripts(deps)).toBe('registered');
    expect(registered.get(SANDBOX_SCRIPT_ID)!.js).toEqual(['content/main.js']);
    expect(registered.get(SANDBOX_SCRIPT_ID)!.css).toEqual(['content/guide.css']);
    expect(extensionRelative('chrome-extension://abcdefghijklmnopabcdefghijklmnop/a/b.js')).toBe('a/b.js');
    expect(extensionRelative('/content/main.js')).toBe('content/main.js');
    expect(extensionRelative('content/main.js')).toBe('content/main.js');
  });

  it('registers nothing without the policy, and removes the registration when policy turns it off', async () => {
    const { api, registered } = scriptingStandIn();
    let allowed = false;
    const deps = {
      scripting: api,
      manifestScripts: RELEASE_SCRIPTS,
      sandboxAllowed: () => Promise.resolve(allowed),
    };
    expect(await syncSandboxScripts(deps)).toBe('unchanged');
    expect(registered.size).toBe(0);
    allowed = true;
    expect(await syncSandboxScripts(deps)).toBe('registered');
    allowed = false;
    expect(await syncSandboxScripts(deps)).toBe('unregistered');
    expect(registered.size).toBe(0);
  });

  it('a development build (manifest matches 127.0.0.1) registers nothing: no double injection', async () => {
    const { api, registered } = scriptingStandIn();
    const scripts = [
      { ...RELEASE_SCRIPTS[0]!, matches: ['https://productie.zorg-id.nl/*', 'http://127.0.0.1/*'] },
    ];
    const deps = { scripting: api, manifestScripts: scripts, sandboxAllowed: () => Promise.resolve(true) };
    expect(await syncSandboxScripts(deps)).toBe('not-needed');
    expect(registered.size).toBe(0);
  });

  it('without the scripting permission it says so instead of failing', async () => {
    const deps = {
      scripting: null,
      manifestScripts: RELEASE_SCRIPTS,
      sandboxAllowed: () => Promise.resolve(true),
    };
    expect(await syncSandboxScripts(deps)).toBe('unavailable');
  });
});
