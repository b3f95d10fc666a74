// The guide's saved progress, as a tester needs it: which step the guide shows, which steps are
// done (stored in chrome.storage.local under `zorgid-guide-progress:<environment>[:<URA>]`), and
// the checks the panel shows. Read from an extension page, so no service worker is needed.
import type { Page } from 'puppeteer-core';
import { progressKey, validateProgress, type Progress } from '../shared/steps/progress.js';
import { STEP_IDS, type Environment, type StepId } from '../shared/steps/types.js';
import type { KitBrowser } from './browser.js';
import { guideState, type GuideCheck } from './guide.js';
import { waitUntil, type WaitOptions } from './wait.js';

export { STEP_IDS, type StepId };
export { CHECK_IDS, type CheckId } from '../shared/steps/types.js';

export interface GuideProgress {
  /** The step the guide shows on this page (`data-step`), undefined without a guide. */
  current: StepId | undefined;
  /** Steps stored as done or skipped, in step order. */
  completed: StepId[];
  /** The checks the panel shows now (id, status 'ok' | 'warning' | 'unknown', text). */
  checks: GuideCheck[];
  /** The stored progress itself (validated), undefined when nothing was saved yet. */
  stored: Progress | undefined;
}

export interface GuideProgressOptions extends WaitOptions {
  /** Default 'sandbox-acceptatie' (the sandbox portal on :4410). */
  environment?: Environment;
}

/** The stored progress of an environment: the organisation's own key when its URA is known. */
export async function storedProgress(
  kit: KitBrowser,
  environment: Environment = 'sandbox-acceptatie',
): Promise<Progress | undefined> {
  const all = await kit.storage('local');
  const general = validateProgress(all[progressKey(environment)]);
  if (!general.ok) return undefined;
  const ura = general.progress.ura;
  const own = ura === undefined ? undefined : validateProgress(all[progressKey(environment, ura)]);
  return own?.ok ? own.progress : general.progress;
}

export async function guideProgress(
  page: Page,
  kit: KitBrowser,
  options: GuideProgressOptions = {},
): Promise<GuideProgress> {
  const [shown, stored] = await Promise.all([guideState(page), storedProgress(kit, options.environment)]);
  return {
    current: shown.step as StepId | undefined,
    completed: STEP_IDS.filter((id) => stored?.steps[id] !== undefined),
    checks: shown.checks,
    stored,
  };
}

/**
 * Waits until the guide has saved: the stored progress holds these steps as completed (and, when
 * given, the step it shows is stored as the current one). Fails with the last progress seen.
 */
export function waitForGuideSaved(
  page: Page,
  kit: KitBrowser,
  expected: { completed?: StepId[]; current?: StepId },
  options: GuideProgressOptions = {},
): Promise<GuideProgress> {
  return waitUntil(
    `opgeslagen voortgang / saved progress ${JSON.stringify(expected)}`,
    () => guideProgress(page, kit, options),
    (p) =>
      (expected.completed ?? []).every((id) => p.completed.includes(id)) &&
      (expected.current === undefined ||
        (p.current === expected.current && p.stored?.current === expected.current)),
    options,
  );
}
