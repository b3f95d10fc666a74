// Host start to `hello`: what the user waits for on the first card call after opening the browser.
// Baseline: a bare Node process that writes one native-messaging frame (Node's own start cost).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BenchContext } from './context.js';
import { BenchHost } from './host-client.js';
import { makeFigure, type Figure } from './stats.js';
import { hostExecutable } from './sea-host.js';

const RUNS = 20;

const BARE_FRAME_SCRIPT = `const body = Buffer.from(JSON.stringify({ type: 'hello', version: '0.0.0', protocol: 1 }));
const header = Buffer.alloc(4);
header.writeUInt32LE(body.length, 0);
process.stdout.write(Buffer.concat([header, body]));
`;

function bareFrameMs(script: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.once('data', () => resolve(performance.now() - started));
    child.on('error', reject);
  });
}

async function hostHelloMs(env: NodeJS.ProcessEnv, executable?: string): Promise<number> {
  const host = new BenchHost(env, executable ? { executable } : undefined);
  try {
    await host.hello();
    return host.firstFrameAt! - host.spawnedAt;
  } finally {
    await host.close();
  }
}

export async function hostStartFigures(context: BenchContext): Promise<Figure[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'zorgid-bench-'));
  const script = path.join(dir, 'bare-frame.cjs');
  writeFileSync(script, BARE_FRAME_SCRIPT);
  const host: number[] = [];
  const sea: number[] = [];
  const bare: number[] = [];
  const executable = await hostExecutable(context);
  try {
    // One warm-up each (disk cache), then interleaved so drift hits all alike.
    await hostHelloMs(context.env);
    await hostHelloMs(context.env, executable);
    await bareFrameMs(script, context.env);
    for (let i = 0; i < RUNS; i++) {
      host.push(await hostHelloMs(context.env));
      sea.push(await hostHelloMs(context.env, executable));
      bare.push(await bareFrameMs(script, context.env));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return [
    makeFigure({
      id: 'host-start-hello',
      title: 'Host start → hello',
      unit: 'ms',
      values: host,
      baseline: { what: 'bare node writing 1 frame', values: bare },
      withP95: true,
      aim: { maxRatio: 1.5 },
      notes:
        'Spawn of dist/node/native-host/src/host-entry.js until the first stdout bytes (the hello frame), ' +
        `${RUNS} runs interleaved with a bare Node script that writes one frame. Both on the same Node binary and env.`,
    }),
    makeFigure({
      id: 'host-start-hello-sea',
      title: 'Host executable (SEA) start → hello',
      unit: 'ms',
      values: sea,
      baseline: { what: 'bare node writing 1 frame', values: bare },
      withP95: true,
      aim: { maxRatio: 1.2 },
      notes:
        'What the packages ship: dist/host/zorgid-companion (Node SEA of the esbuild bundle, V8 code cache), started ' +
        `as a browser does (origin argument) until the hello frame; ${RUNS} runs interleaved with the same bare-node baseline.`,
    }),
  ];
}
