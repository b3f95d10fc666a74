// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import {
  BAR_BELOW_WIDTH_PX,
  PANEL_MARGIN_PX,
  PANEL_WIDTH_PX,
  findBanner,
  panelWidth,
  intersects,
  panelBox,
  placePanel,
  type Box,
  type PlacementInput,
} from '../../../extension/ui/placement.js';
import { GUIDE_CSS } from '../../../extension/ui/styles.js';

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

describe('reflow and focus not obscured (issue 21)', () => {
  const inside = (b: Box, viewport: { width: number; height: number }) =>
    b.left >= 0 && b.top >= 0 && b.right <= viewport.width && b.bottom <= viewport.height;

  it('at 320 CSS px the panel is a full-width bar along the bottom, inside the window', () => {
    const viewport = { width: 320, height: 640 };
    const p = placePanel(input({ viewport, banner: box(0, 0, 320, 48) }));
    expect(p.dock).toBe('bar');
    expect(p.width).toBe(320);
    expect(p.compact).toBe(true);
    expect(inside(panelBox(p.dock, p.top, { width: p.width, height: 44 }, viewport), viewport)).toBe(true);
  });

  it('at 200 % zoom of a 1280×900 window (640×450 CSS px) it is a bar as well', () => {
    expect(placePanel(input({ viewport: { width: 640, height: 450 } })).dock).toBe('bar');
    expect(placePanel(input({ viewport: { width: BAR_BELOW_WIDTH_PX, height: 450 } })).dock).not.toBe('bar');
  });

  it('one width rule: never wider than the window allows, for every width', () => {
    for (let width = 200; width <= 1400; width += 7) {
      const w = panelWidth(width);
      const p = placePanel(input({ viewport: { width, height: 700 } }));
      expect(p.width).toBe(w);
      const b = panelBox(p.dock, p.top, { width: w, height: 100 }, { width, height: 700 });
      expect(b.left).toBeGreaterThanOrEqual(0);
      expect(b.right).toBeLessThanOrEqual(width);
    }
    // The styles are built from the same constants: no second, fixed width.
    expect(GUIDE_CSS).toContain(`min(${PANEL_WIDTH_PX}px, calc(100vw - ${2 * PANEL_MARGIN_PX}px))`);
    expect(GUIDE_CSS).not.toMatch(/width:\s*340px/);
  });

  it('steps aside from the focused control, even when another control is outlined', () => {
    // 1024×768: a footer link at the bottom right, where the right-docked panel sits.
    const viewport = { width: 1024, height: 768 };
    const footerLink = box(900, 700, 90, 20);
    const target = box(300, 300, 200, 36);
    const p = placePanel(
      input({ viewport, target, focused: footerLink, panel: { width: 340, height: 700 } }),
    );
    const drawn = panelBox(
      p.dock,
      p.top,
      p.compact ? { width: 240, height: 44 } : { width: 340, height: 700 },
      viewport,
    );
    expect(intersects(drawn, footerLink)).toBe(false);
  });

  it('a focused control right under the collapsed title bar on both sides: the bar goes to the bottom', () => {
    const focused = box(0, 64, 1280, 40);
    const p = placePanel(input({ focused }));
    expect(p.compact).toBe(true);
    expect(p.top).toBeGreaterThan(focused.bottom);
    expect(intersects(panelBox(p.dock, p.top, { width: 240, height: 44 }, VIEWPORT), focused)).toBe(false);
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
