import { readFileSync } from 'node:fs';

// package.json sits two levels above both native-host/src (tsx) and dist/node/native-host/src (built)... resolve by walking up.
export function readVersion(): string {
  let url = new URL('.', import.meta.url);
  for (let i = 0; i < 6; i += 1) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'zorgid-companion' && pkg.version) return pkg.version;
    } catch {
      // not here; go up
    }
    url = new URL('..', url);
  }
  return '0.0.0';
}
