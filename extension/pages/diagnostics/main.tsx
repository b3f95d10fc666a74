/** @jsxImportSource preact */
// Entry of the diagnostics page: the page the user came from is in the URL (set by the popup).
import { render } from 'preact';
import { DiagnosticsApp } from './diagnostics.js';
import { ORIGIN_PARAM, runtimeDiagnostics } from './protocol.js';

/** The last reports kept in extension storage, by reference. */
const REPORTS_KEPT = 10;
const origin = new URLSearchParams(location.search).get(ORIGIN_PARAM) ?? undefined;
const app = document.getElementById('app');
if (app) {
  render(
    <DiagnosticsApp
      run={runtimeDiagnostics()}
      {...(origin ? { origin } : {})}
      browserLanguage={navigator.language}
      copy={async (text) => {
        try {
          await navigator.clipboard.writeText(text);
          return true;
        } catch {
          return false;
        }
      }}
      store={async (report) => {
        const key = 'supportReports';
        try {
          const stored = await chrome.storage.local.get<{ supportReports?: Record<string, unknown> }>(key);
          const kept = Object.entries(stored.supportReports ?? {}).slice(-(REPORTS_KEPT - 1));
          await chrome.storage.local.set({
            [key]: Object.fromEntries([...kept, [report.reference, report.json]]),
          });
        } catch {
          // Storage full or unavailable: the report on screen and its download still carry the code.
        }
      }}
      download={(filename, text) => {
        const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
        const a = document.createElement('a');
        a.href = url;
        a.download = filename;
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 1000);
      }}
    />,
    app,
  );
}
