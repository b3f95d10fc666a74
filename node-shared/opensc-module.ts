// Where OpenSC's PKCS#11 module lives (it serves the sandbox's virtual UZI-pas). Debian and Ubuntu put
// it in the multiarch directory of the machine (x86_64-linux-gnu, aarch64-linux-gnu, …), other
// distributions in lib64 or lib, the macOS installer under /Library/OpenSC. Searched, not assumed, so
// the testers' kit and the dev scripts work on an arm64 machine too.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const FILE = 'opensc-pkcs11.so';
const DEBIAN_TRIPLET: Readonly<Record<string, string>> = {
  x64: 'x86_64-linux-gnu',
  arm64: 'aarch64-linux-gnu',
  arm: 'arm-linux-gnueabihf',
  ia32: 'i386-linux-gnu',
  ppc64: 'powerpc64le-linux-gnu',
  s390x: 's390x-linux-gnu',
  riscv64: 'riscv64-linux-gnu',
};

function multiarchDirs(): string[] {
  try {
    return readdirSync('/usr/lib')
      .filter((name) => name.endsWith('-linux-gnu') || name.endsWith('-linux-gnueabihf'))
      .map((name) => path.join('/usr/lib', name));
  } catch {
    return [];
  }
}

/** Candidate paths, most likely first (this machine's own multiarch directory). */
export function openscModuleCandidates(arch: string = process.arch): string[] {
  const own = DEBIAN_TRIPLET[arch];
  const dirs = [
    ...(own ? [path.join('/usr/lib', own)] : []),
    ...multiarchDirs(),
    '/usr/lib64',
    '/usr/lib',
    '/usr/local/lib',
    '/Library/OpenSC/lib',
  ];
  return [...new Set(dirs)].map((dir) => path.join(dir, FILE));
}

/** The first candidate that exists; else this machine's expected Debian path, so errors name it. */
export function findOpenscModule(arch: string = process.arch): string {
  const candidates = openscModuleCandidates(arch);
  return candidates.find((candidate) => existsSync(candidate)) ?? candidates[0] ?? `/usr/lib/${FILE}`;
}

export const OPENSC_PKCS11_MODULE = findOpenscModule();
