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

export class PageQuery {
  private readonly byRole = new Map<string, Element[]>();
  private readonly names = new WeakMap<Element, string>();
  readonly hidden: HiddenCache;
  /** Elements visited; the cost of a pass grows with it. */
  readonly elementCount: number;

  /**
   * @param roles only elements with these roles are indexed (what the step map asks for).
   * @param exclude a subtree to ignore (the guide's own host element).
   */
  constructor(root: Document | Element, roles: ReadonlySet<string>, exclude?: Element | null) {
    const doc = root.nodeType === 9 ? (root as Document) : (root as Element).ownerDocument;
    this.hidden = new HiddenCache(doc.defaultView as (Window & typeof globalThis) | null);
    let count = 0;
    const walker = doc.createTreeWalker(root, 1 /* NodeFilter.SHOW_ELEMENT */);
    let node: Node | null = walker.nextNode();
    while (node !== null) {
      const el = node as Element;
      if (el === exclude || el.localName === GUIDE_HOST_TAG) {
        node = this.skipSubtree(walker, el);
        continue;
      }
      count++;
      const role = elementRole(el);
      if (role !== undefined && roles.has(role)) {
        let list = this.byRole.get(role);
        if (list === undefined) this.byRole.set(role, (list = []));
        list.push(el);
      }
      node = walker.nextNode();
    }
    this.elementCount = count;
  }

  private skipSubtree(walker: TreeWalker, el: Element): Node | null {
    walker.currentNode = el;
    let next = walker.nextSibling();
    let parent: Node | null = el;
    while (next === null && parent !== null) {
      parent = walker.parentNode();
      if (parent === null) break;
      next = walker.nextSibling();
    }
    return next;
  }

  nameOf(el: Element): string {
    let name = this.names.get(el);
    if (name === undefined) {
      name = accessibleName(el, this.hidden);
      this.names.set(el, name);
    }
    return name;
  }

  /** Visible elements with one of the roles and exactly this name (case and spacing ignored). */
  findAll(landmark: Landmark): Element[] {
    const found: Element[] = [];
    for (const role of landmarkRoles(landmark)) {
      for (const el of this.byRole.get(role) ?? []) {
        if (!this.hidden.isHidden(el) && namesEqual(this.nameOf(el), landmark.name)) found.push(el);
      }
    }
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
