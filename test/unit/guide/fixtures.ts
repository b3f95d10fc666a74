import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Window } from 'happy-dom';

// happy-dom replaces the global URL, so build the path from import.meta.url by hand.
export const FIXTURE_DIR = `${join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/portal-pages')}/`;

export interface FixtureEntry {
  file: string;
  path: string;
  step: string | null;
  page: string | null;
  target: string | null;
  missing: string[];
}

export function fixtureManifest(): FixtureEntry[] {
  return (JSON.parse(readFileSync(`${FIXTURE_DIR}manifest.json`, 'utf8')) as { pages: FixtureEntry[] }).pages;
}

export function readFixture(file: string): string {
  return readFileSync(`${FIXTURE_DIR}${file}`, 'utf8');
}

/** A separate window per page, so URL, meta and styles are those of that page. */
export function loadPage(html: string, url: string): { window: Window; document: Document } {
  const window = new Window({ url, settings: { disableJavaScriptEvaluation: true } });
  window.document.write(html);
  return { window, document: window.document as unknown as Document };
}

export const SANDBOX_ACCEPTANCE = 'http://127.0.0.1:4410';
