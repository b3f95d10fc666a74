// Host memory: resident set at rest and after 100 operations (status + readCard). A host that lives
// as long as the browser must not grow with use.
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchContext } from './context.js';
import { BenchHost } from './host-client.js';
import { makeFigure, median, round, type Figure } from './stats.js';

const OPERATIONS = 100;
const READINGS = 5;
const SETTLE_MS = 1_000;
const MIB = 1024 * 1024;

async function readings(host: BenchHost): Promise<{ host: number[]; total: number[] }> {
  await sleep(SETTLE_MS);
  const hostValues: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < READINGS; i++) {
    const main = host.rssBytes();
    const children = host.childPids().reduce((sum, pid) => sum + host.rssBytes(pid), 0);
    hostValues.push(main / MIB);
    total.push((main + children) / MIB);
    await sleep(100);
  }
  return { host: hostValues, total };
}

export async function hostMemoryFigures(context: BenchContext): Promise<Figure[]> {
  const host = new BenchHost(context.env);
  try {
    await host.hello();
    await host.request('status');
    await host.request('readCard'); // the PKCS#11 worker exists from the first card call on
    const rest = await readings(host);
    for (let i = 0; i < OPERATIONS; i++) await host.request(i % 2 === 0 ? 'status' : 'readCard');
    const after = await readings(host);
    const delta = median(after.host) - median(rest.host);
    const deltaTotal = median(after.total) - median(rest.total);
    return [
      makeFigure({
        id: 'host-rss-after-100-ops',
        title: `Host RSS after ${OPERATIONS} ops`,
        unit: 'MiB',
        values: after.host,
        baseline: { what: 'at rest, after hello + 1st readCard', values: rest.host },
        aim: { maxRatio: 1.1 },
        notes:
          `Main host process: delta ${round(delta)} MiB after ${OPERATIONS} operations (status/readCard alternating, ` +
          `readCard cached). With the PKCS#11 worker process: ${round(median(rest.total))} → ` +
          `${round(median(after.total))} MiB (delta ${round(deltaTotal)}). /proc VmRSS, ${READINGS} readings each ` +
          'after 1 s idle. No growth expected; the 1.1× aim allows V8 heap noise.',
      }),
    ];
  } finally {
    await host.close();
  }
}
