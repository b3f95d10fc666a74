// The host's log: stderr (stdout is the native messaging channel), one JSON line per entry, and a
// redaction pass so that PINs, UZI numbers and names never reach it. Browsers discard a native
// host's stderr, so `ZORGID_HOST_LOG_FILE` optionally appends the same redacted lines to a file
// (for support and for the end-to-end tests that check the order of requests).
import { appendFileSync } from 'node:fs';
import { redact } from '../../../shared/redact.js';

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

let threshold: Level = (process.env.ZORGID_LOG_LEVEL as Level | undefined) ?? 'info';
if (!(threshold in ORDER)) threshold = 'info';
let logFile: string | undefined = process.env.ZORGID_HOST_LOG_FILE || undefined;

function write(level: Level, message: string, fields?: Record<string, unknown>): void {
  if (ORDER[level] < ORDER[threshold]) return;
  const entry = {
    time: new Date().toISOString(),
    level,
    pid: process.pid,
    message,
    ...(fields ? redact(fields) : {}),
  };
  const line = `${JSON.stringify(entry)}\n`;
  process.stderr.write(line);
  if (logFile === undefined) return;
  try {
    // Synchronous append: lines stay in order and survive the host being killed right after.
    appendFileSync(logFile, line, { mode: 0o600 });
  } catch {
    // An unwritable log file must never break the host: stop trying, keep stderr.
    logFile = undefined;
  }
}

export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => write('debug', message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write('info', message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write('warn', message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write('error', message, fields),
  setLevel(level: Level): void {
    threshold = level;
  },
};
