import type { DockSide } from './highlight.js';

// Where the panel goes on a page we do not control. Two promises: it never covers the control it
// outlines, and it never covers the page's header (where portals keep "Uitloggen" and the user's
// name). So the panel docks below the page's banner landmark, on the side away from the target;
// when the target would still be covered on both sides (narrow windows, wide controls), it
// collapses to its title bar. Pure arithmetic on boxes here; the DOM measuring is below.

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
  /** The expanded panel (height as last measured; the most it may take when unknown). */
  panel: Size;
  /** The panel collapsed to its title bar. */
  collapsed: Size;
  current: DockSide;
}

export interface Placement {
  dock: DockSide;
  /** Distance from the top of the viewport, px. */
  top: number;
  maxHeight: number;
  /** Collapsed to the title bar, because expanded it would cover the target on either side. */
  compact: boolean;
}

export const PANEL_MARGIN_PX = 12;
export const PANEL_WIDTH_PX = 340;
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

export function panelBox(side: DockSide, top: number, size: Size, viewport: Size): Box {
  const left = side === 'left' ? PANEL_MARGIN_PX : viewport.width - PANEL_MARGIN_PX - size.width;
  return { left, top, right: left + size.width, bottom: top + size.height };
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
  const { viewport, target } = input;
  const top = panelTop(viewport, input.banner);
  const maxHeight = Math.max(0, viewport.height - top - PANEL_MARGIN_PX);
  const width = Math.min(PANEL_WIDTH_PX, viewport.width - 2 * PANEL_MARGIN_PX);
  const expanded = { width, height: Math.min(input.panel.height, maxHeight) };
  const collapsed = { width: Math.min(input.collapsed.width, width), height: input.collapsed.height };
  if (target === undefined) return { dock: input.current, top, maxHeight, compact: false };
  const avoid = grow(target, TARGET_CLEARANCE_PX);
  const centre = (target.left + target.right) / 2;
  const away: DockSide = centre > viewport.width / 2 ? 'left' : 'right';
  const sides: DockSide[] = [away, away === 'left' ? 'right' : 'left'];
  for (const side of sides) {
    if (!intersects(panelBox(side, top, expanded, viewport), avoid))
      return { dock: side, top, maxHeight, compact: false };
  }
  for (const side of sides) {
    if (!intersects(panelBox(side, top, collapsed, viewport), avoid))
      return { dock: side, top, maxHeight, compact: true };
  }
  return { dock: away, top, maxHeight, compact: true };
}

export function samePlacement(a: Placement | undefined, b: Placement): boolean {
  return a !== undefined && a.dock === b.dock && a.top === b.top && a.compact === b.compact;
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
