import type { Progress } from '../../../shared/steps/progress.js';
import type { StepDefinition, StepId, StepMap } from '../../../shared/steps/types.js';
import type { StepDetection } from '../../portal/detect-step.js';

// Which step the panel shows, given what the page is and what the user has done. Pure, so the
// rules are testable on their own:
// - the page's step, or the next unfinished one when the page shows that step is done;
// - but first any earlier step that has no page of its own (preparation, installing the app)
//   and is not finished yet: the browser cannot see those happen;
// - the user's back/forward choice wins until the page changes;
// - a control is outlined only when it belongs to the step shown.

export interface Resolution {
  step: StepDefinition;
  /** The page's step, when an earlier step is shown first. */
  thenStep?: StepDefinition;
  /** Whether the page's next control belongs to the shown step (then it is highlighted). */
  highlight: boolean;
}

export function isFinished(progress: Progress, id: StepId): boolean {
  return progress.steps[id] !== undefined;
}

function isPageless(step: StepDefinition): boolean {
  return step.manualConfirm && step.pages.length === 0;
}

export function resolveStep(
  map: StepMap,
  detection: Pick<StepDetection, 'stepId' | 'match' | 'doneSteps'>,
  progress: Progress,
  viewStep: StepId | undefined,
): Resolution {
  const steps = map.steps;
  const first = steps[0];
  if (first === undefined) throw new Error('empty step map');
  const byId = (id: StepId | undefined) => steps.find((s) => s.id === id);
  const viewed = byId(viewStep);
  if (viewed)
    return { step: viewed, highlight: detection.match !== 'none' && detection.stepId === viewed.id };

  const pageStep = detection.match !== 'none' ? byId(detection.stepId) : undefined;
  let candidate = pageStep ?? byId(progress.current) ?? first;
  if (pageStep && detection.doneSteps.includes(pageStep.id)) {
    const after = steps.slice(steps.indexOf(pageStep) + 1);
    candidate = after.find((s) => !isFinished(progress, s.id)) ?? after[after.length - 1] ?? pageStep;
  }
  const gate = steps
    .slice(0, steps.indexOf(candidate))
    .find((s) => isPageless(s) && !isFinished(progress, s.id));
  if (gate) return { step: gate, thenStep: candidate, highlight: false };
  // The outline and the step shown always agree: a page whose own step is done shows the next
  // step, and the page's control (which belongs to the done step) is not outlined.
  return { step: candidate, highlight: pageStep !== undefined && candidate.id === pageStep.id };
}
