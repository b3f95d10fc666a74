/** @jsxImportSource preact */
// The toolbar popup: overall health, one line about the card, and two ways on: the diagnostics
// page and the registration guide (the portal, where the guide runs).
import { useEffect, useState } from 'preact/hooks';
import type { DiagnosticsReply } from '../../background/actions/diagnostics.js';
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

/** The card line: the card itself when it is fine, else the first problem on the way to it. */
export function cardLine(checks: readonly DiagnosticCheck[], lang: Lang): string {
  const card = checks.find((check) => check.id === 'card');
  if (card?.status === 'pass') return card.detail[lang];
  const problem = checks.find((check) => check.status === 'fail') ?? card;
  return problem ? problem.detail[lang] : '';
}

export interface PopupAppProps {
  run: RunDiagnostics;
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
    props.run({ quick: true }).then(setResult, () => setFailed(true));
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
            <p class={`health ${result.overall}`} data-overall={result.overall}>
              {t(HEALTH_TEXT[result.overall])}
            </p>
            <p class="card">{cardLine(result.checks, lang)}</p>
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
