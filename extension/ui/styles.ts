import { PANEL_MARGIN_PX, PANEL_WIDTH_PX } from './placement.js';

// All styles live inside the shadow root: the page's CSS cannot reach the panel, ours cannot leak.
// The panel's width follows one rule (placement.ts `panelWidth`): the controller sets it inline,
// and the fallback here is built from the same constants, so the two can never disagree again.

/** Focus ring, two tones: a dark inner ring and a yellow outer ring, so one of them stands out
 *  (≥ 3:1) against white, grey, the warning colours and the blue title bar alike. */
export const FOCUS_RING_INNER = '#1a1a1a';
export const FOCUS_RING_OUTER = '#ffb612';

export const GUIDE_CSS = `
:host { all: initial; }
* { box-sizing: border-box; }
.panel {
  position: fixed; top: ${PANEL_MARGIN_PX}px; z-index: 2147483646;
  width: min(${PANEL_WIDTH_PX}px, calc(100vw - ${2 * PANEL_MARGIN_PX}px)); max-width: calc(100vw - ${2 * PANEL_MARGIN_PX}px);
  max-height: calc(100vh - ${2 * PANEL_MARGIN_PX}px);
  overflow: auto; background: #fff; color: #1a1a1a; border: 2px solid #01689b; border-radius: 8px;
  box-shadow: 0 4px 16px rgba(0,0,0,.25); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
  transition: left .2s, right .2s;
}
.panel[data-dock="right"] { right: ${PANEL_MARGIN_PX}px; }
.panel[data-dock="left"] { left: ${PANEL_MARGIN_PX}px; }
.panel[data-collapsed="true"] { width: auto; }
.panel[data-dock="bar"] {
  left: 0; right: 0; top: auto; bottom: 0; width: auto; max-width: none; border-radius: 0; border-width: 2px 0 0;
}
@media (prefers-reduced-motion: reduce) { .panel { transition: none; } }
.head {
  display: flex; flex-wrap: wrap; align-items: center; gap: 8px; padding: 8px 10px; background: #01689b; color: #fff;
}
.head h2 { font-size: 14px; margin: 0; flex: 1; overflow-wrap: anywhere; }
.body, .banner, .footer { overflow-wrap: anywhere; }
.body { padding: 10px 12px; }
.progress { font-size: 12px; color: #444; margin: 0 0 2px; }
.title { font-size: 16px; margin: 0 0 6px; }
ol.instructions { margin: 0 0 8px; padding-left: 20px; }
button, .linkbutton {
  font: inherit; cursor: pointer; border: 1px solid #01689b; background: #fff; color: #01689b;
  border-radius: 4px; padding: 4px 8px; text-decoration: none; display: inline-block;
}
button.primary { background: #01689b; color: #fff; }
.head button { border-color: #fff; color: #fff; background: transparent; }
button:focus-visible, a:focus-visible, input:focus-visible, [tabindex="-1"]:focus {
  outline: 3px solid ${FOCUS_RING_OUTER}; outline-offset: 3px; box-shadow: 0 0 0 3px ${FOCUS_RING_INNER};
}
.row { display: flex; flex-wrap: wrap; gap: 6px; margin: 8px 0; }
.banner { padding: 6px 12px; font-size: 13px; background: #e5f0f9; }
.banner.warning, .message.warning, .check.warning { background: #fff4dc; border-left: 4px solid #e17000; }
.message, .check { padding: 4px 8px; margin: 4px 0; border-left: 4px solid #01689b; background: #f3f3f3; }
.check.ok { border-left-color: #39870c; background: #eef6ea; }
.check.unknown { border-left-color: #999; }
.card dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 8px; margin: 4px 0; }
.card dt { font-weight: 600; }
.card dd { margin: 0; }
.qr { display: flex; gap: 12px; flex-wrap: wrap; }
.qr figure { margin: 0; text-align: center; font-size: 12px; }
.qr .code svg { width: 128px; height: 128px; }
fieldset { border: 1px solid #ccc; margin: 6px 0; padding: 4px 8px; }
legend { font-weight: 600; }
label { display: block; }
.footer { border-top: 1px solid #ddd; padding: 6px 12px; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.highlight {
  position: absolute; pointer-events: none; z-index: 2147483645; border: 3px solid #e17000; border-radius: 6px;
  box-shadow: 0 0 0 4px rgba(225,112,0,.35); display: none;
}
@media (prefers-reduced-motion: no-preference) { .highlight { transition: top .15s, left .15s, width .15s, height .15s; } }
`;
