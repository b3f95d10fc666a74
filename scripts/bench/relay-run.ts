// `npx tsx scripts/bench/relay-run.ts`: only the relay round trip, in Chromium and in Firefox ESR, in
// one run under the machine-wide sandbox lock (the full `npm run bench` takes far longer). Uses the
// current build (dist/); prints the table and the figures as JSON. Writes no file.
import { SANDBOX_ORIGINS } from '../../shared/origins.js';
import { OPENSC_PKCS11_MODULE } from '../../testing/lib/paths.js';
import { acquireLock, releaseLock } from '../../testing/lib/sandbox-lock.js';
import { startSandboxServices, type SandboxServices } from '../../testing/lib/sandbox-services.js';
import { launchBenchBrowsers, type BenchBrowsers } from './browsers.js';
import type { BenchContext } from './context.js';
import { firefoxRelayFigures, relayFigures } from './relay.js';
import { formatTable, type Figure } from './stats.js';

const log = (message: string) => console.error(`[relay-bench] ${message}`);

async function main(): Promise<void> {
  await acquireLock();
  let services: SandboxServices | undefined;
  let browsers: BenchBrowsers | undefined;
  const figures: Figure[] = [];
  try {
    services = await startSandboxServices({ card: true, cardProfile: 'zorgverlener' });
    Object.assign(process.env, services.env);
    const context: BenchContext = {
      env: { ...process.env },
      cardSocket: services.env.ZORGID_CARD_SOCKET!,
      pkcs11Module: services.env.ZORGID_PKCS11_MODULE ?? OPENSC_PKCS11_MODULE,
      origin: SANDBOX_ORIGINS.acceptatie,
      log,
    };
    browsers = await launchBenchBrowsers();
    figures.push(...(await relayFigures(context, browsers)));
    await browsers.close();
    browsers = undefined;
    figures.push(...(await firefoxRelayFigures(context)));
  } finally {
    await browsers?.close();
    await services?.stop();
    releaseLock();
  }
  console.log(formatTable(figures));
  console.log(JSON.stringify(figures, null, 2));
}

main().catch((error: unknown) => {
  console.error(`[relay-bench] ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
