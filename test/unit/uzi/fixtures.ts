import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** shared/fixtures lives next to the repository: <repo>/../shared/fixtures. */
export const FIXTURE_DIR = fileURLToPath(
  new URL('../../../../shared/fixtures/uzi-test-certs/', import.meta.url),
);

export function fixturePath(relative: string): string {
  return FIXTURE_DIR + relative;
}

export function readFixture(relative: string): string {
  return readFileSync(fixturePath(relative), 'utf8');
}
