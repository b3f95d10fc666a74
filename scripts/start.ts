// `npm start`: builds, starts the sandbox (pcscd, virtual UZI-pas, portal), registers the host
// for a dedicated browser profile and opens Chromium with the extension on the sandbox.
// With a display the window opens; without one it runs headless, says so, and saves a
// screenshot. Ctrl-C stops everything it started.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchBrowserWithExtension } from '../testing/lib/browser.js';
import { REPO_ROOT, SANDBOX_STATE_DIR } from '../testing/lib/paths.js';
import { acquireLock, releaseLock } from '../testing/lib/sandbox-lock.js';
import { screenshotTab } from './lib/screenshot.js';
import { startSandboxServices, type SandboxServices } from '../testing/lib/sandbox-services.js';

const args = new Set(process.argv.slice(2));
const once = args.has('--once');

/** Set once Ctrl-C (or the end of --once) has started stopping everything. */
let stopping = false;
/** What a failure half-way must stop: the services, and the lock once it is ours. */
let started: SandboxServices | undefined;
let locked = false;

async function main(): Promise<void> {
  console.error('[start] Bouwen / building…');
  const build = spawnSync('npm', ['run', 'build'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (build.status !== 0) {
    throw new Error(
      'Bouwen mislukt: zie de meldingen hierboven, los ze op en start opnieuw. / ' +
        'The build failed: see the messages above, fix them and start again.',
    );
  }

  // The start test runs this under the test run's own lock (see test/integration/card/npm-start.test.ts).
  if (process.env.ZORGID_SANDBOX_LOCK_HELD !== '1') {
    await acquireLock();
    locked = true;
  }
  const services = await startSandboxServices({
    card: true,
    cardProfile: 'zorgverlener',
    portal: true,
    reusePcscd: true,
    // `npm start -- --real-portal`: the portals as today's real one (Desktop App link, no page API).
    realPortal: args.has('--real-portal'),
  });
  started = services;
  if (args.has('--walkthrough')) {
    // The reference scenario on its own, headless: a screenshot per step and walkthrough/index.html.
    const { runWalkthrough } = await import('./walkthrough.js');
    const { ok, report } = await runWalkthrough(path.join(REPO_ROOT, 'walkthrough'));
    console.error(`[start] ${report}`);
    await services.stop();
    if (locked) releaseLock();
    process.exit(ok ? 0 : 1);
  }
  const headless = !process.env.DISPLAY || args.has('--headless');
  const profileDir = path.join(SANDBOX_STATE_DIR, 'browser-profile');
  mkdirSync(profileDir, { recursive: true });
  const launched = await launchBrowserWithExtension({
    headless,
    userDataDir: profileDir,
    handleSignals: false,
  });
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.error('\n[start] Stoppen / stopping…');
    await launched.browser.close().catch(() => undefined);
    await services.stop();
    if (locked) releaseLock();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGHUP', () => void stop(0));

  // Two tabs: the card status page (the whole chain: page → extension → host → pcscd → card)
  // and the portal with the guide.
  const statusPage = await launched.browser.newPage();
  await statusPage.setViewport({ width: 1280, height: 860 });
  await statusPage.goto(services.urls.kaartstatus ?? services.startUrl);
  const portalPage = await launched.browser.newPage();
  await portalPage.setViewport({ width: 1280, height: 860 });
  await portalPage.goto(services.urls['portaal acceptatie'] ?? services.startUrl);
  console.error(`\n[start] Sandbox draait / is running:`);
  for (const [name, url] of Object.entries(services.urls)) console.error(`  ${name.padEnd(20)} ${url}`);
  console.error(
    `  ${'kaart / card'.padEnd(20)} npx zorgid-companion card insert|remove|list [--profile NAME]`,
  );
  if (headless) {
    console.error(
      '\n[start] Geen beeldscherm (DISPLAY): Chromium draait headless. / No display: Chromium runs headless.',
    );
    const cardState = await statusPage
      .waitForSelector('#message[data-state="card"]', { timeout: 30_000 })
      .then(() => statusPage.$eval('#message', (element) => element.textContent ?? ''))
      .catch(() => 'De kaartstatus verscheen niet binnen 30 s. / Card status did not appear within 30 s.');
    console.error(`[start] Kaartstatus / card status: ${cardState}`);
    await portalPage.waitForSelector('[data-zorgid-guide]', { timeout: 15_000 }).catch(() => undefined);
    const screenshotDir = path.join(SANDBOX_STATE_DIR, 'screenshots');
    mkdirSync(screenshotDir, { recursive: true });
    const statusShot = path.join(screenshotDir, 'kaartstatus.png');
    const portalShot = path.join(screenshotDir, 'portaal.png');
    await screenshotTab(statusPage, statusShot);
    await screenshotTab(portalPage, portalShot);
    console.error(`[start] Schermafdrukken / screenshots:\n  ${statusShot}\n  ${portalShot}`);
  }
  if (once) {
    await stop(0);
    return;
  }
  console.error('\n[start] Ctrl-C stopt alles wat hier gestart is. / Ctrl-C stops everything started here.');
}

main().catch((error: unknown) => {
  // Ctrl-C during start-up closes the browser under the steps still running: stop() is already
  // ending everything and exits when done; exiting here would leave pcscd and the lock behind.
  if (stopping) return;
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  void (async () => {
    await started?.stop();
    if (locked) releaseLock();
    process.exit(1);
  })();
});
