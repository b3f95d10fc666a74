// The content script's download-free but parse-and-run cost starts with its size: every JS chunk
// it loads, gzip'ed. The manifest names a loader; the loader imports the main chunk through
// chrome.runtime.getURL; chunks import each other with relative specifiers.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { EXTENSION_DIST } from '../../testing/lib/paths.js';
import { makeFigure, type Figure } from './stats.js';

export const CONTENT_SCRIPT_BUDGET_KB = 40;
const KB = 1024;

const IMPORT_PATTERNS = [
  /getURL\(\s*["']([^"']+\.js)["']\s*\)/g,
  /\bfrom\s*["'](\.{1,2}\/[^"']+\.js)["']/g,
  /\bimport\s*\(\s*["'](\.{1,2}\/[^"']+\.js)["']\s*\)/g,
  /\bimport\s*["'](\.{1,2}\/[^"']+\.js)["']/g,
];

/** Paths (relative to the extension root) of the JS the content scripts load, loaders first. */
export function contentScriptChunks(extensionDir: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(extensionDir, 'manifest.json'), 'utf8')) as {
    content_scripts?: { js?: string[] }[];
  };
  const queue = (manifest.content_scripts ?? []).flatMap((entry) => entry.js ?? []);
  const seen = new Set<string>();
  while (queue.length > 0) {
    const file = path.posix.normalize(queue.shift()!);
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(path.join(extensionDir, file), 'utf8');
    for (const pattern of IMPORT_PATTERNS) {
      for (const match of source.matchAll(pattern)) {
        const specifier = match[1]!;
        // getURL paths are from the extension root; import specifiers from the importing chunk.
        queue.push(
          specifier.startsWith('.') ? path.posix.join(path.posix.dirname(file), specifier) : specifier,
        );
      }
    }
  }
  return [...seen];
}

export function contentBundleFigures(): Figure[] {
  const chunks = contentScriptChunks(EXTENSION_DIST);
  const sizes = chunks.map((file) => {
    const bytes = readFileSync(path.join(EXTENSION_DIST, file));
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  const gzipKb = sizes.reduce((sum, s) => sum + s.gzip, 0) / KB;
  const rawKb = sizes.reduce((sum, s) => sum + s.raw, 0) / KB;
  return [
    makeFigure({
      id: 'content-script-gzip',
      title: 'Content script JS, gzip',
      unit: 'KB',
      values: [gzipKb],
      baseline: { what: 'budget', values: [CONTENT_SCRIPT_BUDGET_KB] },
      aim: { maxValue: CONTENT_SCRIPT_BUDGET_KB },
      notes:
        `gzip -9 of every chunk the content script loads (${rawKb.toFixed(1)} KB raw): ` +
        sizes.map((s) => `${path.posix.basename(s.file)} ${(s.gzip / KB).toFixed(1)} KB`).join(', ') +
        '. Found from manifest content_scripts → loader → getURL/import chains. A size has no same-run ' +
        'measurement to compare with, so the baseline is the budget itself (ratio = share of the budget).',
    }),
  ];
}
