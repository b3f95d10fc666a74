#!/usr/bin/env node
// Installs the Debian/Ubuntu packages the product and its tests need, only those missing.
// Plain JavaScript on purpose: it runs before `npm ci`, because the native addons (pcsclite)
// are compiled against libpcsclite-dev during `npm ci`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const SYSTEM_PACKAGES = [
  'pcscd', // PC/SC daemon
  'libpcsclite-dev', // headers for the pcsclite addon
  'vsmartcard-vpcd', // virtual readers the sandbox card plugs into
  'opensc', // PKCS#11 module that serves the virtual UZI-pas (PIV)
  'opensc-pkcs11',
  'pcsc-tools', // pcsc_scan, helpful for the helpdesk
  'softhsm2', // second PKCS#11 module for tests
  'chromium', // the browser the end-to-end tests drive
  'firefox-esr', // the second browser: e2e and release tests drive it over WebDriver BiDi
  'openssl', // `openssl verify` of the sandbox PKI
  'gcc', // builds the TCP_NODELAY shim for pcscd
  'libc6-dev',
  'fonts-dejavu-core', // readable screenshots
  'redis-server', // the verifier's shared challenge store is tested against a real Redis
  'procps', // pgrep: the fault tests find the host and its PKCS#11 worker by parent PID
  'unzip', // the package tests open the built .zip and .xpi
  'dpkg-dev', // dpkg-deb builds the .deb (npm run package)
  'lintian', // checks the .deb
  'fakeroot', // lintian and dpkg-deb without root
  'binutils', // strip: the host executable ships without node's debug info
];

function missingPackages() {
  if (!existsSync('/usr/bin/dpkg-query')) return null;
  const missing = [];
  for (const name of SYSTEM_PACKAGES) {
    const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    if (result.status !== 0 || !result.stdout.includes('install ok installed')) missing.push(name);
  }
  return missing;
}

function main() {
  const missing = missingPackages();
  if (missing === null) {
    console.error(
      '[setup] Not a Debian/Ubuntu system: install pcsc-lite, vpcd (vsmartcard), OpenSC, SoftHSM2 and Chromium yourself.',
    );
    return 0;
  }
  if (missing.length === 0) {
    console.error('[setup] System packages present.');
    return 0;
  }
  // With recommends, as on the machines the tests were measured on (Chromium's fonts and helpers).
  const command = ['apt-get', 'install', '-y', ...missing];
  const isRoot = process.getuid?.() === 0;
  const hasSudo = !isRoot && spawnSync('sudo', ['-n', 'true']).status === 0;
  if (!isRoot && !hasSudo) {
    console.error(
      `[setup] Missing system packages. Run:\n  sudo apt-get update && sudo ${command.join(' ')}`,
    );
    return 1;
  }
  const prefix = isRoot ? [] : ['sudo', '-n'];
  const run = (args) => {
    const [file, ...rest] = [...prefix, ...args];
    execFileSync(file, rest, {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  };
  console.error(`[setup] Installing: ${missing.join(' ')}`);
  run(['apt-get', 'update']);
  run(command);
  return 0;
}

process.exitCode = main();
