// Writes the results: bench/results.json, and the results section of docs/performance.md.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../testing/lib/paths.js';
import { resultsShapeErrors, type BenchResults, type Figure } from './stats.js';

export const RESULTS_FILE = path.join(REPO_ROOT, 'bench', 'results.json');
export const PERFORMANCE_DOC = path.join(REPO_ROOT, 'docs', 'performance.md');
const START_MARK = '<!-- bench:results:start -->';
const END_MARK = '<!-- bench:results:end -->';

export function writeResults(results: BenchResults): void {
  const errors = resultsShapeErrors(results);
  if (errors.length > 0) throw new Error(`results have the wrong shape: ${errors.join(', ')}`);
  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
}

const num = (v: number | null | undefined) => (v === null || v === undefined ? '–' : String(v));

export function markdownTable(figures: readonly Figure[]): string {
  const rows = figures.map(
    (f) =>
      `| ${f.title} | ${num(f.median)} ${f.unit} | ${f.p95 === undefined ? '–' : `${f.p95} ${f.unit}`} | ` +
      `${f.baseline.what}: ${num(f.baseline.median)} | ${f.ratio === null ? '–' : `${f.ratio}×`} | ` +
      `${f.aim === undefined ? '–' : `${f.aim}: **${f.met ? 'met' : 'not met'}**`} | ${f.samples} |`,
  );
  return [
    '| figure | median | p95 | baseline (median) | ratio | aim | n |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** Replaces the text between the results markers of docs/performance.md, if the markers are there. */
export function updatePerformanceDoc(results: BenchResults, skipped: readonly string[]): boolean {
  let doc: string;
  try {
    doc = readFileSync(PERFORMANCE_DOC, 'utf8');
  } catch {
    return false;
  }
  const start = doc.indexOf(START_MARK);
  const end = doc.indexOf(END_MARK);
  if (start < 0 || end < start) return false;
  const m = results.machine;
  const body = [
    '',
    `Run ${results.generatedAt} on ${m.cpus} CPUs, Node ${m.node}, ${m.chromium}; the bench took ${results.durationSeconds} s.`,
    '',
    markdownTable(results.figures),
    ...(skipped.length > 0 ? ['', 'Not measured in this run:', ...skipped.map((s) => `- ${s}`)] : []),
    '',
  ].join('\n');
  writeFileSync(PERFORMANCE_DOC, doc.slice(0, start + START_MARK.length) + body + doc.slice(end));
  return true;
}
