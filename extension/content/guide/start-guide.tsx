/** @jsxImportSource preact */
// The pragma makes every bundler (vite/oxc in tests included) use Preact’s JSX runtime.
import { render } from 'preact';
import { pickLanguage, type GuideLanguage } from '../../../shared/i18n/guide-strings.js';
import type { CardStatusView } from '../../../shared/steps/card-status.js';
import { detectEnvironment } from '../../../shared/steps/environment.js';
import { exportProgress } from '../../../shared/steps/progress.js';
import type { LocalText, StepId } from '../../../shared/steps/types.js';
import { detectStep, sandboxMetaOf, type StepDetection } from '../../portal/detect-step.js';
import { Diagnostics, describeLocation } from '../../portal/diagnostics.js';
import { watchPage } from '../../portal/observer.js';
import { checklistPrintHtml, printHtml } from '../../ui/checklist-text.js';
import { copyText, downloadText } from '../../ui/download.js';
import { drawHighlight, scrollTargetIntoView } from '../../ui/highlight.js';
import { createGuideHost } from '../../ui/host.js';
import {
  GuidePanel,
  PANEL_HEADING_ID,
  STEP_TITLE_ID,
  type PanelActions,
  type PanelModel,
} from '../../ui/panel.js';
import {
  PANEL_WIDTH_PX,
  findBanner,
  intersects,
  placePanel,
  samePlacement,
  targetBox,
  type Placement,
  type Size,
} from '../../ui/placement.js';
import {
  applyPageProgress,
  bilingual,
  changedChecks,
  guideState,
  isEmptyPageProgress,
  progressFromPage,
  stepAnnouncement,
  type GuideMessage,
  type GuideView,
  type ShownChecks,
} from './guide-state.js';
import { ProgressSession } from './progress-session.js';
import { isFinished } from './resolve-step.js';
import type { GuideHandle, StartGuideOptions } from './types.js';

// The guide controller: detects the step on every page change, keeps progress and renders the
// panel. What the panel shows is guideState's (./guide-state.ts, pure); this file gathers the facts
// and does the effects: placement, focus, scrolling, announcements, storing progress. Called once
// per page by the content script.

/** Changes of checks and messages are announced together once things settle (a card pulled
 *  changes several checks in a row): one announcement, not a burst. */
const ANNOUNCE_DEBOUNCE_MS = 500;
/** Keep this much room between a focused control and the bottom bar. */
const BAR_FOCUS_CLEARANCE_PX = 8;

export function startGuide(
  options: StartGuideOptions,
): GuideHandle & { diagnostics: () => ReturnType<Diagnostics['list']>; focusPanel: () => void } {
  const { document: doc, window: win, stepMap, store, log } = options;
  const now = options.now ?? (() => new Date());
  const environment = detectEnvironment(win.location.href, sandboxMetaOf(doc), stepMap.origins);
  let language: GuideLanguage = pickLanguage(options.language, win.navigator?.languages ?? []);
  const helpdesk = options.helpdesk;
  const helpdeskLine = helpdesk
    ? [helpdesk.name, helpdesk.phone, helpdesk.email, helpdesk.url].filter(Boolean).join(', ') || undefined
    : undefined;
  const ui = createGuideHost(doc);
  ui.setLanguage(language);
  const session = new ProgressSession(store, environment, log, now);
  const diagnostics = new Diagnostics();
  const messages: GuideMessage[] = [];
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
  /** The user's own collapse choice; it holds until the reason for collapsing changes. */
  let choice: { collapsed: boolean; compact: boolean } | undefined;
  /** The page control that last had keyboard focus: the panel must not hide it. */
  let focused: Element | undefined;
  /** Where focus was when the keyboard command brought it to the panel; Escape goes back there. */
  let returnFocus: Element | undefined;
  /** Check statuses last shown, per step, to announce what changed. */
  let shownChecks: ShownChecks | undefined;
  const announced = { messages: 0, pending: [] as LocalText[], timer: undefined as number | undefined };
  let loaded = false;
  let stopped = false;

  log({ type: 'guide-started', environment, language });

  const steps = stepMap.steps;
  const indexOf = (id: StepId) => steps.findIndex((s) => s.id === id);

  function redrawHighlight(): void {
    drawHighlight(ui.overlay, target, win);
  }

  /** The layout viewport without scrollbars: what position: fixed is measured against. */
  function viewportSize(): Size {
    const root = doc.documentElement;
    return { width: root.clientWidth || win.innerWidth, height: root.clientHeight || win.innerHeight };
  }

  function computePlacement(): Placement {
    const viewport = viewportSize();
    return placePanel({
      viewport,
      banner: findBanner(doc, ui.host),
      target: targetBox(target),
      focused: targetBox(focused),
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

  function isCollapsed(p: Placement): boolean {
    return choice !== undefined && choice.compact === p.compact ? choice.collapsed : p.compact;
  }

  /**
   * In a narrow window the panel is a bar along the bottom edge. The page gets the bar's height as
   * extra room at its end (our host element, in the flow after <body>) and as scroll padding, so
   * every control can be scrolled, and is scrolled when it gets focus, above the bar.
   */
  function reserveBarSpace(): void {
    const root = doc.documentElement;
    if (placement?.dock === 'bar') {
      const height = Math.ceil(collapsedSize.height);
      ui.host.style.display = 'block';
      ui.host.style.height = `${height}px`;
      root.style.scrollPaddingBottom = `${height + BAR_FOCUS_CLEARANCE_PX}px`;
    } else if (ui.host.style.height !== '') {
      ui.host.style.removeProperty('display');
      ui.host.style.removeProperty('height');
      root.style.removeProperty('scroll-padding-bottom');
    }
  }

  function panelElement(): HTMLElement | null {
    return ui.panelRoot.querySelector<HTMLElement>('.panel');
  }

  function focusInPanel(id: string): boolean {
    const el = ui.shadow.getElementById(id);
    if (!el) return false;
    el.focus();
    return ui.shadow.activeElement === el;
  }

  /** A control in the panel that removed itself (a ticked box, a "Gedaan" done) must not drop focus to <body>. */
  function keepFocus(before: Element | null): void {
    if (before === null || before.isConnected) return;
    if (!focusInPanel(STEP_TITLE_ID)) focusInPanel(PANEL_HEADING_ID);
  }

  /** The bottom bar must not hide the focused control: scroll it above the bar. */
  function uncoverFocused(): void {
    const panel = panelElement();
    const box = targetBox(focused);
    if (!panel || !box || placement?.dock !== 'bar') return;
    const barTop = panel.getBoundingClientRect().top;
    const overlap = box.bottom - (barTop - BAR_FOCUS_CLEARANCE_PX);
    if (overlap > 0) win.scrollBy(0, Math.min(overlap, Math.max(0, box.top - BAR_FOCUS_CLEARANCE_PX)));
  }

  function scheduleAnnouncement(text: LocalText): void {
    announced.pending.push(text);
    if (announced.timer !== undefined) win.clearTimeout(announced.timer);
    announced.timer = win.setTimeout(() => {
      announced.timer = undefined;
      const texts = announced.pending.map((x) => x[language]);
      announced.pending = [];
      if (!stopped && texts.length > 0) ui.announce(texts.join(' '), language);
    }, ANNOUNCE_DEBOUNCE_MS);
  }

  /** Checks that changed status since last shown on this step, and messages added since. */
  function announceChanges(view: GuideView): void {
    const { changed, shown } = changedChecks(shownChecks, view.step.id, view.checks);
    shownChecks = shown;
    changed.forEach(scheduleAnnouncement);
    if (view.messages.length < announced.messages) announced.messages = 0;
    for (const m of view.messages.slice(announced.messages)) scheduleAnnouncement(m.text);
    announced.messages = view.messages.length;
  }

  /** Renders the panel at a placement, then measures what was drawn. */
  function draw(view: GuideView, at: Placement): void {
    const model: PanelModel = {
      language,
      environment,
      step: view.step,
      stepCount: view.stepCount,
      state: view.state,
      progress: session.progress,
      thenStep: view.thenStep,
      missing: view.missing,
      nextLandmark: view.nextLandmark,
      targetFound: view.target !== undefined,
      waiting: view.waiting,
      confirmationSeen: view.confirmationSeen,
      checks: view.checks,
      card,
      messages: view.messages,
      dock: at.dock,
      top: at.top,
      maxHeight: at.maxHeight,
      compact: at.compact,
      collapsed: isCollapsed(at),
      width: at.width,
      canGoBack: view.canGoBack,
      canGoForward: view.canGoForward,
      helpdesk: helpdeskLine,
    };
    render(<GuidePanel model={model} actions={actions} />, ui.panelRoot);
    measurePanel();
  }

  function renderPanel(): void {
    if (stopped || !detection) return;
    const hadFocus = ui.shadow.activeElement;
    const progress = session.progress;
    const view = guideState({ stepMap, page: detection, card, progress, viewStep, messages });
    const step = view.step;
    target = view.target;
    placement = computePlacement();
    ui.setState(step.id, view.state);
    draw(view, placement);
    // Measured for real now: if that changes where the panel belongs, draw it there once more.
    const measured = computePlacement();
    if (!samePlacement(placement, measured)) {
      placement = measured;
      draw(view, measured);
    }
    reserveBarSpace();
    keepFocus(hadFocus);
    redrawHighlight();
    if (target && target !== scrolledTo) {
      scrolledTo = target;
      scrollTargetIntoView(target, win);
    }
    if (shownStep !== step.id) {
      shownStep = step.id;
      scheduleAnnouncement(stepAnnouncement(step, view.stepCount));
      log({ type: 'step-shown', stepId: step.id, pageStepId: detection.stepId, pageId: detection.pageId });
      if (progress.current !== step.id) void session.update((p) => (p.current = step.id));
    }
    announceChanges(view);
  }

  async function applyDetection(d: StepDetection): Promise<void> {
    const change = progressFromPage(stepMap, d, session.progress, now().toISOString());
    if (change.ura) {
      const outcome = await session.adoptUra(change.ura, 'application');
      if (outcome === 'switched')
        messages.push({ text: bilingual('newOrganisation', { ura: change.ura }), tone: 'info' });
    }
    if (!isEmptyPageProgress(change)) await session.update((p) => applyPageProgress(p, change));
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
      ui.setLanguage(language);
      renderPanel();
    },
    toggleCollapsed() {
      const p = placement ?? computePlacement();
      choice = { collapsed: !isCollapsed(p), compact: p.compact };
      renderPanel();
    },
  };

  /** The keyboard command: focus the panel's heading, remembering where focus was. */
  function focusPanel(): void {
    if (stopped) return;
    const active = doc.activeElement;
    if (active && active !== ui.host && active !== doc.body) returnFocus = active;
    const p = placement ?? computePlacement();
    choice = { collapsed: false, compact: p.compact };
    renderPanel();
    focusInPanel(PANEL_HEADING_ID);
  }

  /** Escape in the panel: collapse, and give focus back to where it was (never to <body>). */
  function onPanelKey(event: Event): void {
    const key = (event as KeyboardEvent).key;
    if (key !== 'Escape' || ui.shadow.activeElement === null) return;
    event.preventDefault();
    event.stopPropagation();
    const p = placement ?? computePlacement();
    choice = { collapsed: true, compact: p.compact };
    renderPanel();
    const back = [returnFocus, focused].find((el) => el?.isConnected && el !== doc.body);
    returnFocus = undefined;
    if (back) (back as HTMLElement).focus?.();
    // Nowhere to go back to: stay on the panel's own title bar rather than fall to <body>.
    if (ui.shadow.activeElement === null && doc.activeElement !== back) focusInPanel(PANEL_HEADING_ID);
  }

  /** Focus left the page control for nothing (a click on plain text): nothing to keep clear any more. */
  function onFocusOut(event: Event): void {
    if (event.target !== focused || (event as FocusEvent).relatedTarget !== null) return;
    focused = undefined;
    relayout();
  }

  /** Focus moved to a page control: if the panel covers it, the panel steps aside or collapses. */
  function onFocusIn(event: Event): void {
    // Duck-typed: the page's realm and ours differ (content script world).
    const el = event.target as Element | null;
    if (!el || typeof el.getBoundingClientRect !== 'function') return;
    if (el === ui.host || el.getRootNode() === ui.shadow || event.composedPath().includes(ui.host)) return;
    if (el === doc.body || el === doc.documentElement) return;
    focused = el;
    returnFocus = undefined;
    const panel = panelElement()?.getBoundingClientRect();
    const box = targetBox(el);
    if (panel && box && intersects(panel, box)) choice = undefined;
    const next = computePlacement();
    if (!samePlacement(placement, next) || (panel && box && intersects(panel, box))) renderPanel();
    uncoverFocused();
  }

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
  doc.addEventListener('focusin', onFocusIn, { capture: true });
  doc.addEventListener('focusout', onFocusOut, { capture: true });
  ui.shadow.addEventListener('keydown', onPanelKey);

  let unsubscribe: () => void = () => {};
  let unfollow: () => void = () => {};
  const ready = (async () => {
    const outcome = await session.load();
    if (outcome === 'unreadable' || outcome === 'storage-failed') {
      messages.push({ text: bilingual('progressFresh'), tone: 'warning' });
      diagnostics.add({ kind: outcome === 'unreadable' ? 'progress-unreadable' : 'storage-failed' });
    }
    loaded = true;
    if (stopped) return;
    unfollow = session.follow(renderPanel);
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
    focusPanel,
    stop: () => {
      if (stopped) return;
      stopped = true;
      watcher.stop();
      unsubscribe();
      unfollow();
      win.removeEventListener('scroll', onViewport, { capture: true });
      win.removeEventListener('resize', onViewport);
      win.removeEventListener('popstate', onPopState);
      doc.removeEventListener('change', onFieldChange, { capture: true });
      doc.removeEventListener('focusin', onFocusIn, { capture: true });
      doc.removeEventListener('focusout', onFocusOut, { capture: true });
      ui.shadow.removeEventListener('keydown', onPanelKey);
      if (announced.timer !== undefined) win.clearTimeout(announced.timer);
      doc.documentElement.style.removeProperty('scroll-padding-bottom');
      render(null, ui.panelRoot);
      ui.remove();
      log({ type: 'guide-stopped' });
    },
  };
}
