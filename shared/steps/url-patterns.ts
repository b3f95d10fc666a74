// Wildcard matching for URL and origin patterns: `*` is any run of characters, the rest is literal.
// Kept deliberately simpler than regular expressions so policy authors cannot write a slow one.

function wildcardToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`, 'i');
}

const cache = new Map<string, RegExp>();

export function wildcardMatches(pattern: string, value: string): boolean {
  let re = cache.get(pattern);
  if (re === undefined) {
    re = wildcardToRegExp(pattern);
    cache.set(pattern, re);
  }
  return re.test(value);
}

/** A path pattern (`/portal/*`) matches the path; a full-URL pattern (`https://…`) the whole URL. */
export function urlPatternMatches(pattern: string, url: URL): boolean {
  if (/^[a-z][a-z0-9+.-]*:/i.test(pattern)) return wildcardMatches(pattern, url.href);
  const path = url.pathname;
  return wildcardMatches(pattern, path) || wildcardMatches(pattern, `${path}${url.search}`);
}
