// The built native host as a browser runs it: a child process speaking 4-byte LE length + JSON.
// Framing comes from the host itself; test/helpers/host-process.ts keeps an independent reader on
// purpose, so the tests check the host's framing against a second implementation.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { encodeFrame, FrameReader } from '../../native-host/src/messaging/framing.js';
import { HOST_MAX_OUTBOUND_BYTES } from '../../shared/protocol/host.js';
import { HOST_ENTRY } from '../../testing/lib/paths.js';

export type Frame = Record<string, unknown>;

const REQUEST_TIMEOUT_MS = 60_000;

export class BenchHost {
  readonly child: ChildProcessWithoutNullStreams;
  /** performance.now() at spawn and at the first frame (the host's `hello`). */
  readonly spawnedAt = performance.now();
  firstFrameAt: number | undefined;
  private readonly reader = new FrameReader(HOST_MAX_OUTBOUND_BYTES);
  private readonly frames: Frame[] = [];
  private waiters: (() => void)[] = [];
  private stderr = '';
  private counter = 0;

  /** `entry`: a node script (the development build), or a host executable started as browsers do. */
  constructor(env: NodeJS.ProcessEnv, entry: string | { executable: string } = HOST_ENTRY) {
    this.child =
      typeof entry === 'string'
        ? spawn(process.execPath, [entry], { env, stdio: 'pipe' })
        : spawn(entry.executable, ['chrome-extension://bench/'], { env, stdio: 'pipe' });
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.firstFrameAt ??= performance.now();
      for (const event of this.reader.push(chunk)) {
        if (event.kind === 'message') this.frames.push(event.value as Frame);
      }
      this.wake();
    });
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-4000);
    });
    this.child.on('exit', () => this.wake());
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((w) => w());
  }

  async next(predicate: (frame: Frame) => boolean, timeoutMs = REQUEST_TIMEOUT_MS): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.frames.findIndex(predicate);
      if (index >= 0) return this.frames.splice(index, 1)[0]!;
      if (this.child.exitCode !== null) throw new Error(`host exited; stderr:\n${this.stderr}`);
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`host: no matching frame within ${timeoutMs} ms; stderr:\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  hello(): Promise<Frame> {
    return this.next((f) => f.type === 'hello');
  }

  discardEvents(): void {
    const kept = this.frames.filter((f) => f.type !== 'event');
    this.frames.splice(0, this.frames.length, ...kept);
  }

  /** Sends a request and returns its result; a host error becomes an exception. */
  async request<T = Record<string, unknown>>(command: string, args?: unknown): Promise<T> {
    const id = `bench-${this.counter++}`;
    this.child.stdin.write(encodeFrame({ id, command, ...(args === undefined ? {} : { arguments: args }) }));
    const frame = await this.next((f) => f.id === id);
    if (frame.error) throw new Error(`${command}: ${JSON.stringify(frame.error)}`);
    return frame.result as T;
  }

  /** Resident set size of the host process (kB → bytes), from /proc. */
  rssBytes(pid = this.pid): number {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (!match) throw new Error(`no VmRSS for pid ${pid}`);
    return Number(match[1]) * 1024;
  }

  /** PIDs of the host's child processes (its PKCS#11 worker). */
  childPids(): number[] {
    try {
      return readFileSync(`/proc/${this.pid}/task/${this.pid}/children`, 'utf8')
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number);
    } catch {
      return [];
    }
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
