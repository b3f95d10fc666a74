/** @jsxImportSource preact */
// Entry of the consent page: reads the request id from the URL and talks to the service worker.
import { render } from 'preact';
import { watchCardEvents } from './card-presence.js';
import { ConsentApp, consentLanguage } from './consent.js';
import {
  CONSENT_REQUEST_PARAM,
  type ConsentPageMessage,
  type ConsentView,
} from '../../../shared/protocol/consent.js';

const requestId = new URLSearchParams(location.search).get(CONSENT_REQUEST_PARAM) ?? '';
const language = consentLanguage(navigator.language);
document.documentElement.lang = 'nl';

const app = document.getElementById('app');
if (app) {
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
