// Builds the host as one executable that needs no installed Node: Node's single executable
// application (SEA) from this build machine's own node binary, with the CLI bundle
// (dist/cli/zorgid-companion.cjs) and its V8 code cache injected by postject. The native
// addons stay files beside the executable (they cannot be embedded); the bundle loads them
// from there. Output: dist/host/zorgid-companion, pcsclite.node, pkcs11.node.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../testing/lib/paths.js';
import { CLI_BUNDLE, NATIVE_ADDONS, bundleCli } from './bundle-cli.js';

export const HOST_DIST = path.join(REPO_ROOT, 'dist', 'host');
export const HOST_EXECUTABLE_NAME = 'zorgid-companion';
export const HOST_EXECUTABLE = path.join(HOST_DIST, HOST_EXECUTABLE_NAME);

/** The fuse Node looks for to know a blob was injected (documented in Node's SEA guide). */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const SEA_RESOURCE = 'NODE_SEA_BLOB';

export async function buildHostExecutable(outDir: string = HOST_DIST): Promise<string> {
  if (!existsSync(CLI_BUNDLE)) await bundleCli();
  const work = path.join(os.tmpdir(), `zorgid-sea-${process.pid}`);
  mkdirSync(work, { recursive: true });
  try {
    const blob = path.join(work, 'sea.blob');
    const config = path.join(work, 'sea-config.json');
    writeFileSync(
      config,
      JSON.stringify({
        main: CLI_BUNDLE,
        output: blob,
        disableExperimentalSEAWarning: true,
        // Compiled bytecode in the blob: the host skips parsing the bundle on every start.
        useCodeCache: true,
      }),
    );
    execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: 'pipe' });
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    const executable = path.join(outDir, HOST_EXECUTABLE_NAME);
    copyFileSync(process.execPath, executable);
    chmodSync(executable, 0o755);
    // Node's symbols and debug info are not ours to ship (and lintian refuses an unstripped
    // binary); stripped before the blob goes in, so the injected note is untouched.
    execFileSync('strip', ['--strip-all', executable], { stdio: 'pipe' });
    const { inject } = await import('postject');
    // postject warns about every unnamed ELF note on stdout: only its failure matters.
    const log = console.log;
    console.log = () => undefined;
    try {
      await inject(executable, SEA_RESOURCE, readFileSync(blob), { sentinelFuse: SEA_FUSE });
    } finally {
      console.log = log;
    }
    for (const [file, source] of Object.entries(NATIVE_ADDONS)) {
      copyFileSync(source, path.join(outDir, file));
      chmodSync(path.join(outDir, file), 0o644);
    }
    return executable;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const file = await buildHostExecutable();
  console.error(`built ${path.relative(REPO_ROOT, file)}`);
}
