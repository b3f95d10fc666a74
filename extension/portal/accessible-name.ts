import { NAME_FROM_CONTENT, elementRole } from './roles.js';

// A small accessible-name computation after W3C accname 1.2, enough to find the portal's
// controls the way a screen reader names them: aria-labelledby, aria-label, label[for] and
// wrapping labels, alt, value of input buttons, content, title, placeholder.

const NEVER_RENDERED = new Set(['script', 'style', 'template', 'noscript', 'head', 'title', 'meta', 'link']);

/** Elements that flow inline: no space is added around their text ("UZI-<b>pas</b>" stays one word). */
const INLINE = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'cite',
  'code',
  'data',
  'dfn',
  'em',
  'font',
  'i',
  'kbd',
  'label',
  'mark',
  'q',
  's',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'time',
  'u',
  'var',
]);

const INPUT_BUTTON_DEFAULTS: Record<string, string> = { submit: 'Submit', reset: 'Reset' };

/** Caches computed hiddenness for one detection pass: many candidates share ancestors. */
export class HiddenCache {
  private readonly cache = new WeakMap<Element, boolean>();

  constructor(private readonly view: (Window & typeof globalThis) | null) {}

  isHidden(el: Element): boolean {
    const cached = this.cache.get(el);
    if (cached !== undefined) return cached;
    let hidden = this.selfHidden(el);
    if (!hidden) {
      const parent = el.parentElement;
      hidden = parent !== null && this.isHidden(parent);
    }
    this.cache.set(el, hidden);
    return hidden;
  }

  private selfHidden(el: Element): boolean {
    if (NEVER_RENDERED.has(el.localName)) return true;
    if (el.hasAttribute('hidden')) return true;
    if (el.getAttribute('aria-hidden') === 'true') return true;
    if (el.localName === 'input' && el.getAttribute('type')?.toLowerCase() === 'hidden') return true;
    if (this.view?.getComputedStyle) {
      try {
        const style = this.view.getComputedStyle(el);
        if (style.display === 'none') return true;
        // visibility inherits, so only the element's own computed value matters.
        if (style.visibility === 'hidden' || style.visibility === 'collapse') return true;
      } catch {
        // Not computable (detached, foreign document): fall back to attributes only.
      }
    }
    return false;
  }
}

export function normaliseName(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

interface Walk {
  hidden: HiddenCache;
  visited: Set<Element>;
  /** Inside aria-labelledby: hidden referenced nodes still count (accname step 2A). */
  referenced: boolean;
  /** Computing a name from descendants. */
  inContent: boolean;
}

function byIds(el: Element, attribute: string): Element[] {
  const ids = el.getAttribute(attribute)?.trim().split(/\s+/) ?? [];
  const doc = el.ownerDocument;
  return ids.map((id) => doc.getElementById(id)).filter((e): e is HTMLElement => e !== null);
}

function labelsOf(el: Element): Element[] {
  const labels: Element[] = [];
  const id = el.getAttribute('id');
  if (id) {
    for (const label of Array.from(el.ownerDocument.getElementsByTagName('label'))) {
      if (label.getAttribute('for') === id) labels.push(label);
    }
  }
  const wrapping = el.closest('label');
  if (wrapping && !labels.includes(wrapping) && !wrapping.hasAttribute('for')) labels.push(wrapping);
  return labels;
}

function nativeName(el: Element, walk: Walk): string {
  const tag = el.localName;
  if (tag === 'input') {
    const type = (el.getAttribute('type') ?? 'text').toLowerCase();
    if (type === 'button' || type === 'submit' || type === 'reset') {
      return el.getAttribute('value') ?? INPUT_BUTTON_DEFAULTS[type] ?? '';
    }
    if (type === 'image') return el.getAttribute('alt') ?? el.getAttribute('value') ?? '';
  }
  if (tag === 'input' || tag === 'textarea' || tag === 'select') {
    const fromLabels = labelsOf(el)
      .map((label) => contentName(label, { ...walk, inContent: true }, el))
      .filter((s) => s !== '')
      .join(' ');
    if (fromLabels !== '') return fromLabels;
  }
  if (tag === 'img' || tag === 'area') return el.getAttribute('alt') ?? '';
  if (tag === 'fieldset') {
    const legend = Array.from(el.children).find((c) => c.localName === 'legend');
    if (legend) return contentName(legend, { ...walk, inContent: true });
  }
  if (tag === 'table') {
    const caption = Array.from(el.children).find((c) => c.localName === 'caption');
    if (caption) return contentName(caption, { ...walk, inContent: true });
  }
  return '';
}

function contentName(el: Element, walk: Walk, skip?: Element): string {
  let out = '';
  for (const node of Array.from(el.childNodes)) {
    if (node.nodeType === 3) {
      out += node.textContent ?? '';
    } else if (node.nodeType === 1) {
      const child = node as Element;
      if (child === skip) continue;
      const part = computeName(child, walk);
      out += INLINE.has(child.localName) ? part : ` ${part} `;
    }
  }
  return out;
}

function computeName(el: Element, walk: Walk): string {
  if (walk.visited.has(el)) return '';
  if (!walk.referenced && walk.hidden.isHidden(el)) return '';
  const visited = new Set(walk.visited).add(el);
  const inner: Walk = { ...walk, visited };

  if (!walk.referenced) {
    const refs = byIds(el, 'aria-labelledby');
    if (refs.length > 0) {
      return refs
        .map((ref) => normaliseName(computeName(ref, { ...inner, referenced: true, inContent: true })))
        .join(' ');
    }
  }
  const label = el.getAttribute('aria-label')?.trim();
  if (label) return label;
  const role = elementRole(el);
  if (role === 'presentation' || role === 'none') {
    return walk.inContent ? contentName(el, inner) : '';
  }
  const native = normaliseName(nativeName(el, inner));
  if (native !== '') return native;
  // Inside content, an embedded text field contributes its value.
  if (walk.inContent && (role === 'textbox' || role === 'searchbox') && 'value' in el) {
    return String((el as HTMLInputElement).value ?? '');
  }
  if (walk.inContent || walk.referenced || (role !== undefined && NAME_FROM_CONTENT.has(role))) {
    const fromContent = normaliseName(contentName(el, { ...inner, inContent: true }));
    if (fromContent !== '') return fromContent;
  }
  const title = el.getAttribute('title')?.trim();
  if (title) return title;
  if (walk.inContent) return '';
  return el.getAttribute('placeholder')?.trim() ?? '';
}

/** The accessible name of an element, whitespace collapsed. Hidden elements have no name. */
export function accessibleName(el: Element, hidden?: HiddenCache): string {
  const cache = hidden ?? new HiddenCache(el.ownerDocument.defaultView);
  return normaliseName(
    computeName(el, { hidden: cache, visited: new Set(), referenced: false, inContent: false }),
  );
}
