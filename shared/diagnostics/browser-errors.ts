// The browser's own words when it cannot start or keep the native host, mapped to one cause each.
// Chromium's strings are from its native messaging host code (native_message_process_host.cc,
// kNotFoundError, kForbiddenError, kHostExitedError, kErrorCommunicating...); Firefox's from
// NativeMessaging.sys.mjs ("No such native application ..."). Measured here with Debian's Chromium
// (docs/background/test-rig.md). Anything else stays a lost connection.
import type { ErrorCode } from '../errors.js';

export const BROWSER_HOST_ERRORS: readonly { pattern: RegExp; code: ErrorCode }[] = Object.freeze([
  { pattern: /Specified native messaging host not found/i, code: 'HOST_NOT_INSTALLED' },
  { pattern: /No such native application/i, code: 'HOST_NOT_INSTALLED' },
  { pattern: /Access to the specified native messaging host is forbidden/i, code: 'HOST_FORBIDDEN' },
  // Firefox: the manifest's allowed_extensions does not name us.
  {
    pattern: /not allowed to access|allowed_extensions|does not have permission to use native application/i,
    code: 'HOST_FORBIDDEN',
  },
  { pattern: /Native host has exited/i, code: 'HOST_EXITED' },
  { pattern: /Failed to start native messaging host/i, code: 'HOST_EXITED' },
  { pattern: /Error when communicating with the native messaging host/i, code: 'HOST_OUTPUT_INVALID' },
]);

/** The cause behind a browser's native messaging error text; HOST_DISCONNECTED when it names none. */
export function hostErrorCode(message: string | undefined): ErrorCode {
  if (!message) return 'HOST_DISCONNECTED';
  return BROWSER_HOST_ERRORS.find((entry) => entry.pattern.test(message))?.code ?? 'HOST_DISCONNECTED';
}
