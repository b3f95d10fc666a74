// Reads the effective settings from chrome.storage. The table of settings and the pure merge live in
// shared/settings (the policy generators in cli/policy use the same rules); re-exported here so the
// worker's imports stay where they were.
import { mergeSettings, type EffectiveSettings } from '../../../shared/settings/merge.js';

export * from '../../../shared/settings/policies.js';
export * from '../../../shared/settings/merge.js';

/** The part of chrome.storage used here, so the caller (or a test) can pass another. */
export interface SettingsStorage {
  managed: { get(keys: null): Promise<Record<string, unknown>> };
  local: { get(key: string): Promise<Record<string, unknown>> };
}

function browserStorage(): SettingsStorage | undefined {
  return (globalThis as { chrome?: { storage?: SettingsStorage } }).chrome?.storage;
}

export async function loadSettings(
  storage: SettingsStorage | undefined = browserStorage(),
): Promise<EffectiveSettings> {
  let managed: unknown = {};
  let local: unknown = {};
  const readProblems: string[] = [];
  try {
    managed = await storage?.managed.get(null);
  } catch {
    // No managed storage (no policy schema, or Firefox without policy): nothing enforced.
  }
  try {
    local = (await storage?.local.get('settings'))?.settings;
  } catch {
    readProblems.push(
      'local: lokale instellingen onleesbaar, standaardwaarden gebruikt / local settings unreadable, using defaults',
    );
  }
  const merged = mergeSettings(managed, local);
  return { ...merged, problems: [...readProblems, ...merged.problems] };
}
