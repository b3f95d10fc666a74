// The host executable the packages ship (dist/host/zorgid-companion), built once per bench run
// from the current bundle (npm run build), so its figures always measure the current sources.
import { buildHostExecutable } from '../build/sea.js';
import type { BenchContext } from './context.js';

let built: Promise<string> | undefined;

export function hostExecutable(context: BenchContext): Promise<string> {
  if (!built) {
    context.log('building the host executable (dist/host)…');
    built = buildHostExecutable();
  }
  return built;
}
