// The kit compiles without the DOM library (Node context): code that runs inside the page sees
// the browser's globals through these few structural types instead. Callbacks are serialised
// into the page, so they cast `globalThis` themselves (a type-only cast) and call nothing of ours.

export interface InPageElement {
  readonly textContent: string | null;
  readonly shadowRoot: InPageRoot | null;
  readonly tagName: string;
  getAttribute(name: string): string | null;
  querySelector(selector: string): InPageElement | null;
  querySelectorAll(selector: string): ArrayLike<InPageElement>;
}

export interface InPageRoot {
  querySelector(selector: string): InPageElement | null;
  querySelectorAll(selector: string): ArrayLike<InPageElement>;
}

export interface InPageGlobal {
  document: InPageRoot & { readonly documentElement: InPageElement };
  location: { readonly href: string };
  ZorgIdCompanion?: Record<string, (...args: unknown[]) => Promise<unknown>>;
}
