// Runs one command with the sandbox services up (pcscd, card daemon with the zorgverlener card
// in reader 0, sandbox pages), then stops them. A lock directory serialises users on one machine:
// pcscd and the virtual readers exist once per machine.
//   npx tsx scripts/with-sandbox.ts -- npx vitest run --project integration test/integration/x
//   npx tsx scripts/with-sandbox.ts --real-portal -- …   (the portals as today's real one: Desktop App link, no page API)
import { spawn } from 'node:child_process';
import { acquireLock, releaseLock } from '../testing/lib/sandbox-lock.js';
import { startSandboxServices } from '../testing/lib/sandbox-services.js';

async function main(): Promise<number> {
  const separator = process.argv.indexOf('--');
  const command = separator >= 0 ? process.argv.slice(separator + 1) : [];
  if (command.length === 0) {
    console.error('usage: tsx scripts/with-sandbox.ts -- <command> [args]');
    return 2;
  }
  await acquireLock();
  const realPortal = process.argv.slice(2, separator >= 0 ? separator : undefined).includes('--real-portal');
  const services = await startSandboxServices({ card: true, cardProfile: 'zorgverlener', realPortal }).catch(
    (error: unknown) => {
      releaseLock();
      throw error;
    },
  );
  try {
    const [file, ...args] = command as [string, ...string[]];
    return await new Promise<number>((resolve) => {
      const child = spawn(file, args, { stdio: 'inherit', env: { ...process.env, ...services.env } });
      child.on('exit', (code) => resolve(code ?? 1));
      child.on('error', () => resolve(127));
    });
  } finally {
    await services.stop();
    releaseLock();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
