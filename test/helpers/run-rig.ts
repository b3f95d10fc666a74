// Runs one command with the sandbox lock held but WITHOUT the shared services, for rig tests that
// start and stop their own pcscd (they cannot share it with anybody):
//   npx tsx test/helpers/run-rig.ts -- npx vitest run --project rig test/integration/card/host-pcscd-restart.test.ts
import { spawn } from 'node:child_process';
import { acquireLock, releaseLock } from '../../testing/lib/sandbox-lock.js';
import { findRunningPcscd } from '../../sandbox/services/pcscd.js';

async function main(): Promise<number> {
  const separator = process.argv.indexOf('--');
  const command = separator >= 0 ? process.argv.slice(separator + 1) : [];
  if (command.length === 0) {
    console.error('usage: tsx test/helpers/run-rig.ts -- <command> [args]');
    return 2;
  }
  await acquireLock();
  try {
    const running = await findRunningPcscd();
    if (running.running) {
      console.error(
        `[run-rig] pcscd draait al buiten het slot (pid ${running.pid ?? '?'}); stop die eerst. / ` +
          `pcscd runs outside the lock (pid ${running.pid ?? '?'}); stop it first.`,
      );
      return 1;
    }
    const [file, ...args] = command as [string, ...string[]];
    return await new Promise<number>((resolve) => {
      const child = spawn(file, args, { stdio: 'inherit' });
      child.on('exit', (code) => resolve(code ?? 1));
      child.on('error', () => resolve(127));
    });
  } finally {
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
