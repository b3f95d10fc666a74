import { t } from '../../../shared/i18n/guide-strings.js';
import type { CardStatusView } from '../../../shared/steps/card-status.js';
import { runChecks, type CheckResult } from '../../../shared/steps/checks.js';
import type { Progress, StepProgress } from '../../../shared/steps/progress.js';
import type { LocalText, StepDefinition, StepId, StepMap } from '../../../shared/steps/types.js';
import type { StepDetection } from '../../portal/detect-step.js';
import type { GuideState } from '../../ui/host.js';
import { isFinished, resolveStep } from './resolve-step.js';
import { stepForPage } from '../../../shared/steps/page-variant.js';

// What the guide shows, as a pure function of what the page is (detection), the card, the user's
// progress and their back/forward choice. start-guide.tsx only gathers these facts, renders the
// result, and does the effects (placement, focus, scrolling, announcing, storing progress); the
// rules are table-tested in test/unit/guide/guide-state.test.ts without a DOM.

export interface GuideMessage {
  text: LocalText;
  tone: 'info' | 'warning';
}

/** What the page detection found, as far as the guide's state depends on it. */
export type PageFacts = Pick<
  StepDetection,
  'stepId' | 'match' | 'doneSteps' | 'missing' | 'nextLandmark' | 'waiting' | 'page' | 'target' | 'pageId'
>;

export interface GuideFacts {
  stepMap: StepMap;
  page: PageFacts;
  card: CardStatusView | undefined;
  progress: Progress;
  /** The step the user went to with back/forward; holds until the page changes. */
  viewStep: StepId | undefined;
  /** Messages raised so far (new organisation, progress reset, storage trouble). */
  messages: readonly GuideMessage[];
}

export interface GuideView {
  step: StepDefinition;
  /** The page's own step, when an earlier step without a page must be done first. */
  thenStep: StepDefinition | undefined;
  state: GuideState;
  checks: CheckResult[];
  /** Landmarks of the shown step the page lacks (only when the page belongs to that step). */
  missing: PageFacts['missing'];
  /** The page control to outline; only when it belongs to the step shown. */
  target: Element | undefined;
  nextLandmark: PageFacts['nextLandmark'];
  waiting: boolean;
  confirmationSeen: boolean;
  messages: GuideMessage[];
  stepCount: number;
  canGoBack: boolean;
  canGoForward: boolean;
}

export const bilingual = (key: Parameters<typeof t>[1], params: Record<string, string> = {}): LocalText => ({
  nl: t('nl', key, params),
  en: t('en', key, params),
});

export function guideState(facts: GuideFacts): GuideView {
  const { stepMap, page, progress } = facts;
  const steps = stepMap.steps;
  const resolution = resolveStep(stepMap, page, progress, facts.viewStep);
  // The page's own instructions and checks (Desktop App or page API login), when it has them.
  const step = stepForPage(resolution.step, page.pageId);
  const onPage = page.match !== 'none' && page.stepId === step.id;
  const checks = runChecks(step.checks, {
    card: facts.card,
    page: page.page,
    application: progress.application,
  });
  const missing = resolution.highlight ? page.missing : [];
  const finished = isFinished(progress, step.id);
  const waiting = onPage && page.waiting && !finished;
  const allDone = steps.every((s) => isFinished(progress, s.id));
  const state: GuideState = allDone
    ? 'done'
    : page.match === 'none' && !finished
      ? 'idle'
      : waiting
        ? 'waiting'
        : missing.length > 0 || checks.some((c) => c.status === 'warning')
          ? 'warning'
          : finished
            ? 'done'
            : 'active';
  const index = steps.findIndex((s) => s.id === step.id);
  return {
    step,
    thenStep: resolution.thenStep,
    state,
    checks,
    missing,
    target: resolution.highlight ? page.target : undefined,
    nextLandmark: resolution.highlight ? page.nextLandmark : undefined,
    waiting,
    confirmationSeen: onPage && page.doneSteps.includes(step.id),
    messages: allDone
      ? [...facts.messages, { text: bilingual('allDone'), tone: 'info' }]
      : [...facts.messages],
    stepCount: steps.length,
    canGoBack: index > 0,
    canGoForward: index < steps.length - 1,
  };
}

/** What a page proves about the user's progress; empty when it proves nothing new. */
export interface PageProgress {
  steps: Partial<Record<StepId, StepProgress>>;
  organisationName?: string;
  /** A URA typed into the application form that differs from the one known. */
  ura?: string;
}

export function progressFromPage(
  stepMap: StepMap,
  page: Pick<StepDetection, 'stepId' | 'match' | 'doneSteps' | 'captured'>,
  progress: Progress,
  at: string,
): PageProgress {
  const steps = stepMap.steps;
  const out: PageProgress = { steps: {} };
  const done: StepProgress = { status: 'done', by: 'page', at };
  if (page.match !== 'none' && page.stepId !== undefined) {
    // Reaching a page proves the earlier steps the browser can see were done.
    const index = steps.findIndex((s) => s.id === page.stepId);
    for (const s of steps.slice(0, Math.max(0, index))) {
      if (!s.manualConfirm && s.pages.length > 0 && !isFinished(progress, s.id)) out.steps[s.id] = done;
    }
  }
  for (const id of page.doneSteps) {
    if (progress.steps[id]?.status !== 'done') out.steps[id] = done;
  }
  const { ura, organisationName } = page.captured;
  const newUra = ura !== undefined && ura !== '' && ura !== progress.application.ura;
  if (newUra) out.ura = ura;
  if (organisationName && (newUra || organisationName !== progress.application.organisationName)) {
    out.organisationName = organisationName;
  }
  return out;
}

export function isEmptyPageProgress(change: PageProgress): boolean {
  return Object.keys(change.steps).length === 0 && !change.ura && !change.organisationName;
}

/** Writes what the page proved into a progress draft (ProgressSession.update's callback). */
export function applyPageProgress(draft: Progress, change: PageProgress): void {
  Object.assign(draft.steps, change.steps);
  if (change.organisationName) draft.application.organisationName = change.organisationName;
  if (change.ura) draft.application.ura = change.ura;
}

/** "Stap k van n: title", for the screen reader when the shown step changes. */
export function stepAnnouncement(step: StepDefinition, stepCount: number): LocalText {
  const params = (language: 'nl' | 'en') => ({
    k: String(step.number),
    n: String(stepCount),
    title: step.title[language],
  });
  return { nl: t('nl', 'stepAnnounce', params('nl')), en: t('en', 'stepAnnounce', params('en')) };
}

export interface ShownChecks {
  step: StepId;
  status: Map<string, string>;
}

/** Checks whose status changed since last shown on the same step: their messages are announced. */
export function changedChecks(
  before: ShownChecks | undefined,
  step: StepId,
  checks: readonly CheckResult[],
): { changed: LocalText[]; shown: ShownChecks } {
  const changed: LocalText[] = [];
  if (before?.step === step) {
    for (const c of checks) {
      const previous = before.status.get(c.id);
      if (previous !== undefined && previous !== c.status) changed.push(c.message);
    }
  }
  return { changed, shown: { step, status: new Map(checks.map((c) => [c.id, c.status])) } };
}
