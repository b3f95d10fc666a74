/** @jsxImportSource preact */
// The toolbar popup: overall health, one line about the card, and two ways on: the diagnostics
// page and the registration guide (the portal, where the guide runs).
import { useEffect, useState } from 'preact/hooks';
import type { DiagnosticsReply } from '../../../shared/protocol/diagnostics.js';
import { firstProblem } from '../../../shared/diagnostics/run.js';
import type { DiagnosticCheck, LocalText } from '../../../shared/diagnostics/types.js';
import { pageLanguage, type RunDiagnostics } from '../diagnostics/protocol.js';

type Lang = 'nl' | 'en';

const TEXT = {
  checking: { nl: 'Controleren…', en: 'Checking…' },
  diagnose: { nl: 'Diagnose openen', en: 'Open diagnostics' },
  guide: { nl: 'Gids tonen', en: 'Show guide' },
  failed: { nl: 'De extensie antwoordt niet.', en: 'The extension does not answer.' },
} satisfies Record<string, LocalText>;

const HEALTH_TEXT: Readonly<Record<DiagnosticsReply['overall'], LocalText>> = {
  pass: { nl: 'Alles in orde', en: 'Everything is fine' },
  warn: { nl: 'Werkt, let op', en: 'Works, take note' },
  fail: { nl: 'Er is een probleem', en: 'There is a problem' },
};

/**
 * The line under the verdict: the check that names it (the first failure, else the first warning,
 * in the same order as the diagnostics page and `doctor`), or the card when all is well.
 */
export function verdictCheck(
  result: Pick<DiagnosticsReply, 'checks' | 'problem'>,
): DiagnosticCheck | undefined {
  const named = result.problem ? result.checks.find((check) => check.id === result.problem) : undefined;
  return named ?? firstProblem(result.checks) ?? result.checks.find((check) => check.id === 'card');
}

function VerdictLine({ check, lang }: { check: DiagnosticCheck | undefined; lang: Lang }) {
  if (!check) return null;
  const problem = check.status === 'fail' || check.status === 'warn';
  return (
    <div class="verdict" data-check={check.id} data-status={check.status} data-code={check.code}>
      <p class="card">
        {problem && <strong>{check.title[lang]}: </strong>}
        {check.detail[lang]}
      </p>
      {problem && check.fix && <p class="fix">{check.fix[lang]}</p>}
    </div>
  );
}

export interface PopupAppProps {
  run: RunDiagnostics;
  /** The active tab (origin when the browser tells it, via activeTab), checked as "Deze website". */
  activeTab: () => Promise<{ origin?: string; tabId?: number }>;
  browserLanguage: string;
  openDiagnostics: () => void;
  openGuide: (environment: DiagnosticsReply['defaultEnvironment']) => void;
}

export function PopupApp(props: PopupAppProps) {
  const [result, setResult] = useState<DiagnosticsReply | undefined>();
  const [failed, setFailed] = useState(false);
  const lang: Lang = pageLanguage(result?.language, props.browserLanguage);
  const t = (text: LocalText) => text[lang];

  useEffect(() => {
    props
      .activeTab()
      .then((tab) => props.run(tab))
      .then(setResult, () => setFailed(true));
    // Once per opening of the popup.
  }, []);

  return (
    <div lang={lang}>
      <h1>ZORG-ID Companion</h1>
      <div role="status" aria-live="polite">
        {!result && !failed && <p class="health">{t(TEXT.checking)}</p>}
        {failed && <p class="health fail">{t(TEXT.failed)}</p>}
        {result && (
          <>
            <p class={`health ${result.overall}`} data-overall={result.overall} data-problem={result.problem}>
              {t(HEALTH_TEXT[result.overall])}
            </p>
            <VerdictLine check={verdictCheck(result)} lang={lang} />
          </>
        )}
      </div>
      <div class="buttons">
        <button type="button" class="primary" onClick={props.openDiagnostics}>
          {t(TEXT.diagnose)}
        </button>
        <button type="button" onClick={() => props.openGuide(result?.defaultEnvironment ?? 'productie')}>
          {t(TEXT.guide)}
        </button>
      </div>
    </div>
  );
}
