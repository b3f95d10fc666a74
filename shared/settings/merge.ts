// Effective settings: managed (browser policy) over local (user) over defaults. Invalid values are
// reported in `problems` and ignored, never fatal. Pure (no chrome.*, no DOM, no Node), so the policy
// generators in cli/policy validate an administrator's settings file with exactly the rules the
// extension applies; the rules themselves are the policy table's (./policies.ts).
import {
  DEFAULT_SETTINGS,
  POLICIES,
  POLICY_ONLY_KEYS,
  SETTING_KEYS,
  type SettingKey,
  type Settings,
} from './policies.js';

export interface EffectiveSettings {
  settings: Settings;
  /** Keys set by browser policy: the options page shows them as fixed by the organisation. */
  enforced: SettingKey[];
  /** One line per ignored value, `<policy|local>.<key>: <nl> / <en>`. */
  problems: string[];
}

export interface SettingsProblem {
  key: string;
  message: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates one settings object: the valid values, and a problem for each invalid or unknown key. */
export function validateSettings(input: unknown): { values: Partial<Settings>; problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  const values: Record<string, unknown> = {};
  if (input === undefined || input === null) return { values: {}, problems };
  if (!isRecord(input)) {
    return { values: {}, problems: [{ key: '', message: 'verwacht een object / expected an object' }] };
  }
  for (const [key, raw] of Object.entries(input)) {
    if (!(SETTING_KEYS as readonly string[]).includes(key)) {
      problems.push({ key, message: 'onbekende instelling, genegeerd / unknown setting, ignored' });
      continue;
    }
    const result = POLICIES[key as SettingKey].rule(raw);
    if ('problem' in result) problems.push({ key, message: result.problem });
    else values[key] = result.value;
  }
  return { values: values, problems };
}

/** managed > local > defaults, with POLICY_ONLY_KEYS never from local; pure so it is testable without chrome.storage. */
export function mergeSettings(managed: unknown, local: unknown): EffectiveSettings {
  const fromManaged = validateSettings(managed);
  const fromLocal = validateSettings(local);
  for (const key of POLICY_ONLY_KEYS) {
    if (key in fromLocal.values) {
      delete fromLocal.values[key];
      fromLocal.problems.push({
        key,
        message: 'alleen via browserbeleid, genegeerd / only from browser policy, ignored',
      });
    }
  }
  const format = (label: string) => (p: SettingsProblem) =>
    `${label}${p.key ? `.${p.key}` : ''}: ${p.message}`;
  return {
    settings: { ...DEFAULT_SETTINGS, ...fromLocal.values, ...fromManaged.values },
    enforced: SETTING_KEYS.filter((key) => key in fromManaged.values),
    problems: [...fromManaged.problems.map(format('policy')), ...fromLocal.problems.map(format('local'))],
  };
}
