// Writes the generated part of docs/portal-contract.md from the step map (shared/steps): every page
// the guide recognises, its landmarks and the control it outlines, each with the source of its name.
// The doc is what the sandbox portal must show; the sources tell a policy correction what to doubt
// first. test/unit/scripts/portal-contract.test.ts fails when the doc is stale.
//   npx tsx scripts/portal-contract.ts          rewrites the doc
//   npx tsx scripts/portal-contract.ts --check  exit 1 when it is stale
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_STEP_MAP } from '../shared/steps/step-map.js';
import type { Landmark, StepMap, UrlPatterns } from '../shared/steps/types.js';
import { REPO_ROOT } from '../testing/lib/paths.js';

export const CONTRACT_DOC = path.join(REPO_ROOT, 'docs', 'portal-contract.md');
export const BEGIN = '<!-- generated:landmarks (scripts/portal-contract.ts): do not edit by hand -->';
export const END = '<!-- end generated:landmarks -->';

const SOURCE_LEGEND =
  "Sources: **seed** = the name appears in VZVZ's step plan (`docs/background/seed`); **eu-005** = VZVZ's " +
  "public use case ZID-UC-EU-005 (repository vzvznl/ZORG-ID); **guess** = our wording, the real portal's is " +
  'unknown (doubt these first when the guide misses a control); **sandbox** = exists only in the sandbox.';

const cell = (s: string) => s.replace(/\|/g, '\\|');

function describe(l: Landmark): string {
  const roles = Array.isArray(l.role) ? l.role.join(' or ') : l.role;
  return `${roles} "${l.name}" (${l.source ?? 'policy'})`;
}

function sandboxPaths(urls: UrlPatterns | undefined): string {
  const paths = urls?.['sandbox-acceptatie'] ?? [];
  return paths.length > 0 ? paths.map((p) => `\`${p}\``).join(', ') : '(any)';
}

/** The generated section, markers included. */
export function renderContract(map: StepMap = DEFAULT_STEP_MAP): string {
  const rows: string[] = [];
  for (const step of map.steps) {
    for (const page of step.pages) {
      rows.push(
        `| ${step.number} ${step.id} | ${page.id} | ${sandboxPaths(page.urls)} | ` +
          `${cell(page.landmarks.map(describe).join('; '))} | ${page.next ? cell(describe(page.next)) : ''} |`,
      );
    }
  }
  const done: string[] = [];
  for (const step of map.steps) {
    step.done.forEach((rule, i) => {
      done.push(
        `| ${step.number} ${step.id} | ${i + 1} | ${cell(rule.landmarks.map(describe).join('; '))} |`,
      );
    });
  }
  const captures: string[] = [];
  for (const step of map.steps) {
    for (const c of step.captures ?? [])
      captures.push(
        `| ${step.number} ${step.id} | ${c.field} | ${cell(c.landmarks.map(describe).join('; '))} |`,
      );
  }
  return [
    BEGIN,
    '',
    SOURCE_LEGEND,
    '',
    '### Pages the guide recognises',
    '',
    '| step | page | sandbox path | landmarks (all present) | control the guide outlines |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    '### When a step counts as done (any one rule)',
    '',
    '| step | rule | landmarks (all present) |',
    '|---|---|---|',
    ...done,
    '',
    '### Values the guide reads from the application form',
    '',
    '| step | field | first of these fields |',
    '|---|---|---|',
    ...captures,
    '',
    END,
  ].join('\n');
}

/** The doc with its generated section replaced; throws when the markers are missing. */
export function updatedContract(doc: string, map: StepMap = DEFAULT_STEP_MAP): string {
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${CONTRACT_DOC}: markers missing (${BEGIN} … ${END})`);
  return doc.slice(0, start) + renderContract(map) + doc.slice(end + END.length);
}

function main(): number {
  const doc = readFileSync(CONTRACT_DOC, 'utf8');
  const next = updatedContract(doc);
  if (process.argv.includes('--check')) {
    if (next === doc) return 0;
    console.error('docs/portal-contract.md is stale: run npx tsx scripts/portal-contract.ts');
    return 1;
  }
  if (next !== doc) writeFileSync(CONTRACT_DOC, next);
  console.error(next === doc ? 'docs/portal-contract.md: up to date' : 'docs/portal-contract.md: updated');
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exit(main());
