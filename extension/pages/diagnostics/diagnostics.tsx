/** @jsxImportSource preact */
// The diagnostics page: every check with its status and what to do next, "Opnieuw controleren",
// and the support report (reference code to read out, text to copy, JSON to download).
// Status is shown in words and symbols, never by colour alone.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { buildSupportReport, type SupportReport } from '../../../shared/diagnostics/report.js';
import { STATUS_LABELS } from '../../../shared/diagnostics/texts.js';
import type { CheckStatus, DiagnosticCheck, LocalText } from '../../../shared/diagnostics/types.js';
import type { DiagnosticsReply } from '../../../shared/protocol/diagnostics.js';
import { pageLanguage, type RunDiagnostics } from './protocol.js';
import { SettingsSources } from './settings-sources.js';

type Lang = 'nl' | 'en';

const TEXT = {
  title: { nl: 'Diagnose ZORG-ID Companion', en: 'ZORG-ID Companion diagnostics' },
  intro: {
    nl: 'Hier ziet u in één keer of deze werkplek klaar is voor de UZI-pas. Volg bij een probleem de stap eronder.',
    en: 'See at a glance whether this workstation is ready for the UZI-pas. For a problem, follow the step under it.',
  },
  checking: { nl: 'Bezig met controleren…', en: 'Checking…' },
  again: { nl: 'Opnieuw controleren', en: 'Check again' },
  report: { nl: 'Supportrapport', en: 'Support report' },
  language: { nl: 'English', en: 'Nederlands' },
  overall: { nl: 'Totaal', en: 'Overall' },
  fix: { nl: 'Wat nu', en: 'What to do' },
  reference: {
    nl: 'Uw referentiecode (noem deze aan de helpdesk):',
    en: 'Your reference code (give this to the helpdesk):',
  },
  copy: { nl: 'Tekst kopiëren', en: 'Copy text' },
  copied: { nl: 'Gekopieerd.', en: 'Copied.' },
  copyFailed: {
    nl: 'Kopiëren lukte niet: selecteer de tekst hieronder en kopieer hem zelf.',
    en: 'Copying failed: select the text below and copy it yourself.',
  },
  download: { nl: 'JSON downloaden', en: 'Download JSON' },
  privacy: {
    nl: 'Het rapport bevat geen pincode en geen pagina-inhoud; namen en UZI-nummers zijn gemaskeerd.',
    en: 'The report holds no PIN and no page content; names and UZI numbers are masked.',
  },
  helpdesk: { nl: 'Helpdesk', en: 'Helpdesk' },
  failed: { nl: 'De controle kon niet draaien:', en: 'The check could not run:' },
  versions: { nl: 'Versies', en: 'Versions' },
} satisfies Record<string, LocalText>;

const OVERALL_TEXT: Readonly<Record<'pass' | 'warn' | 'fail', LocalText>> = {
  pass: { nl: 'Alles in orde.', en: 'Everything is fine.' },
  warn: { nl: 'Werkt, maar let op de punten hieronder.', en: 'Works, but mind the points below.' },
  fail: {
    nl: 'Er is een probleem: zie hieronder wat u kunt doen.',
    en: 'There is a problem: see below what to do.',
  },
};

const STATUS_SYMBOL: Readonly<Record<CheckStatus, string>> = { pass: '✓', warn: '!', fail: '✗', skip: '–' };

export interface DiagnosticsAppProps {
  run: RunDiagnostics;
  origin?: string;
  browserLanguage: string;
  copy: (text: string) => Promise<boolean>;
  download: (filename: string, text: string) => void;
  /** Keeps a made report (extension storage), keyed by its reference. */
  store?: (report: SupportReport) => Promise<void>;
}

/** What the page itself knows of the workstation: OS and browser from the user agent. */
function browserFacts(): Record<string, unknown> {
  const agent = typeof navigator === 'undefined' ? undefined : navigator.userAgent;
  return agent ? { userAgent: agent } : {};
}

function CheckItem({ check, lang }: { check: DiagnosticCheck; lang: Lang }) {
  return (
    <li
      class={`check ${check.status}`}
      data-check={check.id}
      data-status={check.status}
      data-code={check.code}
    >
      <span class="symbol" aria-hidden="true">
        {STATUS_SYMBOL[check.status]}
      </span>
      <div>
        <h2>
          {check.title[lang]} <span class="status">({STATUS_LABELS[check.status][lang]})</span>
        </h2>
        <p class="detail">{check.detail[lang]}</p>
        {check.fix && (check.status === 'fail' || check.status === 'warn') && (
          <p class="fix">
            <strong>{TEXT.fix[lang]}:</strong> {check.fix[lang]}
          </p>
        )}
      </div>
    </li>
  );
}

export function DiagnosticsApp(props: DiagnosticsAppProps) {
  const [result, setResult] = useState<DiagnosticsReply | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(true);
  const [lang, setLang] = useState<Lang>(pageLanguage(undefined, props.browserLanguage));
  const [languageChosen, setLanguageChosen] = useState(false);
  const [report, setReport] = useState<SupportReport | undefined>();
  const [copyState, setCopyState] = useState<'copied' | 'failed' | undefined>();

  const check = useCallback(async () => {
    setBusy(true);
    setError(undefined);
    setReport(undefined);
    setCopyState(undefined);
    try {
      const reply = await props.run(props.origin ? { origin: props.origin } : {});
      setResult(reply);
      if (!languageChosen) setLang(pageLanguage(reply.language, props.browserLanguage));
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
    } finally {
      setBusy(false);
    }
  }, [props.run, props.origin, props.browserLanguage, languageChosen]);

  useEffect(() => {
    void check();
    // Runs once on open; later runs come from the button.
  }, []);

  const makeReport = () => {
    if (!result) return;
    setCopyState(undefined);
    const made = buildSupportReport({
      result,
      context: 'browser',
      workstation: {
        ...browserFacts(),
        extension: result.extensionVersion,
        ...(result.hostVersion ? { host: result.hostVersion } : {}),
        ...(props.origin ? { page: props.origin } : {}),
      },
      ...(result.helpdesk ? { helpdesk: result.helpdesk } : {}),
    });
    setReport(made);
    // Kept under its reference, so the code read out on the phone finds this report again.
    void props.store?.(made);
  };

  const t = (text: LocalText) => text[lang];
  // The helpdesk reads Dutch: the copied text stays Dutch whatever language the page shows.
  const text = report?.text ?? '';

  return (
    <div class="page" lang={lang}>
      <header>
        <h1>{t(TEXT.title)}</h1>
        <button
          type="button"
          class="link"
          lang={lang === 'nl' ? 'en' : 'nl'}
          onClick={() => {
            setLanguageChosen(true);
            setLang(lang === 'nl' ? 'en' : 'nl');
          }}
        >
          {t(TEXT.language)}
        </button>
      </header>
      <p>{t(TEXT.intro)}</p>
      {result?.helpdesk && (
        <p class="helpdesk">
          {t(TEXT.helpdesk)}:{' '}
          {[result.helpdesk.name, result.helpdesk.phone, result.helpdesk.email].filter(Boolean).join(' · ')}
          {result.helpdesk.url && (
            <>
              {' · '}
              <a href={result.helpdesk.url} target="_blank" rel="noreferrer">
                {result.helpdesk.url}
              </a>
            </>
          )}
        </p>
      )}
      <div class="buttons">
        <button type="button" class="primary" disabled={busy} onClick={() => void check()}>
          {t(TEXT.again)}
        </button>
        <button type="button" disabled={busy || !result} onClick={makeReport}>
          {t(TEXT.report)}
        </button>
      </div>
      <div role="status" aria-live="polite">
        {busy && <p class="busy">{t(TEXT.checking)}</p>}
        {error && (
          <p class="problem">
            {t(TEXT.failed)} {error}
          </p>
        )}
        {result && !busy && (
          <p class={`overall ${result.overall}`} data-overall={result.overall} data-problem={result.problem}>
            <strong>{t(TEXT.overall)}:</strong> {t(OVERALL_TEXT[result.overall])}
          </p>
        )}
      </div>
      {report && (
        <section class="report" aria-label={t(TEXT.report)}>
          <p>
            {t(TEXT.reference)}{' '}
            <span class="reference" data-reference>
              {report.reference}
            </span>
          </p>
          <div class="buttons">
            <button
              type="button"
              onClick={() => void props.copy(text).then((ok) => setCopyState(ok ? 'copied' : 'failed'))}
            >
              {t(TEXT.copy)}
            </button>
            <button
              type="button"
              onClick={() =>
                props.download(
                  `zorgid-companion-${report.reference}.json`,
                  JSON.stringify(report.json, null, 2),
                )
              }
            >
              {t(TEXT.download)}
            </button>
          </div>
          {copyState && <p role="status">{t(copyState === 'copied' ? TEXT.copied : TEXT.copyFailed)}</p>}
          <p class="small">{t(TEXT.privacy)}</p>
          <textarea readOnly rows={12} aria-label={t(TEXT.report)} value={text} />
        </section>
      )}
      {result && (
        <ul class="checks">
          {result.checks.map((item) => (
            <CheckItem key={item.id} check={item} lang={lang} />
          ))}
        </ul>
      )}
      {result?.settings && <SettingsSources settings={result.settings} lang={lang} />}
      {result && (
        <p class="small">
          {t(TEXT.versions)}: extensie/extension {result.extensionVersion}
          {result.hostVersion ? `, kaarthulp/card helper ${result.hostVersion}` : ''}
        </p>
      )}
    </div>
  );
}
