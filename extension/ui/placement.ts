import type { DockSide } from './highlight.js';

// Where the panel goes on a page we do not control. Two promises: it never covers the control it
// outlines, and it never covers the page's header (where portals keep "Uitloggen" and the user's
// name). So the panel docks below the page's banner landmark, on the side away from the target;
// when the target would still be covered on both sides (wide controls), it collapses to its title
// bar. The control with keyboard focus counts first (WCAG 2.4.11, focus not obscured). In a narrow
// window (320 CSS px, or 200 % zoom) it is a bar along the bottom edge instead (WCAG 1.4.10,
// reflow). Pure arithmetic on boxes here; the DOM measuring is below.

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface PlacementInput {
  viewport: Size;
  /** The page's banner landmark (its `header`), viewport coordinates. */
  banner?: Box | undefined;
  /** The outlined control, viewport coordinates. */
  target?: Box | undefined;
  /** The page control that has keyboard focus, viewport coordinates: it must never be covered (WCAG 2.4.11). */
  focused?: Box | undefined;
  /** The expanded panel (height as last measured; the most it may take when unknown). */
  panel: Size;
  /** The panel collapsed to its title bar. */
  collapsed: Size;
  current: DockSide;
}

export interface Placement {
  /** 'bar': a full-width bar at the bottom of a narrow window (reflow, WCAG 1.4.10). */
  dock: DockSide;
  /** Distance from the top of the viewport, px (in 'bar' mode where the collapsed bar begins). */
  top: number;
  maxHeight: number;
  /** The panel's width, px: the one width rule, used by the controller and by the styles. */
  width: number;
  /** Collapsed to the title bar, because expanded it would cover the target or the focused control. */
  compact: boolean;
}

export const PANEL_MARGIN_PX = 12;
export const PANEL_WIDTH_PX = 340;
/**
 * Below this window width (CSS px) a side panel would take half the window or more (at 200 % zoom a
 * 1280 px window is 640 CSS px): the panel becomes a bar along the bottom edge, full width, collapsed
 * unless opened, and the page gets as much room below its content so nothing stays under it.
 */
export const BAR_BELOW_WIDTH_PX = 720;
/** The opened bar takes at most this share of the window's height. */
const BAR_MAX_HEIGHT_SHARE = 0.6;
/** Space between the page's header and the panel. */
const BANNER_GAP_PX = 8;
/** A "header" taller than this share of the window is a page section, not a bar to stay below. */
const MAX_BANNER_SHARE = 0.4;
/** Below this the panel is too short to read: then it overlaps the header rather than shrink more. */
const MIN_PANEL_HEIGHT_PX = 160;
/** The outline is drawn a few pixels outside the control: keep clear of that too. */
const TARGET_CLEARANCE_PX = 8;

export function intersects(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

function grow(box: Box, by: number): Box {
  return { left: box.left - by, top: box.top - by, right: box.right + by, bottom: box.bottom + by };
}

/** Whether the panel docks as a bottom bar in a window this wide. */
export function isBarWidth(viewportWidth: number): boolean {
  return viewportWidth < BAR_BELOW_WIDTH_PX;
}

/** The one width rule: full width as a bar, else 340 px but never wider than the window allows. */
export function panelWidth(viewportWidth: number): number {
  if (isBarWidth(viewportWidth)) return Math.max(0, viewportWidth);
  return Math.max(0, Math.min(PANEL_WIDTH_PX, viewportWidth - 2 * PANEL_MARGIN_PX));
}

export function panelBox(side: DockSide, top: number, size: Size, viewport: Size): Box {
  if (side === 'bar') {
    return { left: 0, top: viewport.height - size.height, right: viewport.width, bottom: viewport.height };
  }
  const width = Math.min(size.width, panelWidth(viewport.width));
  const left = side === 'left' ? PANEL_MARGIN_PX : viewport.width - PANEL_MARGIN_PX - width;
  return { left, top, right: left + width, bottom: top + size.height };
}

/** The top edge: below a visible banner at the top of the window, else the margin. */
export function panelTop(viewport: Size, banner: Box | undefined): number {
  if (banner === undefined || banner.bottom <= 0 || banner.bottom > viewport.height * MAX_BANNER_SHARE)
    return PANEL_MARGIN_PX;
  const below = Math.round(banner.bottom + BANNER_GAP_PX);
  return viewport.height - below - PANEL_MARGIN_PX < MIN_PANEL_HEIGHT_PX
    ? PANEL_MARGIN_PX
    : Math.max(PANEL_MARGIN_PX, below);
}

export function placePanel(input: PlacementInput): Placement {
  const { viewport, target, focused } = input;
  const width = panelWidth(viewport.width);
  if (isBarWidth(viewport.width)) {
    // Collapsed unless opened: the bar's title row is all that stays on screen, and the page is
    // given that much room at its end (the controller reserves it), so it covers nothing for good.
    const height = Math.max(0, Math.min(input.collapsed.height, viewport.height));
    return {
      dock: 'bar',
      top: viewport.height - height,
      maxHeight: Math.max(0, Math.round(viewport.height * BAR_MAX_HEIGHT_SHARE)),
      width,
      compact: true,
    };
  }
  const top = panelTop(viewport, input.banner);
  const maxHeight = Math.max(0, viewport.height - top - PANEL_MARGIN_PX);
  const expanded = { width, height: Math.min(input.panel.height, maxHeight) };
  const collapsed = { width: Math.min(input.collapsed.width, width), height: input.collapsed.height };
  const bottomTop = Math.max(PANEL_MARGIN_PX, viewport.height - PANEL_MARGIN_PX - collapsed.height);
  const avoidAll = [focused, target].filter((b): b is Box => b !== undefined);
  if (avoidAll.length === 0)
    return { dock: input.current === 'bar' ? 'right' : input.current, top, maxHeight, width, compact: false };
  const attempt = (boxes: Box[]): Placement | undefined => {
    const avoid = boxes.map((b) => grow(b, TARGET_CLEARANCE_PX));
    const first = boxes[0]!;
    const centre = (first.left + first.right) / 2;
    const away: DockSide = centre > viewport.width / 2 ? 'left' : 'right';
    const sides: DockSide[] = [away, away === 'left' ? 'right' : 'left'];
    const clear = (box: Box) => avoid.every((a) => !intersects(box, a));
    for (const side of sides)
      if (clear(panelBox(side, top, expanded, viewport)))
        return { dock: side, top, maxHeight, width, compact: false };
    for (const side of sides)
      if (clear(panelBox(side, top, collapsed, viewport)))
        return { dock: side, top, maxHeight, width, compact: true };
    // A control right under the title bar (a footer link scrolled to the top, a wide form row):
    // the collapsed panel moves to the bottom corner.
    for (const side of sides)
      if (clear(panelBox(side, bottomTop, collapsed, viewport)))
        return { dock: side, top: bottomTop, maxHeight, width, compact: true };
    return undefined;
  };
  // The focused control first (it must never be hidden), then the outlined one as well if possible.
  const placed =
    (avoidAll.length > 1 ? attempt(avoidAll) : undefined) ??
    attempt([avoidAll[0]!]) ??
    (avoidAll.length > 1 ? attempt([avoidAll[1]!]) : undefined);
  if (placed) return placed;
  const first = avoidAll[0]!;
  return {
    dock: (first.left + first.right) / 2 > viewport.width / 2 ? 'left' : 'right',
    top,
    maxHeight,
    width,
    compact: true,
  };
}

export function samePlacement(a: Placement | undefined, b: Placement): boolean {
  return (
    a !== undefined &&
    a.dock === b.dock &&
    a.top === b.top &&
    a.compact === b.compact &&
    a.width === b.width &&
    a.maxHeight === b.maxHeight
  );
}

// --- Measuring the page --------------------------------------------------------------------------

/** Elements inside which a `header` is not the page's banner (HTML-AAM). */
const SECTIONING = 'article, aside, main, nav, section, [role="article"], [role="main"], [role="region"]';

function boxOf(el: Element): Box | undefined {
  const r = el.getBoundingClientRect();
  if (r.width <= 0 || r.height <= 0) return undefined;
  return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
}

/** The first visible banner landmark: `[role=banner]`, or a `header` outside sectioning content. */
export function findBanner(doc: Document, exclude?: Element | null): Box | undefined {
  for (const el of Array.from(doc.querySelectorAll('header, [role="banner"]'))) {
    if (exclude && exclude.contains(el)) continue;
    const role = el.getAttribute('role');
    if (role !== null && role !== 'banner') continue;
    if (role === null && el.parentElement?.closest(SECTIONING)) continue;
    const box = boxOf(el);
    if (box) return box;
  }
  return undefined;
}

export function targetBox(target: Element | undefined): Box | undefined {
  return target?.isConnected ? boxOf(target) : undefined;
}
