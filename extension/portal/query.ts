import type { Landmark } from '../../shared/steps/types.js';
import { HiddenCache, accessibleName, normaliseName } from './accessible-name.js';
import { elementRole } from './roles.js';

// Finds elements by role and accessible name in one pass over the page. One PageQuery lives for
// one detection run: roles, names and hiddenness are cached, the page is walked once.

export const GUIDE_HOST_TAG = 'zorgid-companion-guide';

export function landmarkRoles(landmark: Landmark): string[] {
  return Array.isArray(landmark.role) ? landmark.role : [landmark.role];
}

export function namesEqual(a: string, b: string): boolean {
  return normaliseName(a).toLocaleLowerCase('nl') === normaliseName(b).toLocaleLowerCase('nl');
}

const NAMING_ATTRIBUTES = ['aria-label', 'alt', 'title', 'value', 'placeholder'];
const LABELABLE = new Set(['input', 'select', 'textarea', 'button', 'meter', 'output', 'progress']);

export class PageQuery {
  private readonly byRole = new Map<string, Element[]>();
  private readonly names = new WeakMap<Element, string>();
  private readonly haystacks = new WeakMap<Element, string>();
  private readonly results = new Map<string, Element[]>();
  readonly hidden: HiddenCache;
  /** Elements visited; the cost of a pass grows with it. */
  readonly elementCount: number;

  /**
   * @param roles only elements with these roles are indexed (what the step map asks for).
   * @param exclude a subtree to ignore (the guide's own host element).
   */
  constructor(root: Document | Element, roles: ReadonlySet<string>, exclude?: Element | null) {
    const doc = root.nodeType === 9 ? (root as Document) : (root as Element).ownerDocument;
    this.hidden = new HiddenCache(doc.defaultView);
    // The guide's host sits on <html>, outside <body>: only check for it when it is inside the root.
    const skip = exclude && root.contains(exclude) ? exclude : null;
    const all = root.getElementsByTagName('*');
    let count = 0;
    for (let i = 0; i < all.length; i++) {
      const el = all[i]!;
      if (skip !== null && (el === skip || skip.contains(el))) continue;
      if (el.localName === GUIDE_HOST_TAG) continue;
      count++;
      const role = elementRole(el);
      if (role !== undefined && roles.has(role)) {
        let list = this.byRole.get(role);
        if (list === undefined) this.byRole.set(role, (list = []));
        list.push(el);
      }
    }
    this.elementCount = count;
  }

  nameOf(el: Element): string {
    let name = this.names.get(el);
    if (name === undefined) {
      name = accessibleName(el, this.hidden);
      this.names.set(el, name);
    }
    return name;
  }

  /**
   * Cheap necessary condition before the full name computation: every word of the wanted name
   * occurs in the element's text or naming attributes. Elements named by reference
   * (aria-labelledby, label[for]) always get the full computation.
   */
  private mayBeNamed(el: Element, words: string[]): boolean {
    if (el.hasAttribute('aria-labelledby') || (LABELABLE.has(el.localName) && el.hasAttribute('id')))
      return true;
    let hay = this.haystacks.get(el);
    if (hay === undefined) {
      hay = [
        el.textContent ?? '',
        ...NAMING_ATTRIBUTES.map((a) => el.getAttribute(a) ?? ''),
        el.closest('label')?.textContent ?? '',
      ]
        .join(' ')
        .toLocaleLowerCase('nl');
      this.haystacks.set(el, hay);
    }
    const h = hay;
    return words.every((w) => h.includes(w));
  }

  /** Visible elements with one of the roles and exactly this name (case and spacing ignored). */
  findAll(landmark: Landmark): Element[] {
    const key = `${landmarkRoles(landmark).join('|')}\u0000${landmark.name}`;
    const cached = this.results.get(key);
    if (cached) return cached;
    const words = normaliseName(landmark.name).toLocaleLowerCase('nl').split(' ');
    const found: Element[] = [];
    for (const role of landmarkRoles(landmark)) {
      for (const el of this.byRole.get(role) ?? []) {
        if (!this.mayBeNamed(el, words)) continue;
        if (namesEqual(this.nameOf(el), landmark.name) && !this.hidden.isHidden(el)) found.push(el);
      }
    }
    this.results.set(key, found);
    return found;
  }

  find(landmark: Landmark): Element | undefined {
    return this.findAll(landmark)[0];
  }

  /** All visible elements of a role, in document order. */
  allOfRole(role: string): Element[] {
    return (this.byRole.get(role) ?? []).filter((el) => !this.hidden.isHidden(el));
  }
}

/** One-off query for a single landmark (tests, helpdesk tools). */
export function findByRoleAndName(root: Document | Element, landmark: Landmark): Element | undefined {
  return new PageQuery(root, new Set(landmarkRoles(landmark))).find(landmark);
}
