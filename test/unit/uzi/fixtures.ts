import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The public UZI TEST card in test/fixtures (source and licence in its README). */
export const FIXTURE_DIR = fileURLToPath(new URL('../../fixtures/uzi-test-certs/', import.meta.url));

export function fixturePath(relative: string): string {
  return FIXTURE_DIR + relative;
}

export function readFixture(relative: string): string {
  return readFileSync(fixturePath(relative), 'utf8');
}
