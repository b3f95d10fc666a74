// The keyboard way to the guide (WCAG 2.4.3): the browser command in the manifest (`commands`,
// default Alt+Shift+Z, changeable at chrome://extensions/shortcuts) asks the content script of the
// active tab to put focus on the panel's heading. The browser passes the tab; when it does not
// (older versions), the active tab of the current window is asked.
import { FOCUS_GUIDE_COMMAND, type WorkerToContent } from '../../../shared/protocol/runtime.js';

export interface CommandTabs {
  activeTabId(): Promise<number | undefined>;
  send(tabId: number, message: WorkerToContent): Promise<unknown>;
}

/** Returns whether a tab was asked; a tab without the guide (no content script) is not an error. */
export async function handleGuideCommand(
  command: string,
  tab: { id?: number | undefined } | undefined,
  tabs: CommandTabs,
): Promise<boolean> {
  if (command !== FOCUS_GUIDE_COMMAND) return false;
  const tabId = tab?.id ?? (await tabs.activeTabId());
  if (tabId === undefined) return false;
  try {
    await tabs.send(tabId, { type: FOCUS_GUIDE_COMMAND });
    return true;
  } catch {
    // "Receiving end does not exist": a page where the guide does not run. Nothing to focus.
    return false;
  }
}

export const chromeCommandTabs: CommandTabs = {
  async activeTabId() {
    const [active] = await chrome.tabs.query({ active: true, currentWindow: true });
    return active?.id;
  },
  send: (tabId, message) => chrome.tabs.sendMessage(tabId, message),
};
