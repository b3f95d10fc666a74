import type { Page } from 'puppeteer-core';

/**
 * A screenshot of one tab. Headless Chromium does not paint a tab in the background, and a
 * screenshot of one waits forever (measured: `npm start` hung 2 of 2 times without this).
 */
export async function screenshotTab(page: Page, file: string): Promise<void> {
  await page.bringToFront();
  await page.screenshot({ path: file, fullPage: false });
}
