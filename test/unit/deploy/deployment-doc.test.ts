// docs/deployment.md's install paths and registry keys come from the one table in code that the
// Linux packages are built from: a path changed in one place and not the other fails here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  HOST_ADDONS,
  HOST_BROWSERS,
  HOST_MANIFEST_DIRS,
  HOST_PLATFORMS,
  HOST_REGISTRY_KEYS,
  PACKAGE_LAYOUT,
} from '../../../cli/host-locations.js';
import { REPO_ROOT } from '../../../testing/lib/paths.js';

const doc = readFileSync(path.join(REPO_ROOT, 'docs', 'deployment.md'), 'utf8');

describe('docs/deployment.md agrees with cli/host-locations.ts', () => {
  it('lists every package install folder, executable, command link and addon', () => {
    for (const platform of HOST_PLATFORMS) {
      const layout = PACKAGE_LAYOUT[platform];
      expect(doc, platform).toContain(layout.installDir);
      expect(doc, platform).toContain(layout.executable);
      if (layout.commandLink) expect(doc, platform).toContain(layout.commandLink);
    }
    for (const addon of HOST_ADDONS) expect(doc).toContain(addon);
  });

  it('lists every system manifest folder (Linux, macOS) and registry key (Windows, HKLM)', () => {
    for (const browser of HOST_BROWSERS) {
      expect(doc, browser).toContain(HOST_MANIFEST_DIRS.linux[browser].system);
      expect(doc, browser).toContain(HOST_MANIFEST_DIRS.darwin[browser].system);
      expect(doc, browser).toContain(`HKLM\\${HOST_REGISTRY_KEYS[browser].key}`);
    }
  });
});
