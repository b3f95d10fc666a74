// The keyboard command's handler in the service worker (manifest `commands` → content script).
// Headless Chromium cannot press a manifest shortcut; the browser suite sends the same message
// this handler sends, and checks the manifest entry through chrome.commands.getAll().
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { handleGuideCommand } from '../../../extension/background/actions/guide-command.js';
import { FOCUS_GUIDE_COMMAND } from '../../../shared/protocol/runtime.js';

const tabs = (active: number | undefined, fail = false) => ({
  activeTabId: vi.fn(() => Promise.resolve(active)),
  send: vi.fn(() => (fail ? Promise.reject(new Error('Receiving end does not exist.')) : Promise.resolve())),
});

describe('focus-guide command', () => {
  it('asks the tab the browser names to focus the panel', async () => {
    const t = tabs(9);
    expect(await handleGuideCommand(FOCUS_GUIDE_COMMAND, { id: 4 }, t)).toBe(true);
    expect(t.send).toHaveBeenCalledWith(4, { type: FOCUS_GUIDE_COMMAND });
    expect(t.activeTabId).not.toHaveBeenCalled();
  });

  it('falls back to the active tab, and ignores other commands and pages without the guide', async () => {
    const t = tabs(9);
    expect(await handleGuideCommand(FOCUS_GUIDE_COMMAND, undefined, t)).toBe(true);
    expect(t.send).toHaveBeenCalledWith(9, { type: FOCUS_GUIDE_COMMAND });
    expect(await handleGuideCommand('something-else', { id: 4 }, t)).toBe(false);
    expect(await handleGuideCommand(FOCUS_GUIDE_COMMAND, { id: 4 }, tabs(9, true))).toBe(false);
    expect(await handleGuideCommand(FOCUS_GUIDE_COMMAND, undefined, tabs(undefined))).toBe(false);
  });

  it('is declared in the manifest with a default shortcut and a description', () => {
    const manifest = JSON.parse(readFileSync('manifest.json', 'utf8')) as {
      commands?: Record<string, { suggested_key?: { default?: string }; description?: string }>;
    };
    const command = manifest.commands?.[FOCUS_GUIDE_COMMAND];
    expect(command?.suggested_key?.default).toMatch(/^(Alt|Ctrl)\+Shift\+[A-Z]$/);
    expect(command?.description).toContain('registratiehulp');
  });
});
