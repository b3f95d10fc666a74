/** @jsxImportSource preact */
// The pragma makes every bundler (vite/oxc in tests included) use Preact’s JSX runtime.
import { useState } from 'preact/hooks';
import type { GuideLanguage } from '../../shared/i18n/guide-strings.js';
import { roleWhat, t } from '../../shared/i18n/guide-strings.js';
import type { CardStatusView } from '../../shared/steps/card-status.js';
import type { CheckResult } from '../../shared/steps/checks.js';
import { isAcceptance } from '../../shared/steps/environment.js';
import type { Progress } from '../../shared/steps/progress.js';
import { PORTAL_URL_PRODUCTION } from '../../shared/steps/step-map.js';
import type { Environment, Landmark, LocalText, StepDefinition } from '../../shared/steps/types.js';
import { CardStatusBlock } from './card-status.js';
import { checklistMailto } from './checklist-text.js';
import type { DockSide } from './highlight.js';
import type { GuideState } from './host.js';
import { QrCode } from './qr-code.js';

// The docked panel. It renders what the controller decided (where, how wide, collapsed or not);
// its only own state is whether "clear progress" awaits a second click. It takes focus only when
// the user asks for it (the keyboard command focuses its heading) or when the control that had
// focus disappears (the controller then moves focus to a heading, never to <body>).

export interface PanelModel {
  language: GuideLanguage;
  environment: Environment;
  step: StepDefinition;
  stepCount: number;
  state: GuideState;
  progress: Progress;
  /** Shown as "first … then …" when an earlier step still needs doing before the page's step. */
  thenStep?: StepDefinition | undefined;
  missing: Landmark[];
  nextLandmark?: Landmark | undefined;
  targetFound: boolean;
  waiting: boolean;
  confirmationSeen: boolean;
  checks: CheckResult[];
  card: CardStatusView | undefined;
  messages: Array<{ text: LocalText; tone: 'info' | 'warning' }>;
  dock: DockSide;
  /** Below the page's header, px from the top of the window, and the height left below it. */
  top: number;
  maxHeight: number;
  /** Expanded, the panel would cover the outlined control: shown collapsed unless the user opens it. */
  compact: boolean;
  /** Shown collapsed to its title bar (the controller's decision, with the user's choice in it). */
  collapsed: boolean;
  /** px, from placement.ts `panelWidth`. */
  width: number;
  canGoBack: boolean;
  canGoForward: boolean;
  /** Who to call, as one line ("ICT-servicedesk, 010 123 4567"); absent: no organisation helpdesk. */
  helpdesk?: string | undefined;
}

export interface PanelActions {
  back(): void;
  forward(): void;
  confirmDone(): void;
  reset(): void;
  exportDownload(): void;
  exportCopy(): Promise<boolean>;
  setChecklistItem(id: string, ticked: boolean): void;
  printChecklist(): void;
  setSupplierTesting(value: boolean): void;
  toggleLanguage(): void;
  toggleCollapsed(): void;
}

/** Ids inside the shadow root the controller moves focus to. */
export const PANEL_HEADING_ID = 'zorgid-guide-heading';
export const STEP_TITLE_ID = 'zorgid-guide-step-title';

const ENV_LABEL: Record<Environment, Parameters<typeof t>[1] | undefined> = {
  acceptatie: 'envAcceptance',
  productie: 'envProduction',
  'sandbox-acceptatie': 'envSandboxAcceptance',
  'sandbox-productie': 'envSandboxProduction',
  'application-form': 'envApplicationForm',
  unknown: undefined,
};

function EnvironmentBanner(props: { model: PanelModel; actions: PanelActions }) {
  const { language: l, environment, progress } = props.model;
  const label = ENV_LABEL[environment];
  if (label === undefined) return null;
  const warn = isAcceptance(environment) && progress.supplierTesting !== true;
  return (
    <div class={warn ? 'banner warning' : 'banner'}>
      <strong>{t(l, label)}</strong>
      {warn && (
        <>
          <p>{t(l, 'acceptanceWarning', { url: PORTAL_URL_PRODUCTION })}</p>
          <label>
            <input
              type="checkbox"
              checked={false}
              onChange={(e) => props.actions.setSupplierTesting(e.currentTarget.checked)}
            />{' '}
            {t(l, 'iAmSupplier')}
          </label>
        </>
      )}
    </div>
  );
}

function PrepareChecklist(props: { model: PanelModel; actions: PanelActions }) {
  const { language: l, step, progress } = props.model;
  const roles = step.checklist ?? [];
  return (
    <div>
      <h4>{t(l, 'checklistTitle')}</h4>
      {roles.map((role) => (
        <fieldset key={role.role}>
          <legend>{role.title[l]}</legend>
          <p>{role.summary[l]}</p>
          {role.items.map((item) => (
            <label key={item.id}>
              <input
                type="checkbox"
                checked={progress.checklist[item.id] === true}
                onChange={(e) => props.actions.setChecklistItem(item.id, e.currentTarget.checked)}
              />{' '}
              {item.text[l]}
            </label>
          ))}
        </fieldset>
      ))}
      <div class="row">
        <button type="button" onClick={() => props.actions.printChecklist()}>
          {t(l, 'printChecklist')}
        </button>
        <a class="linkbutton" href={checklistMailto(l, roles, progress.checklist)}>
          {t(l, 'mailChecklist')}
        </a>
      </div>
    </div>
  );
}

function InstallApp(props: { model: PanelModel }) {
  const { language: l, step } = props.model;
  const link = (id: string) => step.links?.find((x) => x.id === id)?.url;
  const appStore = link('app-store');
  const play = link('google-play');
  return (
    <div>
      <div class="qr">
        {appStore && <QrCode url={appStore} label={t(l, 'qrAppStore')} />}
        {play && <QrCode url={play} label={t(l, 'qrGooglePlay')} />}
      </div>
      <p class="message">{t(l, 'pinAdvice')}</p>
    </div>
  );
}

function Waiting(props: { model: PanelModel; actions: PanelActions }) {
  const { language: l, confirmationSeen } = props.model;
  if (confirmationSeen) return <p class="message">{t(l, 'confirmationSeen')}</p>;
  return (
    <div class="message warning">
      <p>
        <strong>{t(l, 'waitingQuestion')}</strong>
      </p>
      <p>{t(l, 'waitingHint')}</p>
      <button type="button" class="primary" onClick={() => props.actions.confirmDone()}>
        {t(l, 'waitingYes')}
      </button>
    </div>
  );
}

function Missing(props: { model: PanelModel }) {
  const { language: l, missing } = props.model;
  if (missing.length === 0) return null;
  return (
    <div class="message warning">
      {missing.map((m) => (
        <p key={`${String(m.role)}:${m.name}`}>
          {t(l, 'missingControl', { what: roleWhat(l, m.role), name: m.name })}
        </p>
      ))}
      <p>
        {props.model.helpdesk
          ? t(l, 'missingHintHelpdesk', { helpdesk: props.model.helpdesk })
          : t(l, 'missingHint')}
      </p>
    </div>
  );
}

export function GuidePanel(props: { model: PanelModel; actions: PanelActions }) {
  const { model, actions } = props;
  const { language: l, step } = model;
  const collapsed = model.collapsed;
  const bar = model.dock === 'bar';
  const [confirmReset, setConfirmReset] = useState(false);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const finished = model.progress.steps[step.id];
  const bodyId = 'zorgid-guide-body';
  const showCard = step.checks.includes('card-present');
  return (
    <section
      class="panel"
      data-dock={model.dock}
      data-collapsed={String(collapsed)}
      data-compact={String(model.compact)}
      style={
        bar
          ? { maxHeight: `${model.maxHeight}px` }
          : {
              top: `${model.top}px`,
              maxHeight: `${model.maxHeight}px`,
              ...(collapsed ? { maxWidth: `${model.width}px` } : { width: `${model.width}px` }),
            }
      }
      aria-label={t(l, 'panelTitle')}
      lang={l}
    >
      <div class="head">
        <h2 id={PANEL_HEADING_ID} tabIndex={-1}>
          {t(l, 'panelTitle')}
        </h2>
        <button type="button" onClick={() => actions.toggleLanguage()} lang={l === 'nl' ? 'en' : 'nl'}>
          {t(l, 'language')}
        </button>
        <button
          type="button"
          aria-expanded={!collapsed}
          aria-controls={bodyId}
          onClick={() => actions.toggleCollapsed()}
        >
          {collapsed ? t(l, 'expand') : t(l, 'collapse')}
        </button>
      </div>
      {!collapsed && (
        <div id={bodyId}>
          <EnvironmentBanner model={model} actions={actions} />
          <div class="body">
            <p class="progress">{t(l, 'stepOf', { k: step.number, n: model.stepCount })}</p>
            <h3 class="title" id={STEP_TITLE_ID} tabIndex={-1}>
              {step.title[l]}
            </h3>
            {model.thenStep && (
              <p class="message">
                {t(l, 'firstDo', { title: step.title[l], next: model.thenStep.title[l] })}
              </p>
            )}
            <ol class="instructions">
              {step.instructions[l].map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ol>
            {model.targetFound && model.nextLandmark && (
              <p class="message">{t(l, 'highlightHint', { name: model.nextLandmark.name })}</p>
            )}
            <Missing model={model} />
            {step.id === 'prepare' && <PrepareChecklist model={model} actions={actions} />}
            {step.id === 'install-app' && <InstallApp model={model} />}
            {model.waiting && <Waiting model={model} actions={actions} />}
            {showCard && <CardStatusBlock language={l} card={model.card} />}
            {model.checks.length > 0 && (
              <div>
                <h4>{t(l, 'checksTitle')}</h4>
                {model.checks.map((c) => (
                  <p key={c.id} class={`check ${c.status}`} data-check={c.id} data-status={c.status}>
                    {c.message[l]}
                  </p>
                ))}
              </div>
            )}
            {model.messages.map((m, i) => (
              <p key={i} class={`message ${m.tone === 'warning' ? 'warning' : ''}`}>
                {m.text[l]}
              </p>
            ))}
            {finished && <p class="message">{t(l, finished.by === 'user' ? 'confirmedDone' : 'seenDone')}</p>}
            <div class="row">
              <button type="button" disabled={!model.canGoBack} onClick={() => actions.back()}>
                {t(l, 'back')}
              </button>
              {step.manualConfirm && !finished && !model.waiting && (
                <button type="button" class="primary" onClick={() => actions.confirmDone()}>
                  {t(l, 'confirmDone')}
                </button>
              )}
              <button type="button" disabled={!model.canGoForward} onClick={() => actions.forward()}>
                {t(l, 'forward')}
              </button>
            </div>
          </div>
          <div class="footer row">
            <button type="button" onClick={() => actions.exportDownload()}>
              {t(l, 'exportProgress')}
            </button>
            <button
              type="button"
              onClick={() => void actions.exportCopy().then((ok) => setCopyState(ok ? 'copied' : 'failed'))}
            >
              {t(l, 'copyProgress')}
            </button>
            <button
              type="button"
              onClick={() => {
                if (confirmReset) {
                  setConfirmReset(false);
                  actions.reset();
                } else setConfirmReset(true);
              }}
            >
              {confirmReset ? t(l, 'resetConfirm') : t(l, 'resetProgress')}
            </button>
            {copyState !== 'idle' && (
              <span role="status">{t(l, copyState === 'copied' ? 'copied' : 'copyFailed')}</span>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
