import { GUIDE_HOST_TAG } from '../portal/query.js';
import { GUIDE_CSS } from './styles.js';

// The guide's place in the page: one custom element on <html>, a shadow root holding the
// panel, the highlight overlay and a polite live region. Its attributes are the guide's public
// state for tests and helpdesk tools: data-zorgid-guide, data-step, data-state.

export type GuideState = 'idle' | 'active' | 'waiting' | 'warning' | 'done';

export interface GuideHost {
  host: HTMLElement;
  shadow: ShadowRoot;
  panelRoot: HTMLElement;
  overlay: HTMLElement;
  live: HTMLElement;
  setState(step: string | undefined, state: GuideState): void;
  /** Says `text` through the polite live region, marked with its language. */
  announce(text: string, lang: string): void;
  /** The live region's language follows the guide's language switch. */
  setLanguage(lang: string): void;
  remove(): void;
}

export const HOST_VERSION_ATTRIBUTE = 'data-zorgid-guide';

export function createGuideHost(doc: Document, version = '1'): GuideHost {
  doc.querySelectorAll(GUIDE_HOST_TAG).forEach((old) => old.remove());
  const host = doc.createElement(GUIDE_HOST_TAG);
  host.setAttribute(HOST_VERSION_ATTRIBUTE, version);
  host.setAttribute('data-state', 'idle');
  // Open, so accessibility checkers and helpdesk tools can inspect the panel; it holds no secrets.
  const shadow = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = GUIDE_CSS;
  const overlay = doc.createElement('div');
  overlay.className = 'highlight';
  overlay.setAttribute('aria-hidden', 'true');
  const live = doc.createElement('div');
  live.className = 'sr-only';
  live.setAttribute('role', 'status');
  live.setAttribute('aria-live', 'polite');
  live.setAttribute('lang', doc.documentElement.lang || 'nl');
  const panelRoot = doc.createElement('div');
  shadow.append(style, overlay, live, panelRoot);
  doc.documentElement.appendChild(host);
  return {
    host,
    shadow,
    panelRoot,
    overlay,
    live,
    setState(step, state) {
      if (step === undefined) host.removeAttribute('data-step');
      else if (host.getAttribute('data-step') !== step) host.setAttribute('data-step', step);
      if (host.getAttribute('data-state') !== state) host.setAttribute('data-state', state);
    },
    announce(text, lang) {
      live.setAttribute('lang', lang);
      // Clearing first makes screen readers announce the same text again.
      live.textContent = '';
      live.textContent = text;
    },
    setLanguage(lang) {
      live.setAttribute('lang', lang);
    },
    remove() {
      host.remove();
    },
  };
}
