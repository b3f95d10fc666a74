import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findOpenscModule, openscModuleCandidates } from '../../../node-shared/opensc-module.js';

describe('OpenSC module path', () => {
  it("looks in the machine's own multiarch directory first", () => {
    expect(openscModuleCandidates('arm64')[0]).toBe('/usr/lib/aarch64-linux-gnu/opensc-pkcs11.so');
    expect(openscModuleCandidates('x64')[0]).toBe('/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so');
    expect(openscModuleCandidates('arm64')).toContain('/usr/lib64/opensc-pkcs11.so');
  });

  it('finds the module installed on this machine (opensc-pkcs11 is a system package of the rig)', () => {
    expect(existsSync(findOpenscModule())).toBe(true);
  });
});
