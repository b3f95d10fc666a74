// An administrator's settings file, checked with the extension's own rules (shared/settings) and
// then shaped per policy store: Chrome/Edge get stepMapCorrections as JSON text (their schema
// cannot carry a free-form tree), Firefox gets the object.
import { readFileSync } from 'node:fs';
import { validateSettings, type SettingsProblem } from '../../shared/settings/merge.js';
import type { Settings } from '../../shared/settings/policies.js';
import { checkAgainstSchema, loadManagedSchema } from './schema-check.js';

export type PolicySettings = Partial<Settings>;
export type PolicyValue = string | boolean | number | PolicyValue[] | { [key: string]: PolicyValue };
export type PolicyObject = Record<string, PolicyValue>;

export interface SettingsFileResult {
  settings: PolicySettings;
  problems: SettingsProblem[];
}

/** Every problem is fatal here: unlike the extension, the generator must not deploy a half-valid file. */
export function checkPolicySettings(input: unknown): SettingsFileResult {
  const { values, problems } = validateSettings(input);
  const schemaProblems = checkAgainstSchema(toChromiumPolicy(values), loadManagedSchema()).map((line) => {
    const colon = line.indexOf(':');
    return { key: line.slice(0, colon), message: line.slice(colon + 2) };
  });
  return { settings: values, problems: [...problems, ...schemaProblems] };
}

export function readSettingsFile(file: string): SettingsFileResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { settings: {}, problems: [{ key: '', message: `niet leesbaar / unreadable: ${String(error)}` }] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return {
      settings: {},
      problems: [{ key: '', message: `geen geldige JSON / not valid JSON: ${String(error)}` }],
    };
  }
  return checkPolicySettings(parsed);
}

function plain(settings: PolicySettings): PolicyObject {
  return JSON.parse(JSON.stringify(settings)) as PolicyObject;
}

export function toChromiumPolicy(settings: PolicySettings): PolicyObject {
  const out = plain(settings);
  if (settings.stepMapCorrections !== undefined)
    out.stepMapCorrections = JSON.stringify(settings.stepMapCorrections);
  return out;
}

export function toFirefoxPolicy(settings: PolicySettings): PolicyObject {
  return plain(settings);
}
