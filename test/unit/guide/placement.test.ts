// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import {
  PANEL_MARGIN_PX,
  findBanner,
  intersects,
  panelBox,
  placePanel,
  type Box,
  type PlacementInput,
} from '../../../extension/ui/placement.js';

// The sandbox portal at 1280×860: header 0–56 px with "Uitloggen" at the right, content in a
// centred 736 px column (272–1008 px).
const VIEWPORT = { width: 1280, height: 860 };
const HEADER: Box = { left: 0, top: 0, right: 1280, bottom: 56 };
const LOGOUT_BUTTON: Box = { left: 1160, top: 12, right: 1260, bottom: 44 };
const box = (left: number, top: number, width: number, height: number): Box => ({
  left,
  top,
  right: left + width,
  bottom: top + height,
});

function input(over: Partial<PlacementInput> = {}): PlacementInput {
  return {
    viewport: VIEWPORT,
    banner: HEADER,
    panel: { width: 340, height: 620 },
    collapsed: { width: 240, height: 44 },
    current: 'right',
    ...over,
  };
}

function panelOf(p: ReturnType<typeof placePanel>, over: Partial<PlacementInput> = {}): Box {
  const i = input(over);
  const width = Math.min(340, i.viewport.width - 2 * PANEL_MARGIN_PX);
  const size = p.compact ? i.collapsed : { width, height: Math.min(i.panel.height, p.maxHeight) };
  return panelBox(p.dock, p.top, size, i.viewport);
}

describe('placePanel', () => {
  it('docks below the page header, so "Uitloggen" stays free', () => {
    const p = placePanel(input());
    expect(p.top).toBe(64);
    expect(p.maxHeight).toBe(860 - 64 - PANEL_MARGIN_PX);
    expect(intersects(panelOf(p), LOGOUT_BUTTON)).toBe(false);
  });

  it('never covers the outlined control: docks on the other side', () => {
    // "afronden" at the right edge of the content column, where a right-docked panel would sit.
    const target = box(900, 300, 100, 36);
    const p = placePanel(input({ target }));
    expect(p.compact).toBe(false);
    expect(p.dock).toBe('left');
    expect(intersects(panelOf(p, { target }), target)).toBe(false);
    const left = box(280, 300, 200, 36);
    const q = placePanel(input({ target: left }));
    expect(q.dock).toBe('right');
    expect(intersects(panelOf(q, { target: left }), left)).toBe(false);
  });

  it('collapses to its title bar when expanded it would cover a wide control on either side', () => {
    const wide = box(20, 300, 1240, 40);
    const p = placePanel(input({ target: wide }));
    expect(p.compact).toBe(true);
    // A control below the title bar: the collapsed panel leaves it free.
    expect(intersects(panelOf(p, { target: wide }), wide)).toBe(false);
  });

  it('on a phone-sized window the panel collapses rather than cover the control', () => {
    const viewport = { width: 420, height: 760 };
    const target = box(20, 400, 200, 40);
    const p = placePanel(input({ viewport, target, banner: box(0, 0, 420, 48) }));
    expect(p.compact).toBe(true);
    expect(intersects(panelOf(p, { viewport, target }), target)).toBe(false);
  });

  it('ignores a "header" that is really a large page section, and a header scrolled away', () => {
    expect(placePanel(input({ banner: box(0, 0, 1280, 500) })).top).toBe(PANEL_MARGIN_PX);
    expect(placePanel(input({ banner: box(0, -80, 1280, 56) })).top).toBe(PANEL_MARGIN_PX);
    // Half scrolled away: just below what is left of it.
    expect(placePanel(input({ banner: box(0, -30, 1280, 56) })).top).toBe(26 + 8);
  });
});

describe('findBanner', () => {
  it('takes the page header, not a header inside an article, nor the guide’s own', () => {
    document.body.innerHTML = `
      <main><article><header id="article-header">Artikel</header></article></main>
      <header id="page-header"><button>Uitloggen</button></header>`;
    const bar = { x: 0, y: 0, left: 0, top: 0, right: 1280, bottom: 56, width: 1280, height: 56 } as DOMRect;
    const inArticle = { ...bar, top: 300, bottom: 330, height: 30 } as DOMRect;
    document.getElementById('page-header')!.getBoundingClientRect = () => bar;
    document.getElementById('article-header')!.getBoundingClientRect = () => inArticle;
    expect(findBanner(document)).toEqual({ left: 0, top: 0, right: 1280, bottom: 56 });
    expect(findBanner(document, document.getElementById('page-header'))).toBeUndefined();
  });
});
