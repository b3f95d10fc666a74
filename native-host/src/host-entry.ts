// Direct entry for the browser-launched host: skips the CLI so `hello` goes out as early as possible.
import { runHost } from './main.js';

runHost();
