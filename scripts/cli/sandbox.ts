// `zorgid-companion sandbox up [--detach] | down`: the sandbox without a browser, for testers.
// `up` runs in the foreground until Ctrl-C; with --detach it starts a background process that
// writes its PID file, and `down` stops exactly that process (which stops what it started).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SANDBOX_STATE_DIR } from '../lib/paths.js';
import { startSandboxServices } from '../lib/sandbox-services.js';
import type { CliOutput } from './inspect-cert.js';

const PID_FILE = path.join(SANDBOX_STATE_DIR, 'sandbox.pid');

function runningPid(): number | undefined {
  if (!existsSync(PID_FILE)) return undefined;
  const pid = Number(readFileSync(PID_FILE, 'utf8').trim());
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    rmSync(PID_FILE, { force: true });
    return undefined;
  }
}

export async function sandboxCommand(args: string[], out: CliOutput): Promise<number> {
  const [action, ...rest] = args;
  if (action === 'up') {
    const existing = runningPid();
    if (existing) {
      out.stderr(`De sandbox draait al (pid ${existing}). / The sandbox is already running.`);
      return 1;
    }
    if (rest.includes('--detach')) {
      mkdirSync(SANDBOX_STATE_DIR, { recursive: true });
      const main = fileURLToPath(new URL('./main.js', import.meta.url));
      const child = spawn(process.execPath, [...process.execArgv, main, 'sandbox', 'up'], {
        detached: true,
        stdio: 'ignore',
      });
      child.unref();
      // Wait for the foreground process to report ready through its PID file.
      for (let waited = 0; waited < 30_000; waited += 100) {
        if (runningPid() === child.pid) {
          out.stdout(`Sandbox gestart (pid ${child.pid}). Stoppen: zorgid-companion sandbox down`);
          return 0;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      out.stderr('De sandbox startte niet binnen 30 s. / The sandbox did not start within 30 s.');
      return 1;
    }
    const services = await startSandboxServices({ card: true, cardProfile: 'zorgverlener', portal: true });
    mkdirSync(SANDBOX_STATE_DIR, { recursive: true });
    writeFileSync(PID_FILE, String(process.pid));
    for (const [name, url] of Object.entries(services.urls)) out.stdout(`${name.padEnd(14)} ${url}`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await services.stop();
    rmSync(PID_FILE, { force: true });
    return 0;
  }
  if (action === 'down') {
    const pid = runningPid();
    if (!pid) {
      out.stdout('Er draait geen sandbox. / No sandbox is running.');
      return 0;
    }
    process.kill(pid, 'SIGTERM');
    for (let waited = 0; waited < 15_000; waited += 100) {
      if (!runningPid()) {
        out.stdout('Sandbox gestopt. / Sandbox stopped.');
        return 0;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    out.stderr(`Sandbox (pid ${pid}) stopte niet. / did not stop.`);
    return 1;
  }
  out.stderr('zorgid-companion sandbox up [--detach] | down');
  return 2;
}
