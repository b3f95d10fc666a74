import type { Page } from 'puppeteer-core';

/**
 * Runs `expression` in the extension's content-script world of `page` (CDP isolated world): what a
 * compromised renderer of a matched page can do with the content script's own chrome.* APIs.
 */
export async function inContentScript(page: Page, expression: string): Promise<unknown> {
  const cdp = await page.createCDPSession();
  const contexts: { id: number; origin: string; auxData?: { type?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', (event: { context: (typeof contexts)[number] }) =>
    contexts.push(event.context),
  );
  await cdp.send('Runtime.enable');
  const world = contexts.find(
    (c) => c.auxData?.type === 'isolated' && c.origin.startsWith('chrome-extension://'),
  );
  if (!world) throw new Error('content script world not found');
  const result = await cdp.send('Runtime.evaluate', {
    expression,
    contextId: world.id,
    awaitPromise: true,
    returnByValue: true,
  });
  await cdp.detach();
  if (result.exceptionDetails)
    throw new Error(`content script evaluation failed: ${result.exceptionDetails.text}`);
  return result.result.value as unknown;
}
