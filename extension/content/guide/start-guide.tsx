/** @jsxImportSource preact */
// The pragma makes every bundler (vite/oxc in tests included) use Preact’s JSX runtime.
import { render } from 'preact';
import { pickLanguage, t, type GuideLanguage } from '../../../shared/i18n/guide-strings.js';
import type { CardStatusView } from '../../../shared/steps/card-status.js';
import { runChecks } from '../../../shared/steps/checks.js';
import { detectEnvironment } from '../../../shared/steps/environment.js';
import { exportProgress } from '../../../shared/steps/progress.js';
import type { LocalText, StepId } from '../../../shared/steps/types.js';
import { detectStep, sandboxMetaOf, type StepDetection } from '../../portal/detect-step.js';
import { Diagnostics, describeLocation } from '../../portal/diagnostics.js';
import { watchPage } from '../../portal/observer.js';
import { checklistPrintHtml, printHtml } from '../../ui/checklist-text.js';
import { copyText, downloadText } from '../../ui/download.js';
import { drawHighlight, scrollTargetIntoView } from '../../ui/highlight.js';
import { createGuideHost, type GuideState } from '../../ui/host.js';
import { GuidePanel, type PanelActions, type PanelModel } from '../../ui/panel.js';
import {
  PANEL_WIDTH_PX,
  findBanner,
  placePanel,
  samePlacement,
  targetBox,
  type Placement,
  type Size,
} from '../../ui/placement.js';
import { ProgressSession } from './progress-session.js';
import { isFinished, resolveStep } from './resolve-step.js';
import type { GuideHandle, StartGuideOptions } from './types.js';

// The guide controller: detects the step on every page change, keeps progress, runs checks and
// renders the panel. Called once per page by the content script.

type Message = { text: LocalText; tone: 'info' | 'warning' };

const bilingual = (key: Parameters<typeof t>[1], params: Record<string, string> = {}): LocalText => ({
  nl: t('nl', key, params),
  en: t('en', key, params),
});

export function startGuide(
  options: StartGuideOptions,
): GuideHandle & { diagnostics: () => ReturnType<Diagnostics['list']> } {
  const { document: doc, window: win, stepMap, store, log } = options;
  const now = options.now ?? (() => new Date());
  const environment = detectEnvironment(win.location.href, sandboxMetaOf(doc), stepMap.origins);
  let language: GuideLanguage = pickLanguage(options.language, win.navigator?.languages ?? []);
  const helpdesk = options.helpdesk;
  const helpdeskLine = helpdesk
    ? [helpdesk.name, helpdesk.phone, helpdesk.email, helpdesk.url].filter(Boolean).join(', ') || undefined
    : undefined;
  const ui = createGuideHost(doc);
  const session = new ProgressSession(store, environment, log, now);
  const diagnostics = new Diagnostics();
  const messages: Message[] = [];
  let card: CardStatusView | undefined;
  let detection: StepDetection | undefined;
  let viewStep: StepId | undefined;
  let pageKey = '';
  let shownStep: StepId | undefined;
  let scrolledTo: Element | undefined;
  let target: Element | undefined;
  let placement: Placement | undefined;
  /** Last measured sizes of the panel, expanded and collapsed; unknown at first. */
  let expandedSize: Size | undefined;
  let collapsedSize: Size = { width: 240, height: 44 };
  let loaded = false;
  let stopped = false;

  log({ type: 'guide-started', environment, language });

  const steps = stepMap.steps;
  const indexOf = (id: StepId) => steps.findIndex((s) => s.id === id);

  function redrawHighlight(): void {
    drawHighlight(ui.overlay, target, win);
  }

  function computePlacement(): Placement {
    const viewport = { width: win.innerWidth, height: win.innerHeight };
    return placePanel({
      viewport,
      banner: findBanner(doc, ui.host),
      target: targetBox(target),
      panel: expandedSize ?? { width: PANEL_WIDTH_PX, height: viewport.height },
      collapsed: collapsedSize,
      current: placement?.dock ?? 'right',
    });
  }

  /** Remembers the panel's real size, so the next placement is computed with it. */
  function measurePanel(): void {
    const panel = ui.panelRoot.querySelector('.panel');
    const rect = panel?.getBoundingClientRect();
    if (!panel || !rect || rect.height <= 0) return;
    const size = { width: rect.width, height: rect.height };
    if (panel.getAttribute('data-collapsed') === 'true') collapsedSize = size;
    else expandedSize = size;
  }

  /** After scrolling or resizing: the header or the target moved, the panel may have to as well. */
  function relayout(): void {
    redrawHighlight();
    if (!samePlacement(placement, computePlacement())) renderPanel();
  }

  function renderPanel(): void {
    if (stopped || !detection) return;
    const progress = session.progress;
    const resolution = resolveStep(stepMap, detection, progress, viewStep);
    const step = resolution.step;
    const onPage = detection.match !== 'none' && detection.stepId === step.id;
    const checks = runChecks(step.checks, { card, page: detection.page, application: progress.application });
    const missing = resolution.highlight ? detection.missing : [];
    target = resolution.highlight ? detection.target : undefined;
    const finished = isFinished(progress, step.id);
    const waiting = onPage && detection.waiting && !finished;
    const allDone = steps.every((s) => isFinished(progress, s.id));
    const state: GuideState = allDone
      ? 'done'
      : detection.match === 'none' && !finished
        ? 'idle'
        : waiting
          ? 'waiting'
          : missing.length > 0 || checks.some((c) => c.status === 'warning')
            ? 'warning'
            : finished
              ? 'done'
              : 'active';
    placement = computePlacement();
    const index = indexOf(step.id);
    const model: PanelModel = {
      language,
      environment,
      step,
      stepCount: steps.length,
      state,
      progress,
      thenStep: resolution.thenStep,
      missing,
      nextLandmark: resolution.highlight ? detection.nextLandmark : undefined,
      targetFound: target !== undefined,
      waiting,
      confirmationSeen: onPage && detection.doneSteps.includes(step.id),
      checks,
      card,
      messages: allDone ? [...messages, { text: bilingual('allDone'), tone: 'info' }] : messages,
      dock: placement.dock,
      top: placement.top,
      maxHeight: placement.maxHeight,
      compact: placement.compact,
      canGoBack: index > 0,
      canGoForward: index < steps.length - 1,
      helpdesk: helpdeskLine,
    };
    ui.setState(step.id, state);
    render(<GuidePanel model={model} actions={actions} />, ui.panelRoot);
    measurePanel();
    // Measured for real now: if that changes where the panel belongs, draw it there once more.
    const measured = computePlacement();
    if (!samePlacement(placement, measured)) {
      placement = measured;
      render(
        <GuidePanel
          model={{
            ...model,
            dock: measured.dock,
            top: measured.top,
            maxHeight: measured.maxHeight,
            compact: measured.compact,
          }}
          actions={actions}
        />,
        ui.panelRoot,
      );
      measurePanel();
    }
    redrawHighlight();
    if (target && target !== scrolledTo) {
      scrolledTo = target;
      scrollTargetIntoView(target, win);
    }
    if (shownStep !== step.id) {
      shownStep = step.id;
      ui.announce(
        t(language, 'stepAnnounce', {
          k: String(step.number),
          n: String(steps.length),
          title: step.title[language],
        }),
      );
      log({ type: 'step-shown', stepId: step.id, pageStepId: detection.stepId, pageId: detection.pageId });
      if (progress.current !== step.id) void session.update((p) => (p.current = step.id));
    }
  }

  async function applyDetection(d: StepDetection): Promise<void> {
    const progress = session.progress;
    const stamp = now().toISOString();
    const changes: Array<(p: typeof progress) => void> = [];
    if (d.match !== 'none' && d.stepId !== undefined) {
      // Reaching a page proves the earlier steps the browser can see were done.
      for (const s of steps.slice(0, indexOf(d.stepId))) {
        if (!s.manualConfirm && s.pages.length > 0 && !isFinished(progress, s.id)) {
          changes.push((p) => (p.steps[s.id] = { status: 'done', by: 'page', at: stamp }));
        }
      }
    }
    for (const id of d.doneSteps) {
      if (progress.steps[id]?.status !== 'done')
        changes.push((p) => (p.steps[id] = { status: 'done', by: 'page', at: stamp }));
    }
    const { ura, organisationName } = d.captured;
    if (organisationName && organisationName !== progress.application.organisationName) {
      changes.push((p) => (p.application.organisationName = organisationName));
    }
    if (ura && ura !== progress.application.ura) {
      const outcome = await session.adoptUra(ura, 'application');
      if (outcome === 'switched')
        messages.push({ text: bilingual('newOrganisation', { ura }), tone: 'info' });
      changes.push((p) => (p.application.ura = ura));
      if (organisationName) changes.push((p) => (p.application.organisationName = organisationName));
    }
    if (changes.length > 0) await session.update((p) => changes.forEach((c) => c(p)));
  }

  function recordMissing(d: StepDetection): void {
    for (const landmark of d.missing) {
      diagnostics.add({
        kind: 'missing-control',
        stepId: d.stepId,
        pageId: d.pageId,
        landmark,
        where: describeLocation(win.location.href),
      });
      log({ type: 'missing-control', stepId: d.stepId, pageId: d.pageId, landmark });
    }
  }

  let detecting = Promise.resolve();
  function runDetection(): Promise<void> {
    detecting = detecting.then(async () => {
      if (stopped) return;
      const started = now().getTime();
      const d = detectStep(doc, win.location, stepMap, session.progress, { exclude: ui.host });
      log({ type: 'detection', elementCount: d.elementCount, durationMs: now().getTime() - started });
      const key = `${d.pageId ?? ''}|${win.location.href}`;
      if (key !== pageKey) {
        pageKey = key;
        viewStep = undefined;
        if (d.missing.length > 0) recordMissing(d);
        if (d.match === 'none') {
          diagnostics.add({ kind: 'page-unknown', where: describeLocation(win.location.href) });
        }
      }
      detection = d;
      if (loaded) await applyDetection(d);
      renderPanel();
    });
    return detecting;
  }

  function cardUpdate(status: CardStatusView): void {
    card = status;
    const ura = status.identity?.ura;
    if (ura && session.progress.ura === undefined) void session.adoptUra(ura, 'card').then(renderPanel);
    else renderPanel();
  }

  const currentShown = (): StepId | undefined =>
    (ui.host.getAttribute('data-step') as StepId | null) ?? undefined;

  const actions: PanelActions = {
    back() {
      const id = currentShown();
      const i = id ? indexOf(id) : 0;
      const prev = steps[Math.max(0, i - 1)];
      if (prev) viewStep = prev.id;
      renderPanel();
    },
    forward() {
      const id = currentShown();
      const i = id ? indexOf(id) : -1;
      const next = steps[Math.min(steps.length - 1, i + 1)];
      const here = id ? steps[i] : undefined;
      if (here?.manualConfirm && !isFinished(session.progress, here.id)) {
        void session.update(
          (p) => (p.steps[here.id] = { status: 'skipped', by: 'user', at: now().toISOString() }),
        );
      }
      if (next) viewStep = next.id;
      renderPanel();
    },
    confirmDone() {
      const id = currentShown();
      if (!id) return;
      viewStep = undefined;
      void session
        .update((p) => (p.steps[id] = { status: 'done', by: 'user', at: now().toISOString() }))
        .then(renderPanel);
      renderPanel();
    },
    reset() {
      viewStep = undefined;
      messages.length = 0;
      void session.reset().then(() => {
        messages.push({ text: bilingual('progressReset'), tone: 'info' });
        renderPanel();
      });
    },
    exportDownload() {
      downloadText(doc, ui.shadow, `zorgid-voortgang-${environment}.json`, exportProgress(session.progress));
    },
    exportCopy() {
      return copyText(win, exportProgress(session.progress));
    },
    setChecklistItem(id, ticked) {
      void session.update((p) => (p.checklist[id] = ticked)).then(renderPanel);
    },
    printChecklist() {
      const prepare = steps.find((s) => s.id === 'prepare');
      printHtml(
        ui.shadow,
        checklistPrintHtml(language, prepare?.checklist ?? [], session.progress.checklist),
      );
    },
    setSupplierTesting(value) {
      void session.update((p) => (p.supplierTesting = value)).then(renderPanel);
    },
    toggleLanguage() {
      language = language === 'nl' ? 'en' : 'nl';
      renderPanel();
    },
  };

  const watcher = watchPage({
    document: doc,
    host: () => ui.host,
    onChange: () => void runDetection(),
    debounceMs: options.debounceMs,
  });
  const onViewport = () => win.requestAnimationFrame?.(relayout) ?? relayout();
  const onFieldChange = (event: Event) => {
    if (!ui.host.contains(event.target as Node)) void runDetection();
  };
  win.addEventListener('scroll', onViewport, { passive: true, capture: true });
  win.addEventListener('resize', onViewport, { passive: true });
  const onPopState = () => void runDetection();
  win.addEventListener('popstate', onPopState);
  doc.addEventListener('change', onFieldChange, { capture: true, passive: true });

  let unsubscribe: () => void = () => {};
  const ready = (async () => {
    const outcome = await session.load();
    if (outcome === 'unreadable' || outcome === 'storage-failed') {
      messages.push({ text: bilingual('progressFresh'), tone: 'warning' });
      diagnostics.add({ kind: outcome === 'unreadable' ? 'progress-unreadable' : 'storage-failed' });
    }
    loaded = true;
    if (stopped) return;
    unsubscribe = options.card.subscribe(cardUpdate);
    try {
      card = await options.card.get();
    } catch {
      card = undefined;
    }
    await runDetection();
  })();

  return {
    ready,
    refresh: () => {
      watcher.flush();
      void runDetection();
    },
    diagnostics: () => diagnostics.list(),
    stop: () => {
      if (stopped) return;
      stopped = true;
      watcher.stop();
      unsubscribe();
      win.removeEventListener('scroll', onViewport, { capture: true });
      win.removeEventListener('resize', onViewport);
      win.removeEventListener('popstate', onPopState);
      doc.removeEventListener('change', onFieldChange, { capture: true });
      render(null, ui.panelRoot);
      ui.remove();
      log({ type: 'guide-stopped' });
    },
  };
}
