import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32, createZip, readZip } from '../../../scripts/deploy/zip.js';
import { firefoxManifest } from '../../../scripts/deploy/package.js';

describe('zip writer', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('round-trips stored and deflated entries with UTF-8 names', () => {
    const entries = [
      { name: 'manifest.json', data: Buffer.from('{"a":1}') },
      { name: 'assets/groot.js', data: Buffer.from('x'.repeat(10_000)) },
      { name: 'ë.txt', data: Buffer.alloc(0) },
    ];
    const zip = createZip(entries);
    expect(readZip(zip).map((e) => [e.name, Buffer.from(e.data).toString()])).toEqual(
      entries.map((e) => [e.name, e.data.toString()]),
    );
    expect(zip.length).toBeLessThan(1000);
  });

  it('is readable by unzip when it is installed', () => {
    if (!existsSync('/usr/bin/unzip')) return;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'zorgid-zip-'));
    try {
      const file = path.join(dir, 'a.zip');
      writeFileSync(file, createZip([{ name: 'manifest.json', data: Buffer.from('{}'.repeat(100)) }]));
      execFileSync('unzip', ['-t', file]);
      expect(execFileSync('unzip', ['-l', file]).toString()).toContain('manifest.json');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('firefoxManifest', () => {
  it('turns the service worker into event-page scripts and drops Chromium-only keys', () => {
    const manifest = firefoxManifest({
      version: '1.0.0',
      key: 'abc',
      minimum_chrome_version: '116',
      background: { service_worker: 'service-worker-loader.js', type: 'module' },
    });
    expect(manifest.background).toEqual({ scripts: ['service-worker-loader.js'], type: 'module' });
    expect(manifest.key).toBeUndefined();
    expect(manifest.minimum_chrome_version).toBeUndefined();
    expect(manifest.browser_specific_settings).toEqual({
      gecko: { id: 'companion@zorgid-companion.nl', strict_min_version: '115.0' },
    });
  });
});
