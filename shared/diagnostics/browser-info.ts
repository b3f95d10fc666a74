// Which browser runs the extension, from what the browser says about itself (no DOM access here:
// the caller passes navigator.userAgent and navigator.userAgentData.brands).
import type { BrowserInfo } from './types.js';

export interface BrandVersion {
  brand: string;
  version: string;
}

/** Lowest supported majors, as in manifest.json (minimum_chrome_version, gecko strict_min_version). */
export const MINIMUM_BROWSER_MAJOR = Object.freeze({ chromium: 116, firefox: 115 });

/** Most specific first: every Chromium-based browser also lists "Chromium". */
const BRAND_PRODUCTS: readonly string[] = ['Microsoft Edge', 'Google Chrome', 'Brave', 'Opera', 'Chromium'];

const FIREFOX_VERSION = /Firefox\/([0-9.]+)/;
const CHROME_VERSION = /Chrome\/([0-9.]+)/;

export function browserFromUserAgent(
  userAgent: string,
  brands: readonly BrandVersion[] = [],
  minimums: { chromium: number; firefox: number } = MINIMUM_BROWSER_MAJOR,
): BrowserInfo {
  const firefox = FIREFOX_VERSION.exec(userAgent);
  if (firefox?.[1]) return { product: 'Firefox', version: firefox[1], minimumMajor: minimums.firefox };
  const chromeVersion = CHROME_VERSION.exec(userAgent)?.[1];
  const brand = BRAND_PRODUCTS.map((name) => brands.find((entry) => entry.brand === name)).find(Boolean);
  const product = brand?.brand ?? (chromeVersion ? 'Chromium' : 'onbekende browser / unknown browser');
  // The UA string has the full version; brands only the major (and the same major as Chrome's).
  const version = chromeVersion ?? brand?.version ?? '?';
  return { product, version, minimumMajor: minimums.chromium };
}
