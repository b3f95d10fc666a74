import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { certificateReadMinimum } from '../../../scripts/bench/apdus.js';
import { authKeyIdFrom } from '../../../scripts/bench/card-tools.js';
import { contentScriptChunks } from '../../../scripts/bench/content-bundle.js';

describe('certificateReadMinimum', () => {
  it('needs one GET DATA for an object that fits one 256-byte response', () => {
    expect(certificateReadMinimum([243])).toBe(1);
  });
  it('adds a GET RESPONSE per further 256 bytes of each object', () => {
    // 1 000 + 13 bytes of PIV wrapping = 4 responses; three such certificates = 12.
    expect(certificateReadMinimum([1000, 1000, 1000])).toBe(12);
    expect(certificateReadMinimum([244])).toBe(2);
  });
});

describe('authKeyIdFrom', () => {
  it('takes the ID of the PIV Authentication certificate from pkcs11-tool -O', () => {
    const listing = [
      'Certificate Object; type = X.509 cert',
      '  label:      Certificate for Digital Signature',
      '  ID:         02',
      'Certificate Object; type = X.509 cert',
      '  label:      Certificate for PIV Authentication',
      '  ID:         01',
    ].join('\n');
    expect(authKeyIdFrom(listing)).toBe('01');
  });
  it('falls back to OpenSC’s PIV number for 9A', () => {
    expect(authKeyIdFrom('')).toBe('01');
  });
});

describe('contentScriptChunks', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'zorgid-bench-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('follows manifest → loader → getURL → static imports, each chunk once', () => {
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(
      path.join(dir, 'manifest.json'),
      JSON.stringify({ content_scripts: [{ js: ['assets/loader.js'] }] }),
    );
    writeFileSync(path.join(dir, 'assets/loader.js'), 'import(chrome.runtime.getURL("assets/main.js"));');
    writeFileSync(path.join(dir, 'assets/main.js'), 'import{a}from"./shared.js";import("./lazy.js");');
    writeFileSync(path.join(dir, 'assets/shared.js'), 'import{b}from"./main.js";export const a=1;');
    writeFileSync(path.join(dir, 'assets/lazy.js'), 'export {};');
    writeFileSync(path.join(dir, 'assets/unrelated.js'), 'export {};');
    expect(contentScriptChunks(dir).sort()).toEqual(
      ['assets/lazy.js', 'assets/loader.js', 'assets/main.js', 'assets/shared.js'].sort(),
    );
  });
});
