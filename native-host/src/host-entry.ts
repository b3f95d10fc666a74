// Direct entry for the browser-launched host. It greets before loading the rest: the PKCS#11
// worker client, the certificate parser and the PC/SC addon take ~100 ms to load, and the
// extension waits for `hello`. Requests that arrive meanwhile wait in stdin's buffer.
import { HOST_PROTOCOL_VERSION } from '../../shared/protocol/host.js';
import { encodeFrame } from './messaging/framing.js';
import { readVersion } from './version.js';

const version = readVersion();
process.stdout.write(encodeFrame({ type: 'hello', version, protocol: HOST_PROTOCOL_VERSION }));
const { runHost } = await import('./main.js');
runHost({ helloSent: true, version });
