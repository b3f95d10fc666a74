// The guide's state as a pure function of (page facts, card status, progress, the user's choice):
// table tests without a DOM. start-guide.tsx renders what guideState returns.
import { describe, expect, it } from 'vitest';
import {
  applyPageProgress,
  changedChecks,
  guideState,
  isEmptyPageProgress,
  progressFromPage,
  type GuideFacts,
  type PageFacts,
} from '../../../extension/content/guide/guide-state.js';
import { NO_CARD_STATUS, type CardStatusView } from '../../../shared/steps/card-status.js';
import { emptyProgress, type Progress } from '../../../shared/steps/progress.js';
import { DEFAULT_STEP_MAP } from '../../../shared/steps/step-map.js';
import type { StepId } from '../../../shared/steps/types.js';

const map = DEFAULT_STEP_MAP;
const steps = map.steps;
const AT = '2026-01-01T00:00:00.000Z';
const CONTROL = { tagName: 'BUTTON' } as unknown as Element;

function page(stepId: StepId | undefined, more: Partial<PageFacts> = {}): PageFacts {
  return {
    stepId,
    match: stepId ? 'full' : 'none',
    doneSteps: [],
    missing: [],
    waiting: false,
    page: {},
    target: stepId ? CONTROL : undefined,
    nextLandmark: stepId ? { role: 'button', name: 'Volgende' } : undefined,
    ...more,
  };
}

/** Progress with every step before `id` done. */
function doneBefore(id: StepId): Progress {
  const progress = emptyProgress('sandbox-acceptatie', new Date(AT));
  for (const s of steps.slice(
    0,
    steps.findIndex((x) => x.id === id),
  ))
    progress.steps[s.id] = { status: 'done', by: 'user', at: AT };
  return progress;
}

const GOOD_CARD: CardStatusView = {
  readerName: 'Virtual PCD 00 00',
  cardPresent: true,
  cardKind: 'uzi',
  identity: {
    name: 'T. Tester',
    uziNumberMasked: '9000•••28',
    cardType: 'Z',
    ura: '90000382',
    organisationName: 'Testziekenhuis',
    roleName: 'Arts',
    notAfter: '2030-01-01T00:00:00Z',
    expired: false,
  },
};

function facts(more: Partial<GuideFacts>): GuideFacts {
  return {
    stepMap: map,
    page: page(undefined),
    card: GOOD_CARD,
    progress: emptyProgress('sandbox-acceptatie', new Date(AT)),
    viewStep: undefined,
    messages: [],
    ...more,
  };
}

describe('guideState: each step on its own page, earlier steps done', () => {
  const withPages = steps.filter((s) => s.pages.length > 0);
  it.each(withPages.map((s) => [s.id]))('%s', (id) => {
    const view = guideState(facts({ page: page(id), progress: doneBefore(id) }));
    expect(view.step.id).toBe(id);
    expect(view.thenStep).toBeUndefined();
    expect(view.target).toBe(CONTROL);
    expect(['active', 'warning']).toContain(view.state);
    expect(view.canGoBack).toBe(steps[0]!.id !== id);
    expect(view.canGoForward).toBe(steps[steps.length - 1]!.id !== id);
  });
  it('has pages for most steps (the table above is not empty)', () => {
    expect(withPages.length).toBeGreaterThan(3);
  });
});

describe('guideState: states', () => {
  const login = steps.find((s) => s.checks.includes('card-present'))!.id;
  const table: [string, Partial<GuideFacts>, string][] = [
    ['unknown page, nothing done', {}, 'idle'],
    [
      'page waiting for an answer',
      { page: page(login, { waiting: true }), progress: doneBefore(login) },
      'waiting',
    ],
    [
      'a landmark missing',
      { page: page(login, { missing: [{ role: 'heading', name: 'X' }] }), progress: doneBefore(login) },
      'warning',
    ],
    ['card checks pass', { page: page(login), progress: doneBefore(login) }, 'active'],
    ['no card', { page: page(login), progress: doneBefore(login), card: NO_CARD_STATUS }, 'warning'],
    [
      'card status not known yet',
      { page: page(login), progress: doneBefore(login), card: undefined },
      'warning',
    ],
    [
      'expired card',
      {
        page: page(login),
        progress: doneBefore(login),
        card: { ...GOOD_CARD, identity: { ...GOOD_CARD.identity!, expired: true } },
      },
      'warning',
    ],
    [
      'wrong card type',
      {
        page: page(login),
        progress: doneBefore(login),
        card: { ...GOOD_CARD, identity: { ...GOOD_CARD.identity!, cardType: 'M' } },
      },
      'warning',
    ],
  ];
  it.each(table)('%s → %s', (_name, more, state) => {
    expect(guideState(facts(more)).state).toBe(state);
  });

  it('all steps finished: done, with the closing message after the others', () => {
    const progress = doneBefore(steps[steps.length - 1]!.id);
    progress.steps[steps[steps.length - 1]!.id] = { status: 'done', by: 'user', at: AT };
    const earlier = { text: { nl: 'eerder', en: 'earlier' }, tone: 'info' as const };
    const view = guideState(facts({ progress, messages: [earlier] }));
    expect(view.state).toBe('done');
    expect(view.messages).toHaveLength(2);
    expect(view.messages[0]).toBe(earlier);
    expect(view.messages[1]!.text.en).toContain('Done');
  });

  it('an earlier step without a page comes first; the page control is then not outlined', () => {
    const login = steps.find((s) => s.checks.includes('card-present'))!.id;
    const view = guideState(facts({ page: page(login) }));
    expect(view.step.id).toBe(steps[0]!.id);
    expect(view.thenStep?.id).toBe(login);
    expect(view.target).toBeUndefined();
    expect(view.missing).toEqual([]);
  });

  it("the user's back choice wins over the page", () => {
    const login = steps.find((s) => s.checks.includes('card-present'))!.id;
    const view = guideState(
      facts({ page: page(login), progress: doneBefore(login), viewStep: steps[0]!.id }),
    );
    expect(view.step.id).toBe(steps[0]!.id);
    expect(view.state).toBe('done');
    expect(view.target).toBeUndefined();
  });
});

describe('progressFromPage: what a page proves', () => {
  const last = steps.filter((s) => s.pages.length > 0).at(-1)!;
  const fresh = () => emptyProgress('sandbox-acceptatie', new Date(AT));
  const on = (stepId: StepId | undefined, more: Partial<Parameters<typeof progressFromPage>[1]> = {}) => ({
    stepId,
    match: stepId ? ('full' as const) : ('none' as const),
    doneSteps: [],
    captured: {},
    ...more,
  });

  it('reaching a page marks earlier steps with pages done, never those the user must confirm', () => {
    const change = progressFromPage(map, on(last.id), fresh(), AT);
    const before = steps.slice(0, steps.indexOf(last));
    for (const s of before) {
      if (!s.manualConfirm && s.pages.length > 0)
        expect(change.steps[s.id], s.id).toEqual({ status: 'done', by: 'page', at: AT });
      else expect(change.steps[s.id], s.id).toBeUndefined();
    }
    expect(change.steps[last.id]).toBeUndefined();
  });

  it('an unknown page proves nothing; steps already finished are left as they are', () => {
    expect(isEmptyPageProgress(progressFromPage(map, on(undefined), fresh(), AT))).toBe(true);
    const progress = doneBefore(last.id);
    expect(isEmptyPageProgress(progressFromPage(map, on(last.id), progress, AT))).toBe(true);
  });

  it("the page's done rules mark that step done, also over a skip", () => {
    const progress = fresh();
    progress.steps[last.id] = { status: 'skipped', by: 'user', at: AT };
    const change = progressFromPage(map, on(last.id, { doneSteps: [last.id] }), progress, AT);
    expect(change.steps[last.id]).toEqual({ status: 'done', by: 'page', at: AT });
  });

  it('captured organisation facts merge into the application; a new URA is reported once', () => {
    const progress = fresh();
    const captured = { ura: '90000382', organisationName: 'Testziekenhuis' };
    const change = progressFromPage(map, on(undefined, { captured }), progress, AT);
    expect(change).toMatchObject({ ura: '90000382', organisationName: 'Testziekenhuis' });
    applyPageProgress(progress, change);
    expect(progress.application).toEqual(captured);
    expect(isEmptyPageProgress(progressFromPage(map, on(undefined, { captured }), progress, AT))).toBe(true);
    const renamed = progressFromPage(
      map,
      on(undefined, { captured: { ...captured, organisationName: 'Nieuw' } }),
      progress,
      AT,
    );
    expect(renamed).toEqual({ steps: {}, organisationName: 'Nieuw' });
  });
});

describe('changedChecks: what is announced', () => {
  const login = steps.find((s) => s.checks.includes('card-present'))!.id;
  const checksWith = (card: CardStatusView | undefined) =>
    guideState(facts({ page: page(login), progress: doneBefore(login), card })).checks;

  it('nothing on first show; the changed checks when the card is pulled; nothing on another step', () => {
    const first = changedChecks(undefined, login, checksWith(GOOD_CARD));
    expect(first.changed).toEqual([]);
    const pulled = changedChecks(first.shown, login, checksWith(NO_CARD_STATUS));
    expect(pulled.changed.length).toBeGreaterThan(0);
    expect(pulled.changed.map((m) => m.nl).join(' ')).not.toBe('');
    expect(changedChecks(first.shown, steps[0]!.id, checksWith(NO_CARD_STATUS)).changed).toEqual([]);
  });
});
