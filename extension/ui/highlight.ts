// The outline around the next control is our own element in the shadow root, positioned over
// the target in document coordinates: the page's element keeps its styles and behaviour.

/** 'bar': along the bottom edge, full width, in a narrow window. */
export type DockSide = 'left' | 'right' | 'bar';

const HIGHLIGHT_PADDING_PX = 4;

export function drawHighlight(overlay: HTMLElement, target: Element | undefined, win: Window): void {
  if (target === undefined || !target.isConnected) {
    overlay.style.display = 'none';
    return;
  }
  const rect = target.getBoundingClientRect();
  overlay.style.display = 'block';
  overlay.style.top = `${rect.top + win.scrollY - HIGHLIGHT_PADDING_PX}px`;
  overlay.style.left = `${rect.left + win.scrollX - HIGHLIGHT_PADDING_PX}px`;
  overlay.style.width = `${rect.width + 2 * HIGHLIGHT_PADDING_PX}px`;
  overlay.style.height = `${rect.height + 2 * HIGHLIGHT_PADDING_PX}px`;
}

export function prefersReducedMotion(win: Window): boolean {
  try {
    return win.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  } catch {
    return false;
  }
}

/** Brings the control into view without moving focus. */
export function scrollTargetIntoView(target: Element, win: Window): void {
  if (typeof target.scrollIntoView !== 'function') return;
  target.scrollIntoView({
    block: 'center',
    inline: 'nearest',
    behavior: prefersReducedMotion(win) ? 'auto' : 'smooth',
  });
}

/** Dock the panel on the side away from the control, so it never covers it. */
export function dockSide(target: Element | undefined, win: Window, current: DockSide = 'right'): DockSide {
  if (target === undefined) return current;
  const rect = target.getBoundingClientRect();
  const centre = rect.left + rect.width / 2;
  return centre > win.innerWidth / 2 ? 'left' : 'right';
}
