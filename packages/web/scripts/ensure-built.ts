/**
 * Builds the web app when its sources changed since the last build (or it was never built), so
 * `npm start` on a fresh clone serves the screens without a separate step. The hash of every
 * source file is kept in dist/.source-hash.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const web = join(import.meta.dirname, '..');
const contracts = join(web, '..', 'contracts', 'src');
const hashFile = join(web, 'dist', '.source-hash');

function files(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    });
}

/**
 * Writes .br and .gz beside every text asset, so the server sends them compressed without
 * compressing per request (a phone on a slow network loads a third of the bytes).
 */
function precompress(dir: string): void {
  for (const file of files(dir)) {
    if (!/\.(js|css|html|svg|json)$/.test(file) || statSync(file).size < 1024) continue;
    const raw = readFileSync(file);
    writeFileSync(
      `${file}.br`,
      brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
    );
    writeFileSync(`${file}.gz`, gzipSync(raw, { level: 9 }));
  }
}

export function sourceHash(): string {
  const hash = createHash('sha256');
  const roots = [join(web, 'src'), contracts, ...['shop', 'leader', 'driver', 'supplier', 'admin'].map((a) => join(web, a))];
  const single = ['index.html', 'vite.config.ts', 'package.json'].map((f) => join(web, f));
  for (const file of [...roots.flatMap(files), ...single]) {
    hash.update(relative(web, file));
    hash.update(readFileSync(file));
  }
  return hash.digest('hex');
}

const wanted = sourceHash();
const have = existsSync(hashFile) ? readFileSync(hashFile, 'utf8').trim() : null;
if (have === wanted && process.argv[2] !== '--force') {
  console.log('web app is up to date (packages/web/dist)');
} else {
  console.log('building the web app (packages/web/dist)…');
  // A production build even when started from a test runner (Vitest sets NODE_ENV=test, which would
  // bundle React's development build).
  const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
    cwd: web,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  precompress(join(web, 'dist'));
  writeFileSync(hashFile, `${wanted}\n`);
}
