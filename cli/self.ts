// How this command line starts the native host. Three ways it runs: the host executable (Node
// SEA: itself with `host`), the bundled script (node + bundle + `host`), and the development
// build in dist/node (node + host-entry.js). The bundle entry tells us which (setSelf); the
// default is the development build beside this file.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface HostStart {
  command: string;
  args: string[];
  /** true: `command` is the host executable itself (a manifest may point straight at it). */
  executable: boolean;
}

let self: HostStart | undefined;

export function setSelf(start: HostStart): void {
  self = start;
}

/** dist/node/native-host/src/host-entry.js, from the build (dist/node/cli) or from the sources (tsx). */
export function devHostEntry(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return import.meta.url.endsWith('.ts')
    ? path.join(here, '..', 'dist', 'node', 'native-host', 'src', 'host-entry.js')
    : path.join(here, '..', 'native-host', 'src', 'host-entry.js');
}

export function hostStart(): HostStart {
  return self ?? { command: process.execPath, args: [devHostEntry()], executable: false };
}
