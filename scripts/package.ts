// `npm run package`: see scripts/deploy/package.ts.
import { consoleOutput } from '../cli/main.js';
import { packageCommand } from './deploy/package.js';

process.exitCode = await packageCommand(process.argv.slice(2), consoleOutput);
