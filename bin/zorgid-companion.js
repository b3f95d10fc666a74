#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/node by `npm run build`.
import { main } from '../dist/node/scripts/cli/main.js';

const code = await main(process.argv.slice(2));
if (code >= 0) process.exitCode = code;
