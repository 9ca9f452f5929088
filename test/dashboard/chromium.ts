import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { brotliDecompressSync, createBrotliDecompress } from 'node:zlib';

/** Debian's Chromium: CI images and developer machines often have it already. */
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export interface ChromiumBrowser {
  executablePath: string;
  /** What the browser process needs in its environment besides ours. */
  env: Record<string, string>;
}

/**
 * The Chromium the dashboard suites drive: TEST_CHROMIUM when set (a path,
 * or `bundled`), else Debian's when it is installed, else the one the
 * @sparticuz/chromium npm package carries in its tarball. So `npm install &&
 * npm test` needs no system package, and nothing is downloaded: the package
 * arrives with the rest of the toolchain and is unpacked here.
 */
export async function findChromium(): Promise<ChromiumBrowser> {
  const chosen = process.env.TEST_CHROMIUM;
  if (chosen && chosen !== 'bundled') return { executablePath: chosen, env: {} };
  if (!chosen && existsSync(SYSTEM_CHROMIUM)) return { executablePath: SYSTEM_CHROMIUM, env: {} };
  return bundledChromium();
}

/**
 * The package's Chromium (headless shell), with the NSS libraries it links
 * against (a bare Debian or Ubuntu lacks them) and a font, unpacked once per
 * package version into node_modules/.cache (about 200 MB, 2 s). We unpack it
 * ourselves rather than through the package's executablePath(), which writes
 * to a shared /tmp/chromium in place: a run stopped halfway, or another
 * checkout's version, would leave a broken browser there for everyone.
 */
async function bundledChromium(): Promise<ChromiumBrowser> {
  // The package exports only its code; its compressed browser sits two folders up, in bin/.
  const packageDir = path.resolve(path.dirname(require.resolve('@sparticuz/chromium')), '..', '..');
  const { version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const target = path.join(packageDir, '..', '..', '.cache', `sparticuz-chromium-${version}`);
  if (!existsSync(path.join(target, 'chromium'))) await unpack(path.join(packageDir, 'bin'), target);
  return {
    executablePath: path.join(target, 'chromium'),
    env: {
      LD_LIBRARY_PATH: [path.join(target, 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
      FONTCONFIG_FILE: path.join(target, 'fonts.conf'),
    },
  };
}

/** Into a folder of its own, renamed into place only when complete: a half-unpacked browser is never found. */
async function unpack(bin: string, target: string): Promise<void> {
  const staging = `${target}.${process.pid}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  await pipeline(
    createReadStream(path.join(bin, 'chromium.br')),
    createBrotliDecompress(),
    createWriteStream(path.join(staging, 'chromium'), { mode: 0o755 }),
  );
  // al2023.tar.br holds lib/ (NSS, NSPR, expat); fonts.tar.br holds fonts/ (Open Sans) and a
  // fonts.conf made for AWS Lambda's /tmp, replaced below. tar is on every Debian and Ubuntu.
  for (const archive of ['al2023.tar.br', 'fonts.tar.br']) {
    execFileSync('tar', ['-x', '-C', staging], { input: brotliDecompressSync(readFileSync(path.join(bin, archive))) });
  }
  // The machine's own fonts when it has any, and the package's Open Sans either way.
  writeFileSync(
    path.join(staging, 'fonts.conf'),
    `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${path.join(target, 'fonts')}</dir>
  <cachedir>${path.join(target, 'fontconfig-cache')}</cachedir>
</fontconfig>
`,
  );
  try {
    renameSync(staging, target);
  } catch (error) {
    // Another test run unpacked the same version first: use its copy.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(path.join(target, 'chromium'))) throw error;
  }
}
