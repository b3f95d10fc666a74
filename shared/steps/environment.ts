import type { Environment, OriginRule } from './types.js';
import { wildcardMatches } from './url-patterns.js';

/** The meta element a sandbox page carries: `<meta name="zorgid-sandbox" content="acceptatie">`. */
export const SANDBOX_META_NAME = 'zorgid-sandbox';

/**
 * The environment of a page, from its URL and the sandbox meta value (if any). Rules with a
 * `sandboxMeta` only apply when the page declares it, so a page cannot claim to be a sandbox
 * on an origin the map does not allow for it.
 */
export function detectEnvironment(
  href: string,
  sandboxMeta: string | null | undefined,
  origins: readonly OriginRule[],
): Environment {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return 'unknown';
  }
  const meta = sandboxMeta?.trim().toLowerCase();
  // Meta-specific rules first: on a shared loopback origin the meta is what tells the instances apart.
  const ordered = [
    ...origins.filter((r) => r.sandboxMeta !== undefined),
    ...origins.filter((r) => !r.sandboxMeta),
  ];
  for (const rule of ordered) {
    if (rule.sandboxMeta !== undefined && rule.sandboxMeta !== meta) continue;
    if (wildcardMatches(rule.origin, url.origin)) return rule.environment;
  }
  return 'unknown';
}

export function isAcceptance(environment: Environment): boolean {
  return environment === 'acceptatie' || environment === 'sandbox-acceptatie';
}

export function isProduction(environment: Environment): boolean {
  return environment === 'productie' || environment === 'sandbox-productie';
}

export function isSandbox(environment: Environment): boolean {
  return environment === 'sandbox-acceptatie' || environment === 'sandbox-productie';
}
