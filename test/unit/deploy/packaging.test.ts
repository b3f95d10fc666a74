// The packager's pieces without a build: manifest transforms, the release check, zip round trip,
// CRX3 signing and verification with a throwaway key, and the refusals of `package`.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readZip, writeZip } from '../../../scripts/deploy/archive.js';
import { extensionIdFromPublicKey, loadSigningKey, signCrx, verifyCrx } from '../../../scripts/deploy/crx.js';
import { packageCommand } from '../../../scripts/deploy/package.js';
import {
  firefoxManifest,
  injectedSandboxMatches,
  releaseManifest,
  releaseProblems,
  storeManifest,
  type Manifest,
} from '../../../scripts/deploy/release-manifest.js';
import { CHROMIUM_EXTENSION_ID, GECKO_EXTENSION_ID } from '../../../cli/ids.js';
import { sandboxMatchesOf } from '../../../extension/background/services/sandbox-scripts.js';
import { PORTLESS_SANDBOX_MATCH } from '../../../shared/origins.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'zorgid-packaging-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const fresh = (name: string) => mkdtempSync(path.join(tmp, `${name}-`));

function throwawayKey(dir: string): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const file = path.join(dir, 'key.pem');
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  return file;
}

const BUILT: Manifest = {
  manifest_version: 3,
  version: '1.2.3',
  key: 'abc',
  minimum_chrome_version: '116',
  storage: { managed_schema: 'extension/managed-schema.json' },
  background: { service_worker: 'service-worker-loader.js', type: 'module' },
  content_scripts: [{ matches: ['https://productie.zorg-id.nl/*', 'http://127.0.0.1/*'] }],
  web_accessible_resources: [
    {
      matches: ['http://127.0.0.1/*', 'https://productie.zorg-id.nl/*'],
      resources: ['assets/a.js', 'assets/a.js.map'],
      use_dynamic_url: false,
    },
  ],
};

function fakeBuild(dir: string, build: 'release' | 'development', withMap: boolean): string {
  mkdirSync(path.join(dir, 'assets'), { recursive: true });
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(BUILT));
  writeFileSync(path.join(dir, 'build-info.json'), JSON.stringify({ build }));
  writeFileSync(path.join(dir, 'assets', 'a.js'), 'console.log(1)');
  if (withMap) writeFileSync(path.join(dir, 'assets', 'a.js.map'), '{}');
  return dir;
}

function capture() {
  const lines = { stdout: [] as string[], stderr: [] as string[] };
  return {
    lines,
    out: { stdout: (t: string) => lines.stdout.push(t), stderr: (t: string) => lines.stderr.push(t) },
  };
}

describe('manifest transforms', () => {
  it('release: no sandbox match in the content scripts, no source maps in web_accessible_resources', () => {
    const release = releaseManifest(BUILT);
    expect(JSON.stringify(release.content_scripts)).not.toContain('127.0.0.1');
    expect(injectedSandboxMatches(release)).toEqual([]);
    expect(injectedSandboxMatches(BUILT)).toEqual(['http://127.0.0.1/*']);
    expect(release.web_accessible_resources?.[0]?.resources).toEqual(['assets/a.js']);
    // For a policy that allows the sandbox: the two exact sandbox origins, never all of 127.0.0.1.
    expect(release.permissions).toContain('scripting');
    expect(release.host_permissions).toEqual(['http://127.0.0.1:4410/*', 'http://127.0.0.1:4411/*']);
    expect(release.web_accessible_resources?.[0]?.matches).not.toContain('http://127.0.0.1/*');
    expect(release.web_accessible_resources?.[0]?.matches).toContain('http://127.0.0.1:4410/*');
    expect(BUILT.content_scripts?.[0]?.matches).toContain('http://127.0.0.1/*'); // the input is untouched
  });

  it('store zip: without the manifest key (the stores refuse it)', () => {
    expect(storeManifest(releaseManifest(BUILT)).key).toBeUndefined();
  });

  it('Firefox: event page, gecko id, without the keys Firefox does not know', () => {
    const manifest = firefoxManifest(releaseManifest(BUILT));
    expect(manifest.background).toEqual({ scripts: ['service-worker-loader.js'], type: 'module' });
    expect(manifest.key).toBeUndefined();
    expect(manifest.minimum_chrome_version).toBeUndefined();
    expect(manifest.storage).toBeUndefined();
    expect(manifest.web_accessible_resources?.[0]).not.toHaveProperty('use_dynamic_url');
    expect(manifest.browser_specific_settings).toEqual({
      gecko: { id: GECKO_EXTENSION_ID, strict_min_version: '115.0' },
    });
  });

  it('Firefox: the sandbox host permission has no port (Firefox never matches a pattern with one)', () => {
    const chromium = releaseManifest(BUILT);
    expect(chromium.host_permissions).toEqual(expect.arrayContaining(['http://127.0.0.1:4410/*']));
    const manifest = firefoxManifest(chromium);
    const sandbox = (manifest.host_permissions ?? []).filter((match) => match.includes('127.0.0.1'));
    expect(sandbox).toEqual([PORTLESS_SANDBOX_MATCH]);
    // What the worker registers follows from the package's own manifest.
    expect(sandboxMatchesOf(manifest.host_permissions ?? [])).toEqual([PORTLESS_SANDBOX_MATCH]);
    expect(sandboxMatchesOf(chromium.host_permissions ?? [])).toEqual([
      'http://127.0.0.1:4410/*',
      'http://127.0.0.1:4411/*',
    ]);
  });
});

describe('release check', () => {
  it('accepts a release build and names each problem of a development build', () => {
    expect(releaseProblems(fakeBuild(fresh('rel'), 'release', false))).toEqual([]);
    const problems = releaseProblems(fakeBuild(fresh('dev'), 'development', true));
    expect(problems.join('\n')).toMatch(/development build/);
    expect(problems.join('\n')).toMatch(/1 source maps/);
    expect(releaseProblems(fresh('empty')).join('\n')).toMatch(/manifest\.json/);
  });
});

describe('zip (yazl / yauzl)', () => {
  it('round-trips entries and gives the same bytes twice (fixed times, sorted)', async () => {
    const dir = fresh('zip');
    const entries = [
      { name: 'manifest.json', data: Buffer.from('{"a":1}') },
      { name: 'assets/groot.js', data: Buffer.from('x'.repeat(10_000)) },
      { name: 'ë.txt', data: Buffer.alloc(0) },
    ];
    await writeZip(entries, path.join(dir, 'a.zip'));
    await writeZip([...entries].reverse(), path.join(dir, 'b.zip'));
    const files = await readZip(path.join(dir, 'a.zip'));
    expect([...files.entries()].map(([name, data]) => [name, data.toString()]).sort()).toEqual(
      entries.map((e) => [e.name, e.data.toString()]).sort(),
    );
    expect(readFileSync(path.join(dir, 'a.zip')).equals(readFileSync(path.join(dir, 'b.zip')))).toBe(true);
    if (existsSync('/usr/bin/unzip')) execFileSync('unzip', ['-t', path.join(dir, 'a.zip')]);
  });
});

describe('CRX3', () => {
  it('signs with the key passed in; the signature verifies and the id is that key’s', async () => {
    const dir = fresh('crx');
    const key = throwawayKey(dir);
    await writeZip([{ name: 'manifest.json', data: Buffer.from('{}') }], path.join(dir, 'x.zip'));
    await signCrx(path.join(dir, 'x.zip'), key, path.join(dir, 'x.crx'));
    const crx = readFileSync(path.join(dir, 'x.crx'));
    const verified = verifyCrx(crx);
    expect(verified.id).toBe(loadSigningKey(key).id);
    expect(verified.id).toBe(extensionIdFromPublicKey(verified.publicKey));
    expect(verified.zip.equals(readFileSync(path.join(dir, 'x.zip')))).toBe(true);
  });

  it('attack: a CRX whose zip was changed after signing does not verify', async () => {
    const dir = fresh('tamper');
    const key = throwawayKey(dir);
    await writeZip([{ name: 'manifest.json', data: Buffer.from('{"v":1}') }], path.join(dir, 'x.zip'));
    await signCrx(path.join(dir, 'x.zip'), key, path.join(dir, 'x.crx'));
    const crx = readFileSync(path.join(dir, 'x.crx'));
    crx.writeUInt8(crx.readUInt8(crx.length - 30) ^ 0xff, crx.length - 30);
    expect(() => verifyCrx(crx)).toThrow(/signature does not verify/);
  });

  it('refuses a missing key, or a file that is no private key, and creates none', () => {
    const dir = fresh('nokey');
    expect(() => loadSigningKey(path.join(dir, 'missing.pem'))).toThrow(/--key/);
    expect(existsSync(path.join(dir, 'missing.pem'))).toBe(false);
    writeFileSync(path.join(dir, 'junk.pem'), 'not a key');
    expect(() => loadSigningKey(path.join(dir, 'junk.pem'))).toThrow(/not a PEM private key/);
  });
});

describe('npm run package: bad input is refused, nothing is written', () => {
  it('without --key: exit 2, names the fix', async () => {
    const { lines, out } = capture();
    const saved = process.env.ZORGID_CRX_KEY;
    delete process.env.ZORGID_CRX_KEY;
    try {
      expect(await packageCommand(['--out', fresh('nokey-out')], out)).toBe(2);
    } finally {
      if (saved !== undefined) process.env.ZORGID_CRX_KEY = saved;
    }
    expect(lines.stderr.join('\n')).toMatch(/--key KEY\.pem/);
  });

  it('a development build: exit 2, names ZORGID_BUILD=release, the output folder stays empty', async () => {
    const dir = fresh('devbuild');
    const out = path.join(dir, 'out');
    mkdirSync(out);
    const { lines, out: output } = capture();
    const code = await packageCommand(
      [
        '--key',
        throwawayKey(dir),
        '--out',
        out,
        '--extension',
        fakeBuild(path.join(dir, 'ext'), 'development', true),
        '--allow-other-id',
      ],
      output,
    );
    expect(code).toBe(2);
    expect(lines.stderr.join('\n')).toMatch(/ZORGID_BUILD=release npm run build/);
    expect(lines.stderr.join('\n')).not.toMatch(/\n\s+at /);
    expect(readdirSync(out)).toEqual([]);
    expect(readdirSync(dir).filter((name) => name.startsWith('.zorgid-package-'))).toEqual([]);
  });

  it("a key that is not the extension's: exit 2 unless --allow-other-id", async () => {
    const dir = fresh('otherkey');
    const out = path.join(dir, 'out');
    const { lines, out: output } = capture();
    const code = await packageCommand(
      [
        '--key',
        throwawayKey(dir),
        '--out',
        out,
        '--extension',
        fakeBuild(path.join(dir, 'ext'), 'release', false),
      ],
      output,
    );
    expect(code).toBe(2);
    expect(lines.stderr.join('\n')).toContain(CHROMIUM_EXTENSION_ID);
    expect(lines.stderr.join('\n')).toMatch(/--allow-other-id/);
    expect(existsSync(out)).toBe(false);
  });

  it('a host folder without its addons: exit 2, names the missing file and the fix', async () => {
    const dir = fresh('noaddon');
    const host = path.join(dir, 'host');
    mkdirSync(host);
    writeFileSync(path.join(host, 'zorgid-companion'), '');
    writeFileSync(path.join(host, 'pcsclite.node'), '');
    const { lines, out: output } = capture();
    const code = await packageCommand(
      [
        '--key',
        throwawayKey(dir),
        '--out',
        path.join(dir, 'out'),
        '--allow-other-id',
        '--host',
        host,
        '--extension',
        fakeBuild(path.join(dir, 'ext'), 'release', false),
      ],
      output,
    );
    expect(code).toBe(2);
    expect(lines.stderr.join('\n')).toMatch(/pkcs11\.node/);
    expect(lines.stderr.join('\n')).toMatch(/npm ci/);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });
});
