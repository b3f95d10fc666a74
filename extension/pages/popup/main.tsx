/** @jsxImportSource preact */
// Entry of the toolbar popup. The diagnostics page gets the active tab's origin (when the browser
// tells it) so it can say whether that page may use the card.
import { render } from 'preact';
import { PORTAL_URL_ACCEPTANCE, PORTAL_URL_PRODUCTION } from '../../../shared/steps/step-map.js';
import { DIAGNOSTICS_PAGE, ORIGIN_PARAM, runtimeDiagnostics } from '../diagnostics/protocol.js';
import { PopupApp } from './popup.js';

const PORTAL_URLS = { productie: PORTAL_URL_PRODUCTION, acceptatie: PORTAL_URL_ACCEPTANCE } as const;

/** The tab the toolbar button was clicked on; its URL is readable through the activeTab permission. */
async function activeTab(): Promise<{ origin?: string; tabId?: number }> {
  try {
    const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
    const url = tab?.url ? new URL(tab.url) : undefined;
    const origin = url && (url.protocol === 'https:' || url.protocol === 'http:') ? url.origin : undefined;
    return { ...(origin ? { origin } : {}), ...(tab?.id !== undefined && origin ? { tabId: tab.id } : {}) };
  } catch {
    return {};
  }
}

async function activeTabOrigin(): Promise<string | undefined> {
  return (await activeTab()).origin;
}

const app = document.getElementById('app');
if (app) {
  render(
    <PopupApp
      run={runtimeDiagnostics()}
      activeTab={activeTab}
      browserLanguage={navigator.language}
      openDiagnostics={() => {
        void activeTabOrigin().then(async (origin) => {
          const query = origin ? `?${ORIGIN_PARAM}=${encodeURIComponent(origin)}` : '';
          await chrome.tabs.create({ url: chrome.runtime.getURL(DIAGNOSTICS_PAGE) + query });
          window.close();
        });
      }}
      openGuide={(environment) => {
        void chrome.tabs.create({ url: PORTAL_URLS[environment] }).then(() => window.close());
      }}
    />,
    app,
  );
}
