// The host's log: stderr only (stdout is the native messaging channel), one JSON line per
// entry, and a redaction pass so that PINs, UZI numbers and names never reach it.
import { redact } from '../../../shared/redact.js';

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

let threshold: Level = (process.env.ZORGID_LOG_LEVEL as Level | undefined) ?? 'info';
if (!(threshold in ORDER)) threshold = 'info';

function write(level: Level, message: string, fields?: Record<string, unknown>): void {
  if (ORDER[level] < ORDER[threshold]) return;
  const entry = { time: new Date().toISOString(), level, message, ...(fields ? redact(fields) : {}) };
  process.stderr.write(`${JSON.stringify(entry)}\n`);
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
