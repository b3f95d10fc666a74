import {
  CHECK_IDS,
  ENVIRONMENTS,
  STEP_IDS,
  type CaptureRule,
  type CheckId,
  type DoneRule,
  type Environment,
  type Landmark,
  type LocalText,
  type OriginRule,
  type PageRule,
  type StepDefinition,
  type StepMap,
  type UrlPatterns,
} from './types.js';

// Browser policy can correct the step map without a release (a renamed button, the real
// portal's paths, the form's URL). Corrections are untrusted input: each part is validated on
// its own, an invalid part is reported and ignored, the rest still applies.
//
// Shape (all optional):
// {
//   "origins": [OriginRule…],                      // tried before the built-in ones
//   "steps": {
//     "<step id>": {
//       "title": {nl,en}, "instructions": {nl:[…], en:[…]},
//       "pages": [PageRule…],                       // same id replaces, new id is added
//       "removePages": ["<page id>"…],
//       "done": [DoneRule…], "checks": ["<check id>"…], "manualConfirm": true|false,
//       "captures": [CaptureRule…]
//     }
//   }
// }

const MAX_TEXT = 500;
const MAX_ITEMS = 50;

type Check<T> = (value: unknown, path: string, problems: string[]) => T | undefined;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function shortString(v: unknown): v is string {
  return typeof v === 'string' && v.trim().length > 0 && v.length <= MAX_TEXT;
}

function list<T>(check: Check<T>): Check<T[]> {
  return (value, path, problems) => {
    if (!Array.isArray(value) || value.length > MAX_ITEMS) {
      problems.push(`${path}: expected a list of at most ${MAX_ITEMS} items`);
      return undefined;
    }
    const out: T[] = [];
    let failed = false;
    value.forEach((item, i) => {
      const r = check(item, `${path}[${i}]`, problems);
      if (r === undefined) failed = true;
      else out.push(r);
    });
    return failed ? undefined : out;
  };
}

const localText: Check<LocalText> = (v, path, problems) => {
  if (isRecord(v) && shortString(v.nl) && shortString(v.en)) return { nl: v.nl, en: v.en };
  problems.push(`${path}: expected {nl, en} with non-empty texts`);
  return undefined;
};

const stringList: Check<string[]> = list((v, path, problems) => {
  if (shortString(v)) return v;
  problems.push(`${path}: expected a non-empty string`);
  return undefined;
});

const landmarkCheck: Check<Landmark> = (v, path, problems) => {
  if (!isRecord(v) || !shortString(v.name)) {
    problems.push(`${path}: expected {role, name}`);
    return undefined;
  }
  if (shortString(v.role)) return { role: v.role, name: v.name };
  if (Array.isArray(v.role) && v.role.length > 0 && v.role.every(shortString)) {
    return { role: [...v.role], name: v.name };
  }
  problems.push(`${path}.role: expected a role or a list of roles`);
  return undefined;
};

const landmarks = list(landmarkCheck);

const isEnvironment = (v: unknown): v is Environment =>
  typeof v === 'string' && (ENVIRONMENTS as readonly string[]).includes(v);

const urlPatterns: Check<UrlPatterns> = (v, path, problems) => {
  if (!isRecord(v)) {
    problems.push(`${path}: expected {environment: [patterns]}`);
    return undefined;
  }
  const out: UrlPatterns = {};
  for (const [env, patterns] of Object.entries(v)) {
    if (!isEnvironment(env)) {
      problems.push(`${path}.${env}: unknown environment`);
      return undefined;
    }
    const p = stringList(patterns, `${path}.${env}`, problems);
    if (p === undefined) return undefined;
    out[env] = p;
  }
  return out;
};

const pageRule: Check<PageRule> = (v, path, problems) => {
  if (!isRecord(v) || !shortString(v.id)) {
    problems.push(`${path}: expected a page rule with an id`);
    return undefined;
  }
  const urls = urlPatterns(v.urls ?? {}, `${path}.urls`, problems);
  const required = landmarks(v.landmarks, `${path}.landmarks`, problems);
  const unless = v.unless === undefined ? [] : landmarks(v.unless, `${path}.unless`, problems);
  const next = v.next === undefined ? null : landmarkCheck(v.next, `${path}.next`, problems);
  if (v.waiting !== undefined && typeof v.waiting !== 'boolean')
    problems.push(`${path}.waiting: expected a boolean`);
  if (urls === undefined || required === undefined || unless === undefined || next === undefined)
    return undefined;
  if (v.waiting !== undefined && typeof v.waiting !== 'boolean') return undefined;
  if (required.length === 0 && Object.keys(urls).length === 0) {
    problems.push(`${path}: a page needs landmarks or URL patterns`);
    return undefined;
  }
  const text =
    v.instructions === undefined ? null : instructions(v.instructions, `${path}.instructions`, problems);
  const checks = v.checks === undefined ? null : checkIds(v.checks, `${path}.checks`, problems);
  const unequal = text !== undefined && text !== null && text.nl.length !== text.en.length;
  if (unequal) problems.push(`${path}.instructions: nl and en differ in length`);
  if (text === undefined || checks === undefined || unequal) return undefined;
  const rule: PageRule = { id: v.id, urls, landmarks: required };
  if (unless.length > 0) rule.unless = unless;
  if (next !== null) rule.next = next;
  if (v.waiting === true) rule.waiting = true;
  if (text) rule.instructions = text;
  if (checks) rule.checks = checks;
  return rule;
};

const doneRule: Check<DoneRule> = (v, path, problems) => {
  if (!isRecord(v)) {
    problems.push(`${path}: expected a done rule`);
    return undefined;
  }
  const required = landmarks(v.landmarks, `${path}.landmarks`, problems);
  const urls = v.urls === undefined ? null : urlPatterns(v.urls, `${path}.urls`, problems);
  if (required === undefined || urls === undefined) return undefined;
  return urls === null ? { landmarks: required } : { landmarks: required, urls };
};

const captureRule: Check<CaptureRule> = (v, path, problems) => {
  if (!isRecord(v) || (v.field !== 'ura' && v.field !== 'organisationName')) {
    problems.push(`${path}: expected {field: 'ura'|'organisationName', landmarks}`);
    return undefined;
  }
  const required = landmarks(v.landmarks, `${path}.landmarks`, problems);
  return required === undefined ? undefined : { field: v.field, landmarks: required };
};

const checkIds: Check<CheckId[]> = list((v, path, problems) => {
  if (typeof v === 'string' && (CHECK_IDS as readonly string[]).includes(v)) return v as CheckId;
  problems.push(`${path}: unknown check ${JSON.stringify(v)}`);
  return undefined;
});

const originRule: Check<OriginRule> = (v, path, problems) => {
  if (!isRecord(v) || !isEnvironment(v.environment) || !shortString(v.origin)) {
    problems.push(`${path}: expected {environment, origin}`);
    return undefined;
  }
  if (!/^https?:\/\/[^/\s]+$/.test(v.origin)) {
    problems.push(`${path}.origin: expected scheme://host[:port] without a path`);
    return undefined;
  }
  if (v.sandboxMeta !== undefined && v.sandboxMeta !== 'acceptatie' && v.sandboxMeta !== 'productie') {
    problems.push(`${path}.sandboxMeta: expected 'acceptatie' or 'productie'`);
    return undefined;
  }
  const rule: OriginRule = { environment: v.environment, origin: v.origin };
  if (v.sandboxMeta !== undefined) rule.sandboxMeta = v.sandboxMeta;
  return rule;
};

const instructions: Check<{ nl: string[]; en: string[] }> = (v, path, problems) => {
  if (!isRecord(v)) {
    problems.push(`${path}: expected {nl: [...], en: [...]}`);
    return undefined;
  }
  const nl = stringList(v.nl, `${path}.nl`, problems);
  const en = stringList(v.en, `${path}.en`, problems);
  return nl && en ? { nl, en } : undefined;
};

function cloneMap(map: StepMap): StepMap {
  return structuredClone(map);
}

function correctStep(
  step: StepDefinition,
  c: Record<string, unknown>,
  path: string,
  problems: string[],
): void {
  const known = new Set([
    'title',
    'instructions',
    'pages',
    'removePages',
    'done',
    'checks',
    'manualConfirm',
    'captures',
  ]);
  for (const key of Object.keys(c))
    if (!known.has(key)) problems.push(`${path}.${key}: unknown field, ignored`);
  if (c.title !== undefined) {
    const t = localText(c.title, `${path}.title`, problems);
    if (t) step.title = t;
  }
  if (c.instructions !== undefined) {
    const t = instructions(c.instructions, `${path}.instructions`, problems);
    if (t) step.instructions = t;
  }
  if (c.removePages !== undefined) {
    const ids = stringList(c.removePages, `${path}.removePages`, problems);
    if (ids) step.pages = step.pages.filter((p) => !ids.includes(p.id));
  }
  if (c.pages !== undefined) {
    if (!Array.isArray(c.pages)) problems.push(`${path}.pages: expected a list`);
    else
      c.pages.slice(0, MAX_ITEMS).forEach((raw, i) => {
        const rule = pageRule(raw, `${path}.pages[${i}]`, problems);
        if (!rule) return;
        const at = step.pages.findIndex((p) => p.id === rule.id);
        if (at >= 0) step.pages[at] = rule;
        else step.pages.push(rule);
      });
  }
  if (c.done !== undefined) {
    const d = list(doneRule)(c.done, `${path}.done`, problems);
    if (d) step.done = d;
  }
  if (c.checks !== undefined) {
    const ids = checkIds(c.checks, `${path}.checks`, problems);
    if (ids) step.checks = ids;
  }
  if (c.manualConfirm !== undefined) {
    if (typeof c.manualConfirm === 'boolean') step.manualConfirm = c.manualConfirm;
    else problems.push(`${path}.manualConfirm: expected a boolean`);
  }
  if (c.captures !== undefined) {
    const caps = list(captureRule)(c.captures, `${path}.captures`, problems);
    if (caps) step.captures = caps;
  }
}

/** Applies policy corrections to a copy of the map; the input map is not changed. */
export function applyStepMapCorrections(
  map: StepMap,
  corrections: unknown,
): { map: StepMap; problems: string[] } {
  const problems: string[] = [];
  const out = cloneMap(map);
  if (corrections === undefined || corrections === null) return { map: out, problems };
  if (!isRecord(corrections)) return { map: out, problems: ['corrections: expected an object, ignored'] };
  for (const key of Object.keys(corrections)) {
    if (key !== 'origins' && key !== 'steps' && key !== 'version')
      problems.push(`corrections.${key}: unknown field, ignored`);
  }
  if (corrections.origins !== undefined) {
    if (!Array.isArray(corrections.origins)) problems.push('corrections.origins: expected a list');
    else {
      const added = corrections.origins
        .slice(0, MAX_ITEMS)
        .map((raw, i) => originRule(raw, `corrections.origins[${i}]`, problems))
        .filter((r): r is OriginRule => r !== undefined);
      out.origins = [...added, ...out.origins];
    }
  }
  if (corrections.steps !== undefined) {
    if (!isRecord(corrections.steps)) problems.push('corrections.steps: expected an object keyed by step id');
    else {
      for (const [id, c] of Object.entries(corrections.steps)) {
        const path = `corrections.steps.${id}`;
        const step = out.steps.find((s) => s.id === id);
        if (!(STEP_IDS as readonly string[]).includes(id) || !step) {
          problems.push(`${path}: unknown step, ignored`);
          continue;
        }
        if (!isRecord(c)) {
          problems.push(`${path}: expected an object, ignored`);
          continue;
        }
        correctStep(step, c, path, problems);
      }
    }
  }
  return { map: out, problems };
}

/** Structural problems of a whole map (used for the built-in map and in tests). */
export function validateStepMap(map: StepMap): string[] {
  const problems: string[] = [];
  const ids = map.steps.map((s) => s.id);
  if (new Set(ids).size !== ids.length) problems.push('step ids are not unique');
  STEP_IDS.forEach((id, i) => {
    if (ids[i] !== id) problems.push(`step ${i} should be ${id}, is ${String(ids[i])}`);
  });
  for (const step of map.steps) {
    const path = `steps.${step.id}`;
    localText(step.title, `${path}.title`, problems);
    const instr = instructions(step.instructions, `${path}.instructions`, problems);
    if (instr && instr.nl.length !== instr.en.length)
      problems.push(`${path}.instructions: nl and en differ in length`);
    step.pages.forEach((p, i) => pageRule(p, `${path}.pages[${i}]`, problems));
    const pageIds = step.pages.map((p) => p.id);
    if (new Set(pageIds).size !== pageIds.length) problems.push(`${path}.pages: ids are not unique`);
    step.done.forEach((d, i) => doneRule(d, `${path}.done[${i}]`, problems));
    checkIds(step.checks, `${path}.checks`, problems);
  }
  map.origins.forEach((o, i) => originRule(o, `origins[${i}]`, problems));
  return problems;
}
