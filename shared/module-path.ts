// Which PKCS#11 module paths may be loaded when they come from browser policy (through the extension):
// an absolute path on a local disk. A UNC share (`\\host\share\x.dll`, `//host/x.so`) would make the host
// load native code from the network, a relative path depends on the host's working directory, and `..`
// hides where the path leads. Shared so the extension (settings) and the host apply the same rule.

export const MAX_MODULE_PATH_LENGTH = 1024;

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;
const DOT_DOT_SEGMENT = /(^|[\\/])\.\.([\\/]|$)/;
const WINDOWS_DRIVE_PATH = /^[A-Za-z]:\\/;

export function isLocalAbsoluteModulePath(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_MODULE_PATH_LENGTH) return false;
  if (CONTROL.test(value) || DOT_DOT_SEGMENT.test(value)) return false;
  if (value.startsWith('/')) return !value.startsWith('//');
  return WINDOWS_DRIVE_PATH.test(value) && !value.includes('/');
}
