// The Linux host package: the .deb (dpkg-deb) and a reproducible tarball of the same tree for
// other distributions. Paths come from cli/host-locations.ts, the one table the docs use too.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  statSync,
  symlinkSync,
  utimesSync,
  lutimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { firefoxHostManifest, hostManifest } from '../../cli/host-manifest.js';
import { CHROMIUM_EXTENSION_ID, GECKO_EXTENSION_ID, HOST_NAME, PACKAGE_INFO_FILE } from '../../cli/ids.js';
import {
  HOST_ADDONS,
  HOST_BROWSERS,
  HOST_MANIFEST_DIRS,
  PACKAGE_LAYOUT,
  isFirefox,
  packagedExecutable,
} from '../../cli/host-locations.js';

export const DEB_PACKAGE = 'zorgid-companion';
/** pcscd and its client library for the card; the rest is what the executable and addons link (ldd). */
export const DEB_DEPENDS = ['pcscd', 'libpcsclite1', 'libc6 (>= 2.28)', 'libstdc++6', 'libgcc-s1'] as const;
/** Every file in the packages carries this time (SOURCE_DATE_EPOCH style): the same input, the same bytes. */
export const PACKAGE_EPOCH = 315_576_000; // 1980-01-01T12:00:00Z

const LINUX = PACKAGE_LAYOUT.linux;
/** The real manifests live with the program; /etc only holds symlinks (no conffiles to go stale). */
const MANIFEST_STORE = path.posix.join(LINUX.installDir, 'native-messaging-hosts');

const MAINTAINER = 'ZORG-ID Companion <companion@zorgid-companion.nl>';
const DESCRIPTION = `UZI-pas card helper for the ZORG-ID Companion browser extension
 Native messaging host that reads a Dutch UZI-pas through PC/SC and PKCS#11
 for the ZORG-ID Companion extension in Chromium, Chrome, Edge, Brave and
 Firefox, registered for all users. A single executable: no Node.js needed.`;

const COPYRIGHT = `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: zorgid-companion

Files: *
Copyright: 2025-2026 ZORG-ID Companion contributors
License: EUPL-1.2
 On Debian systems the licence text is not in common-licenses; see the
 European Union Public Licence v. 1.2 published by the European Commission.
 .
 The executable embeds the Node.js runtime (MIT licence, Node.js contributors).
`;

/** Google Chrome and Edge read /etc/opt/..., where Debian policy lets no package ship files. */
const isEtcOpt = (dir: string) => dir.startsWith('/etc/opt/');

/**
 * The manifest links in /etc/opt are made by the maintainer scripts instead: postinst links,
 * prerm removes exactly our links (only if they still point at us) and the directories that are
 * then empty and belong to no package.
 */
function maintainerScripts(): { postinst: string; prerm: string } {
  const links = HOST_BROWSERS.filter((browser) => isEtcOpt(HOST_MANIFEST_DIRS.linux[browser].system)).map(
    (browser) => ({
      dir: HOST_MANIFEST_DIRS.linux[browser].system,
      target: path.posix.join(
        MANIFEST_STORE,
        `${HOST_NAME}.${isFirefox(browser) ? 'firefox' : 'chromium'}.json`,
      ),
    }),
  );
  const link = (entry: { dir: string; target: string }) =>
    `    mkdir -p ${entry.dir}\n    ln -sfn ${entry.target} ${entry.dir}/${HOST_NAME}.json`;
  const unlink = (entry: { dir: string; target: string }) =>
    [
      `    if [ "$(readlink ${entry.dir}/${HOST_NAME}.json 2>/dev/null)" = ${entry.target} ]; then rm -f ${entry.dir}/${HOST_NAME}.json; fi`,
      `    for dir in ${entry.dir} $(dirname ${entry.dir}); do`,
      '      dpkg-query -S "$dir" >/dev/null 2>&1 || rmdir "$dir" 2>/dev/null || true',
      '    done',
    ].join('\n');
  const postinst = [
    '#!/bin/sh',
    '# zorgid-companion: register the host for Google Chrome and Microsoft Edge (their /etc/opt paths).',
    'set -e',
    'case "$1" in',
    '  configure)',
    ...links.map(link),
    '    ;;',
    'esac',
    'exit 0',
    '',
  ].join('\n');
  const prerm = [
    '#!/bin/sh',
    '# zorgid-companion: remove the links postinst made; dpkg removes everything else it installed.',
    'set -e',
    'case "$1" in',
    '  remove|upgrade|deconfigure)',
    ...links.map(unlink),
    '    ;;',
    'esac',
    'exit 0',
    '',
  ].join('\n');
  return { postinst, prerm };
}

/** Reasons for the lintian tags we accept on purpose (docs/deployment.md lists the full run). */
const LINTIAN_OVERRIDES = `# The executable is Node's own binary with the application injected (single executable
# application); Node links its own zlib and is built without PIE.
${DEB_PACKAGE}: embedded-library zlib [usr/lib/zorgid-companion/zorgid-companion]
${DEB_PACKAGE}: hardening-no-pie [usr/lib/zorgid-companion/zorgid-companion]
`;

function write(file: string, content: string | Buffer, mode: number): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  chmodSync(file, mode);
}

/** Fixed times everywhere (symlinks included), and no group/other write bits. */
function normalise(root: string): void {
  const entries = readdirSync(root, { recursive: true, withFileTypes: true }).map((entry) =>
    path.join(entry.parentPath, entry.name),
  );
  for (const entry of [...entries, root]) {
    const info = lstatSync(entry);
    if (info.isSymbolicLink()) lutimesSync(entry, PACKAGE_EPOCH, PACKAGE_EPOCH);
    else {
      if (info.isDirectory()) chmodSync(entry, 0o755);
      utimesSync(entry, PACKAGE_EPOCH, PACKAGE_EPOCH);
    }
  }
}

/**
 * The installed tree (usr/, etc/) as it lands on /, into `root`. maintainerLinks: the /etc/opt
 * links are left to the .deb's postinst (the tarball ships them as symlinks).
 */
export function stageLinuxTree(
  root: string,
  hostDir: string,
  version: string,
  options: { maintainerLinks?: boolean; chromiumId?: string } = {},
): void {
  const chromiumId = options.chromiumId ?? CHROMIUM_EXTENSION_ID;
  const executable = packagedExecutable('linux');
  const lib = path.join(root, LINUX.installDir);
  write(path.join(lib, LINUX.executable), Buffer.alloc(0), 0o755);
  copyFileSync(path.join(hostDir, LINUX.executable), path.join(lib, LINUX.executable));
  for (const addon of HOST_ADDONS) {
    copyFileSync(path.join(hostDir, addon), path.join(lib, addon));
    chmodSync(path.join(lib, addon), 0o644);
    // Symbols only help a debugger; Debian ships stripped objects.
    execFileSync('strip', ['--strip-unneeded', path.join(lib, addon)], { stdio: 'pipe' });
  }
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const chromiumFile = path.posix.join(MANIFEST_STORE, `${HOST_NAME}.chromium.json`);
  const firefoxFile = path.posix.join(MANIFEST_STORE, `${HOST_NAME}.firefox.json`);
  write(path.join(root, chromiumFile), json(hostManifest(executable, chromiumId)), 0o644);
  // The command line in the executable reads it (cli/ids.ts): policy and doctor name the same id.
  write(path.join(lib, PACKAGE_INFO_FILE), json({ chromiumExtensionId: chromiumId, version }), 0o644);
  write(path.join(root, firefoxFile), json(firefoxHostManifest(executable, GECKO_EXTENSION_ID)), 0o644);
  for (const browser of HOST_BROWSERS) {
    if (options.maintainerLinks && isEtcOpt(HOST_MANIFEST_DIRS.linux[browser].system)) continue;
    const dir = path.join(root, HOST_MANIFEST_DIRS.linux[browser].system);
    mkdirSync(dir, { recursive: true });
    // Relative links (lintian: a link across top-level folders is absolute, within one relative).
    const target = isFirefox(browser) ? firefoxFile : chromiumFile;
    const linkDir = HOST_MANIFEST_DIRS.linux[browser].system;
    const sameTop = linkDir.split('/')[1] === target.split('/')[1];
    symlinkSync(sameTop ? path.posix.relative(linkDir, target) : target, path.join(dir, `${HOST_NAME}.json`));
  }
  if (LINUX.commandLink) {
    mkdirSync(path.join(root, path.dirname(LINUX.commandLink)), { recursive: true });
    symlinkSync(
      path.posix.relative(path.posix.dirname(LINUX.commandLink), executable),
      path.join(root, LINUX.commandLink),
    );
  }
  const doc = path.join(root, 'usr', 'share', 'doc', DEB_PACKAGE);
  write(path.join(doc, 'copyright'), COPYRIGHT, 0o644);
  const changelog = `${DEB_PACKAGE} (${version}) stable; urgency=medium\n\n  * Release ${version}.\n\n -- ${MAINTAINER}  Tue, 01 Jan 1980 12:00:00 +0000\n`;
  write(path.join(doc, 'changelog.gz'), gzipSync(changelog, { level: 9 }), 0o644);
  write(path.join(root, 'usr', 'share', 'lintian', 'overrides', DEB_PACKAGE), LINTIAN_OVERRIDES, 0o644);
}

function installedSizeKb(root: string): number {
  let bytes = 0;
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) bytes += statSync(path.join(entry.parentPath, entry.name)).size;
  return Math.ceil(bytes / 1024);
}

/** dpkg-deb --build of the staged tree plus DEBIAN/ (control, maintainer scripts). */
export function buildDeb(
  stageDir: string,
  hostDir: string,
  version: string,
  outFile: string,
  chromiumId: string = CHROMIUM_EXTENSION_ID,
): void {
  const root = path.join(stageDir, 'deb');
  stageLinuxTree(root, hostDir, version, { maintainerLinks: true, chromiumId });
  const control = [
    `Package: ${DEB_PACKAGE}`,
    `Version: ${version}`,
    'Architecture: amd64',
    `Maintainer: ${MAINTAINER}`,
    `Installed-Size: ${installedSizeKb(root)}`,
    `Depends: ${DEB_DEPENDS.join(', ')}`,
    'Section: utils',
    'Priority: optional',
    `Description: ${DESCRIPTION}`,
    '',
  ].join('\n');
  write(path.join(root, 'DEBIAN', 'control'), control, 0o644);
  const scripts = maintainerScripts();
  write(path.join(root, 'DEBIAN', 'postinst'), scripts.postinst, 0o755);
  write(path.join(root, 'DEBIAN', 'prerm'), scripts.prerm, 0o755);
  normalise(root);
  execFileSync('dpkg-deb', ['--root-owner-group', '-Zgzip', '-z6', '--build', root, outFile], {
    stdio: 'pipe',
    env: { ...process.env, SOURCE_DATE_EPOCH: String(PACKAGE_EPOCH) },
  });
}

/** The same tree as a tar.gz: sorted entries, fixed times and owners, gzip without a timestamp. */
export function buildTarball(
  stageDir: string,
  hostDir: string,
  version: string,
  outFile: string,
  chromiumId: string = CHROMIUM_EXTENSION_ID,
): void {
  const root = path.join(stageDir, 'tar');
  stageLinuxTree(root, hostDir, version, { chromiumId });
  normalise(root);
  const tar = execFileSync(
    'tar',
    [
      '--sort=name',
      `--mtime=@${PACKAGE_EPOCH}`,
      '--owner=0',
      '--group=0',
      '--numeric-owner',
      '--format=gnu',
      '-cf',
      '-',
      '-C',
      root,
      'etc',
      'usr',
    ],
    { maxBuffer: 1024 * 1024 * 1024 },
  );
  writeFileSync(outFile, gzipSync(tar, { level: 6 }));
}
