import type { OrganisationFacts } from '../../shared/steps/checks.js';
import { SANDBOX_META_NAME, detectEnvironment } from '../../shared/steps/environment.js';
import type { Progress } from '../../shared/steps/progress.js';
import type {
  Environment,
  Landmark,
  PageRule,
  StepDefinition,
  StepId,
  StepMap,
  UrlPatterns,
} from '../../shared/steps/types.js';
import { urlPatternMatches } from '../../shared/steps/url-patterns.js';
import { readCapturedFields, readOrganisationFacts, FACT_ROLES } from './page-facts.js';
import { PageQuery, landmarkRoles } from './query.js';

// Which step is this page? By URL pattern (where known) and by role + accessible name of the
// landmarks the step map lists. A page whose controls have moved, been renamed in markup or
// wrapped in other elements is still found; a missing control is reported, never guessed.

export type MatchKind = 'full' | 'partial' | 'none';

export interface StepDetection {
  /** The step this page belongs to; without a match, the step the progress was at. */
  stepId: StepId | undefined;
  environment: Environment;
  /** Landmarks and the next control expected on this page but not found. */
  missing: Landmark[];
  /** The control to highlight next, when found. */
  target?: Element;
  nextLandmark?: Landmark;
  pageId?: string;
  match: MatchKind;
  /** Sent, not yet confirmed (application form, mailbox). */
  waiting: boolean;
  /** Steps whose done rules hold on this page. */
  doneSteps: StepId[];
  /** What the page shows about the organisation (the portal's definition list). */
  page: OrganisationFacts;
  /** What the user typed into the application form on this page. */
  captured: OrganisationFacts;
  elementCount: number;
}

export interface DetectOptions {
  /** The guide's own host element: never searched. */
  exclude?: Element | null;
}

type UrlState = 'match' | 'unknown' | 'mismatch';

function urlState(
  patterns: UrlPatterns | undefined,
  environment: Environment,
  url: URL | undefined,
): UrlState {
  const list = patterns?.[environment];
  if (list === undefined || list.length === 0) return 'unknown';
  if (url === undefined) return 'mismatch';
  return list.some((p) => urlPatternMatches(p, url)) ? 'match' : 'mismatch';
}

/** Every role the map asks for, so one walk over the page indexes exactly what is needed. */
export function rolesOfStepMap(map: StepMap): Set<string> {
  const roles = new Set<string>(FACT_ROLES);
  const add = (l: Landmark | undefined) => l && landmarkRoles(l).forEach((r) => roles.add(r));
  for (const step of map.steps) {
    for (const page of step.pages) {
      page.landmarks.forEach(add);
      page.unless?.forEach(add);
      add(page.next);
    }
    step.done.forEach((d) => d.landmarks.forEach(add));
    step.captures?.forEach((c) => c.landmarks.forEach(add));
  }
  return roles;
}

const roleCache = new WeakMap<StepMap, Set<string>>();

interface Candidate {
  step: StepDefinition;
  page: PageRule;
  order: number;
  url: UrlState;
  present: number;
  missing: Landmark[];
}

/** Partial matches without a URL need most of their landmarks: one stray heading is not a page. */
const MIN_PARTIAL_LANDMARKS = 2;
const MIN_PARTIAL_SHARE = 0.5;

function rankFull(a: Candidate, b: Candidate, current: StepId | undefined): number {
  return (
    Number(b.url === 'match') - Number(a.url === 'match') ||
    b.page.landmarks.length - a.page.landmarks.length ||
    Number(b.step.id === current) - Number(a.step.id === current) ||
    a.order - b.order
  );
}

function rankPartial(a: Candidate, b: Candidate, current: StepId | undefined): number {
  return (
    b.present - a.present ||
    Number(b.url === 'match') - Number(a.url === 'match') ||
    Number(b.step.id === current) - Number(a.step.id === current) ||
    a.order - b.order
  );
}

export function sandboxMetaOf(doc: Document): string | null {
  for (const meta of Array.from(doc.getElementsByTagName('meta'))) {
    if (meta.getAttribute('name') === SANDBOX_META_NAME) return meta.getAttribute('content');
  }
  return null;
}

export function detectStep(
  doc: Document,
  location: { href: string },
  stepMap: StepMap,
  progress?: Progress,
  options: DetectOptions = {},
): StepDetection {
  const environment = detectEnvironment(location.href, sandboxMetaOf(doc), stepMap.origins);
  let url: URL | undefined;
  try {
    url = new URL(location.href);
  } catch {
    url = undefined;
  }
  let roles = roleCache.get(stepMap);
  if (roles === undefined) roleCache.set(stepMap, (roles = rolesOfStepMap(stepMap)));
  const root = doc.body ?? doc.documentElement;
  const query = new PageQuery(root ?? doc, roles, options.exclude);
  const present = (l: Landmark) => query.find(l) !== undefined;

  const full: Candidate[] = [];
  const partial: Candidate[] = [];
  let order = 0;
  for (const step of stepMap.steps) {
    for (const page of step.pages) {
      order++;
      const state = urlState(page.urls, environment, url);
      if (state === 'mismatch') continue;
      if (page.unless?.some(present)) continue;
      const missing = page.landmarks.filter((l) => !present(l));
      const candidate: Candidate = {
        step,
        page,
        order,
        url: state,
        present: page.landmarks.length - missing.length,
        missing,
      };
      if (missing.length === 0 && (page.landmarks.length > 0 || state === 'match')) full.push(candidate);
      else if (state === 'match') partial.push(candidate);
      else if (
        page.landmarks.length >= MIN_PARTIAL_LANDMARKS &&
        candidate.present / page.landmarks.length >= MIN_PARTIAL_SHARE
      ) {
        partial.push(candidate);
      }
    }
  }
  const current = progress?.current;
  full.sort((a, b) => rankFull(a, b, current));
  partial.sort((a, b) => rankPartial(a, b, current));
  const best = full[0] ?? partial[0];

  const doneSteps = stepMap.steps
    .filter((step) =>
      step.done.some(
        (rule) => urlState(rule.urls, environment, url) !== 'mismatch' && rule.landmarks.every(present),
      ),
    )
    .map((s) => s.id);

  const facts = readOrganisationFacts(query);
  const captureStep = best?.step.captures ? best.step : undefined;
  const captured = captureStep?.captures ? readCapturedFields(query, captureStep.captures) : {};

  if (best === undefined) {
    return {
      stepId: current,
      environment,
      missing: [],
      match: 'none',
      waiting: false,
      doneSteps,
      page: facts,
      captured,
      elementCount: query.elementCount,
    };
  }
  const missing = [...best.missing];
  const next = best.page.next;
  const target = next ? query.find(next) : undefined;
  if (next && target === undefined && !missing.some((m) => m.name === next.name)) missing.push(next);
  const detection: StepDetection = {
    stepId: best.step.id,
    environment,
    missing,
    pageId: best.page.id,
    match: full[0] ? 'full' : 'partial',
    waiting: best.page.waiting === true && !doneSteps.includes(best.step.id),
    doneSteps,
    page: facts,
    captured,
    elementCount: query.elementCount,
  };
  if (next) detection.nextLandmark = next;
  if (target) detection.target = target;
  return detection;
}
