// Runs the real, built native host as a child process and speaks its framing, as a browser would.
// The frame reader here is written independently of native-host/src/messaging/framing.ts on purpose:
// the tests check the host's output against a second implementation, not against itself.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUILT_HOST = path.join(REPO_ROOT, 'dist', 'node', 'native-host', 'src', 'host-entry.js');

export interface Frame {
  [key: string]: unknown;
}

export class HostProcess {
  readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private readonly frames: Frame[] = [];
  private waiters: (() => void)[] = [];
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(env: NodeJS.ProcessEnv = {}) {
    if (!existsSync(BUILT_HOST)) throw new Error(`Build first (npm run build): ${BUILT_HOST} is missing`);
    this.child = spawn(process.execPath, [BUILT_HOST], { env: { ...process.env, ...env }, stdio: 'pipe' });
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      while (this.buffer.length >= 4) {
        const length = this.buffer.readUInt32LE(0);
        if (this.buffer.length < 4 + length) break;
        this.frames.push(JSON.parse(this.buffer.subarray(4, 4 + length).toString('utf8')) as Frame);
        this.buffer = this.buffer.subarray(4 + length);
      }
      this.wake();
    });
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    void this.exited.then(() => this.wake());
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }

  writeRaw(bytes: Buffer): void {
    this.child.stdin.write(bytes);
  }

  send(message: unknown): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    const header = Buffer.alloc(4);
    header.writeUInt32LE(body.length, 0);
    this.writeRaw(Buffer.concat([header, body]));
  }

  /** The next frame matching the predicate (frames before it that do not match stay queued). */
  async next(predicate: (frame: Frame) => boolean = () => true, timeoutMs = 15_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.frames.findIndex(predicate);
      if (index >= 0) return this.frames.splice(index, 1)[0]!;
      // A host ended by a signal has no exit code, only a signal code.
      if (this.child.exitCode !== null || this.child.signalCode !== null)
        throw new Error(
          `host exited (${this.child.exitCode ?? this.child.signalCode}); stderr:\n${this.stderr}`,
        );
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching frame within ${timeoutMs} ms; stderr:\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Drops queued frames matching the predicate (e.g. events from before the step under test). */
  discard(predicate: (frame: Frame) => boolean): number {
    const before = this.frames.length;
    const kept = this.frames.filter((frame) => !predicate(frame));
    this.frames.splice(0, this.frames.length, ...kept);
    return before - kept.length;
  }

  async request(
    command: string,
    args?: unknown,
    id = `t-${Math.random().toString(36).slice(2)}`,
  ): Promise<Frame> {
    this.send({ id, command, ...(args === undefined ? {} : { arguments: args }) });
    return this.next((frame) => frame.id === id, 60_000);
  }

  async close(): Promise<number | null> {
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}
