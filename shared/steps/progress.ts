import { normaliseUra } from './checks.js';
import { ENVIRONMENTS, STEP_IDS, type Environment, type StepId } from './types.js';

// Progress through the registration, per environment and organisation. Everything loaded is
// validated: storage can hold anything (older versions, hand edits, other extensions' bugs).

export const PROGRESS_VERSION = 1;
const KEY_PREFIX = 'zorgid-guide-progress';

export type StepStatus = 'done' | 'skipped';

export interface StepProgress {
  status: StepStatus;
  /** 'page': the guide saw it on a page; 'user': the user said so ("gedaan" / "volgende"). */
  by: 'page' | 'user';
  at: string;
}

export interface Progress {
  version: typeof PROGRESS_VERSION;
  environment: Environment;
  /** The organisation this progress belongs to, once known. */
  ura?: string;
  application: { ura?: string; organisationName?: string };
  steps: Partial<Record<StepId, StepProgress>>;
  /** Prepare checklist: item id → ticked. */
  checklist: Record<string, boolean>;
  /** The step the user last looked at. */
  current?: StepId;
  /** On acceptatie: the user said they are a supplier testing, so no warning. */
  supplierTesting?: boolean;
  updatedAt: string;
}

export function emptyProgress(environment: Environment, now: Date = new Date()): Progress {
  return {
    version: PROGRESS_VERSION,
    environment,
    application: {},
    steps: {},
    checklist: {},
    updatedAt: now.toISOString(),
  };
}

/** Storage key: per environment, and per organisation (URA) once that is known. */
export function progressKey(environment: Environment, ura?: string): string {
  const normalised = normaliseUra(ura);
  return normalised === undefined
    ? `${KEY_PREFIX}:${environment}`
    : `${KEY_PREFIX}:${environment}:${normalised}`;
}

export type ProgressValidation = { ok: true; progress: Progress } | { ok: false; problems: string[] };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isStepId = (v: unknown): v is StepId =>
  typeof v === 'string' && (STEP_IDS as readonly string[]).includes(v);
const isEnvironment = (v: unknown): v is Environment =>
  typeof v === 'string' && (ENVIRONMENTS as readonly string[]).includes(v);
const optionalString = (v: unknown): v is string | undefined => v === undefined || typeof v === 'string';
const MAX_CHECKLIST_ITEMS = 200;

/** Checks shape and values; returns a clean copy (unknown fields dropped) or the problems found. */
export function validateProgress(value: unknown): ProgressValidation {
  const problems: string[] = [];
  if (!isRecord(value)) return { ok: false, problems: ['progress is not an object'] };
  if (value.version !== PROGRESS_VERSION) problems.push(`unsupported version ${String(value.version)}`);
  if (!isEnvironment(value.environment)) problems.push('environment is invalid');
  if (!optionalString(value.ura)) problems.push('ura is not a string');
  if (typeof value.updatedAt !== 'string') problems.push('updatedAt is missing');
  const application = value.application ?? {};
  if (
    !isRecord(application) ||
    !optionalString(application.ura) ||
    !optionalString(application.organisationName)
  ) {
    problems.push('application is invalid');
  }
  const steps: Partial<Record<StepId, StepProgress>> = {};
  if (!isRecord(value.steps)) problems.push('steps is not an object');
  else {
    for (const [id, entry] of Object.entries(value.steps)) {
      if (
        !isStepId(id) ||
        !isRecord(entry) ||
        (entry.status !== 'done' && entry.status !== 'skipped') ||
        (entry.by !== 'page' && entry.by !== 'user') ||
        typeof entry.at !== 'string'
      ) {
        problems.push(`step entry ${id} is invalid`);
        continue;
      }
      steps[id] = { status: entry.status, by: entry.by, at: entry.at };
    }
  }
  const checklist: Record<string, boolean> = {};
  const rawChecklist = value.checklist ?? {};
  if (!isRecord(rawChecklist) || Object.keys(rawChecklist).length > MAX_CHECKLIST_ITEMS) {
    problems.push('checklist is invalid');
  } else {
    for (const [id, ticked] of Object.entries(rawChecklist)) {
      if (typeof ticked !== 'boolean') problems.push(`checklist item ${id} is not a boolean`);
      else checklist[id] = ticked;
    }
  }
  if (value.current !== undefined && !isStepId(value.current)) problems.push('current step is unknown');
  if (value.supplierTesting !== undefined && typeof value.supplierTesting !== 'boolean') {
    problems.push('supplierTesting is not a boolean');
  }
  if (problems.length > 0) return { ok: false, problems };
  const app = application as { ura?: string; organisationName?: string };
  const progress: Progress = {
    version: PROGRESS_VERSION,
    environment: value.environment as Environment,
    application: {
      ...(app.ura !== undefined ? { ura: app.ura } : {}),
      ...(app.organisationName !== undefined ? { organisationName: app.organisationName } : {}),
    },
    steps,
    checklist,
    updatedAt: value.updatedAt as string,
  };
  if (typeof value.ura === 'string') progress.ura = value.ura;
  if (isStepId(value.current)) progress.current = value.current;
  if (typeof value.supplierTesting === 'boolean') progress.supplierTesting = value.supplierTesting;
  return { ok: true, progress };
}

const EXPORT_FORMAT = 'zorgid-companion-progress';

/** A JSON document the user can save or send to the helpdesk. Holds no card data. */
export function exportProgress(progress: Progress): string {
  return JSON.stringify({ format: EXPORT_FORMAT, progress }, null, 2);
}

export function importProgress(json: string): ProgressValidation {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { ok: false, problems: ['not valid JSON'] };
  }
  if (!isRecord(parsed) || parsed.format !== EXPORT_FORMAT)
    return { ok: false, problems: ['not a progress export'] };
  return validateProgress(parsed.progress);
}

export function isStepFinished(progress: Progress, id: StepId): boolean {
  return progress.steps[id] !== undefined;
}

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Per field: what this writer changed since `base` wins, everything else comes from `theirs`. */
function pick<T>(base: T, mine: T, theirs: T): T {
  return sameValue(mine, base) ? theirs : mine;
}

function mergeRecord<V>(
  base: Partial<Record<string, V>>,
  mine: Partial<Record<string, V>>,
  theirs: Partial<Record<string, V>>,
): Partial<Record<string, V>> {
  const merged: Partial<Record<string, V>> = {};
  for (const id of new Set([...Object.keys(base), ...Object.keys(mine), ...Object.keys(theirs)])) {
    const value = pick(base[id], mine[id], theirs[id]);
    if (value !== undefined) merged[id] = value;
  }
  return merged;
}

/**
 * Three-way merge of two writers' progress (two tabs of the same portal): `base` is what this
 * writer last read from storage, `mine` what it wants to write, `theirs` what storage holds now.
 * Per step, per checklist item and per field, a change made by this writer since `base` wins;
 * anything it did not touch keeps the other writer's value. So a step confirmed in one tab and an
 * application captured in another both survive, and an undo (a removed step) is kept too.
 * `base` undefined: nothing was stored when this writer started, so everything it set is its change.
 */
export function mergeProgress(
  base: Progress | undefined,
  mine: Progress,
  theirs: Progress | undefined,
): Progress {
  if (theirs === undefined || theirs.environment !== mine.environment) return structuredClone(mine);
  const b = base ?? emptyProgress(mine.environment, new Date(0));
  const merged: Progress = {
    version: PROGRESS_VERSION,
    environment: mine.environment,
    application: mergeRecord(b.application, mine.application, theirs.application),
    steps: mergeRecord(b.steps, mine.steps, theirs.steps),
    checklist: mergeRecord(b.checklist, mine.checklist, theirs.checklist) as Record<string, boolean>,
    updatedAt: mine.updatedAt > theirs.updatedAt ? mine.updatedAt : theirs.updatedAt,
  };
  const ura = pick(b.ura, mine.ura, theirs.ura);
  if (ura !== undefined) merged.ura = ura;
  const current = pick(b.current, mine.current, theirs.current);
  if (current !== undefined) merged.current = current;
  const supplierTesting = pick(b.supplierTesting, mine.supplierTesting, theirs.supplierTesting);
  if (supplierTesting !== undefined) merged.supplierTesting = supplierTesting;
  return structuredClone(merged);
}

/** The key names progressKey() produces; anything else is not progress (the worker refuses it). */
export function isProgressKey(key: unknown): key is string {
  if (typeof key !== 'string' || !key.startsWith(`${KEY_PREFIX}:`)) return false;
  const [environment, ura, ...rest] = key.slice(KEY_PREFIX.length + 1).split(':');
  return rest.length === 0 && isEnvironment(environment) && (ura === undefined || /^\d{1,20}$/.test(ura));
}
