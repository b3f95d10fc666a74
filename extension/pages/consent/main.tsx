/** @jsxImportSource preact */
// Entry of the consent page: reads the request id from the URL and talks to the service worker.
import { render } from 'preact';
import { watchCardEvents } from './card-presence.js';
import { ConsentApp, consentLanguage, type ConsentLanguage } from './consent.js';
import {
  CONSENT_REQUEST_PARAM,
  type ConsentPageMessage,
  type ConsentView,
} from '../../../shared/protocol/consent.js';

const requestId = new URLSearchParams(location.search).get(CONSENT_REQUEST_PARAM) ?? '';
document.documentElement.lang = 'nl';

/** The policy's language (managed storage); none, or a browser without managed storage: automatic. */
async function policyLanguage(): Promise<string | undefined> {
  try {
    const value = (await chrome.storage.managed.get('language')).language;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

const app = document.getElementById('app');
if (app) {
  void policyLanguage().then((setting) => show(app, consentLanguage(setting, navigator.languages)));
}

function show(app: HTMLElement, language: ConsentLanguage): void {
  render(
    <ConsentApp
      requestId={requestId}
      language={language}
      // sendMessage serialises the message before it returns, so the caller may drop the PIN after.
      send={(message: ConsentPageMessage) =>
        chrome.runtime.sendMessage<ConsentPageMessage, ConsentView>(message)
      }
      closeWindow={() => window.close()}
      watchCard={watchCardEvents}
    />,
    app,
  );
}
