// A clone with nothing beside it must build, test and read the same as a developer's checkout:
// no tracked file may point outside the repository (as tests once read ../shared/fixtures), and
// every relative link in the docs must name a file that is in the repository.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const TEXT = /\.(ts|tsx|mts|mjs|js|cjs|json|md|sh|txt|yml|yaml|html|css)$|^\.ci\/run$/;

/** Files in git (and new ones not ignored): what a clone will hold. */
function repositoryFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  return out.split('\n').filter((file) => file && existsSync(path.join(ROOT, file)));
}

function trackedTextFiles(all: string[]): string[] {
  return all.filter((file) => TEXT.test(file) && !file.endsWith('package-lock.json'));
}

/** Relative paths written in a file (import specifiers, URLs, links, prose): `../x`, `../../y/z`. */
const RELATIVE = /(?<![\w./-])((?:\.\.\/)+[\w@.-]+(?:\/[\w@.-]+)*)/g;
/** Markdown links to local files: [text](docs/x.md), [text](../y.png). */
const MD_LINK = /\]\(((?!https?:|mailto:|#)[^)\s#]+)(?:#[^)]*)?\)/g;

/** Relative paths that are test inputs, not references (a traversal the host must refuse). */
const INPUTS = new Set(['test/unit/fuzz/host-dispatch.fuzz.test.ts: ../x']);

/** A relative path names something in the repository (an import's `.js` stands for its `.ts`/`.tsx`). */
function existsInRepo(target: string): boolean {
  const relative = path.relative(ROOT, target);
  if (relative.startsWith('..')) return false;
  // Build output: made by `npm run build`, not tracked.
  if (relative === 'dist' || relative.startsWith(`dist${path.sep}`)) return true;
  const candidates = [target, target.replace(/\.js$/, '.ts'), target.replace(/\.js$/, '.tsx')];
  return candidates.some((candidate) => existsSync(candidate));
}

/** Relative paths in `text` that leave the repository or name nothing in it (`../shared/…` once did both). */
function escapes(file: string, text: string): string[] {
  const dir = path.dirname(path.join(ROOT, file));
  const found: string[] = [];
  for (const match of text.matchAll(RELATIVE)) {
    // A path completed at run time (`…/pki-profiles.${ext}`) is checked where it is used.
    if (text[match.index + match[0].length] === '$') continue;
    const written = match[1]!.replace(/\.+$/, '');
    if (INPUTS.has(`${file}: ${written}`)) continue;
    if (!existsInRepo(path.resolve(dir, written))) found.push(`${file}: ${written}`);
  }
  return found;
}

describe('the repository is self-contained', () => {
  const all = repositoryFiles();
  const files = trackedTextFiles(all);

  it('finds the files it checks', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files).toContain('test/unit/uzi/fixtures.ts');
  });

  it('detects a path that leaves the repository', () => {
    // The check itself can fail: the pattern the fixtures once used is caught.
    // (Built, not written out, so that this file itself holds no path that leaves the repository.)
    const outside = `new URL('${'../'.repeat(4)}shared/fixtures/x.pem')`;
    expect(escapes('test/unit/uzi/fixtures.ts', outside)).toHaveLength(1);
    expect(escapes('docs/contributing.md', 'see `../shared/design.md`')).toHaveLength(1);
    expect(
      escapes('test/unit/uzi/fixtures.ts', "new URL('../../fixtures/uzi-test-certs/README.md')"),
    ).toHaveLength(0);
  });

  it('no tracked file refers outside the repository', () => {
    const offenders = files
      .filter((file) => file !== path.relative(ROOT, import.meta.filename))
      .flatMap((file) => escapes(file, readFileSync(path.join(ROOT, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('every local link in the docs names a file in the repository', () => {
    const missing: string[] = [];
    for (const file of files.filter((name) => name.endsWith('.md'))) {
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      for (const match of text.matchAll(MD_LINK)) {
        const target = path.resolve(path.dirname(path.join(ROOT, file)), decodeURIComponent(match[1]!));
        // In git, not just on this disk: an ignored screenshot exists here but not in a clone.
        const relative = path.relative(ROOT, target);
        const known = all.some((name) => name === relative || name.startsWith(`${relative}/`));
        if (!known) missing.push(`${file}: ${match[1]!}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
