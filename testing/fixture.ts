// A Vitest fixture without importing vitest here (the kit does not depend on it): pass your own
// `test` and get one that hands each test a browser with the extension, closed afterwards.
//   import { test as base } from 'vitest';
//   import { withKit } from 'zorgid-companion/testing';
//   const test = withKit(base);
//   test('reads the card', async ({ kit }) => { … });
import type { TestAPI } from 'vitest';
import { launchBrowser, type KitBrowser, type LaunchBrowserOptions } from './browser.js';

/** Only a type comes from vitest: the kit runs without it. */
export function withKit(test: TestAPI, options: LaunchBrowserOptions = {}): TestAPI<{ kit: KitBrowser }> {
  return test.extend<{ kit: KitBrowser }>({
    // Vitest reads a fixture's dependencies from the first parameter's destructuring pattern.
    // eslint-disable-next-line no-empty-pattern
    kit: async ({}, use) => {
      const kit = await launchBrowser(options);
      try {
        await use(kit);
      } finally {
        await kit.close();
      }
    },
  });
}
