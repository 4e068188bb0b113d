/**
 * The shop's performance budget (npm run bench:web):
 *  (a) first-load JavaScript of /shop/: the entry script and every chunk it loads before running
 *      (modulepreload links and the entry's static imports from the Vite manifest), each gzipped,
 *      summed and compared with 200 KB;
 *  (b) time to a usable campaign list on a throttled phone from a cold start: a new browser context
 *      (empty cache) with a resident's session already stored, CPU slowed 4x and a slow 4G network,
 *      from navigation start to the first [data-testid=campaign-line] on screen; median of 5 runs
 *      against a local linli server with the demo city, compared with 2 s.
 * A script, not a test: it prints a table and exits 1 when a budget is exceeded.
 * The build writes .br/.gz beside its assets (scripts/ensure-built.ts), so the server sends them
 * compressed, as `npm start` does. Options: --waterfall (print the last run's requests);
 * BENCH_WEB_RUNS=n changes the number of runs.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Browser, chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath, viewports } from './browser.ts';
import { startE2eServer } from './server.ts';

const KB = 1024;
const JS_BUDGET_BYTES = 200 * KB;
const TIME_BUDGET_MS = 2000;
const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 5);
/** --waterfall: prints when each request of the last run started and ended (the critical path). */
const WATERFALL = process.argv.includes('--waterfall');
/** Lighthouse's default mobile profile ("slow 4G"): 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, CPU 4x slower. */
const NETWORK = { latencyMs: 150, downloadKbps: 1638.4, uploadKbps: 750 };
const CPU_SLOWDOWN = 4;

const built = join(import.meta.dirname, '..', 'dist');

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

// ---------------------------------------------------------------------------------------------
// (a) first-load JavaScript

interface JsFile {
  file: string;
  raw: number;
  gzip: number;
  why: string;
}

export function shopFirstLoad(dist = built): { files: JsFile[]; lazy: string[] } {
  const html = readFileSync(join(dist, 'shop', 'index.html'), 'utf8');
  const wanted = new Map<string, string>();
  for (const m of html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)) wanted.set(strip(m[1]!), 'entry script');
  for (const m of html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)) {
    if (!wanted.has(strip(m[1]!))) wanted.set(strip(m[1]!), 'modulepreload');
  }
  if (wanted.size === 0) throw new Error('dist/shop/index.html names no module script');
  const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const entry = manifest['shop/index.html'];
  if (!entry) throw new Error("the Vite manifest has no entry 'shop/index.html' (is build.manifest on?)");
  const lazy = new Set<string>();
  const visit = (key: string, why: string) => {
    const chunk = manifest[key];
    if (!chunk) return;
    if (!wanted.has(chunk.file)) wanted.set(chunk.file, why);
    for (const d of chunk.dynamicImports ?? []) lazy.add(manifest[d]?.file ?? d);
    for (const i of chunk.imports ?? []) if (!wanted.has(manifest[i]?.file ?? '')) visit(i, `static import of ${chunk.file}`);
  };
  visit('shop/index.html', 'entry script');
  const files = [...wanted].map(([file, why]) => {
    const bytes = readFileSync(join(dist, file));
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, why };
  });
  return { files, lazy: [...lazy].filter((f) => !wanted.has(f)).sort() };
}

function strip(url: string): string {
  return url.replace(/^\//, '').replace(/[?#].*$/, '');
}

// ---------------------------------------------------------------------------------------------
// (b) time to a usable campaign list

interface Run {
  ms: number;
  requests: number;
  transferred: number;
  /** Scripts: bytes on the wire, and how many of them came compressed (content-encoding). */
  js: { bytes: number; count: number; compressed: number };
  /** Each request: what, and its start and end in ms from navigation start. */
  waterfall: Array<[name: string, start: number, end: number]>;
}

async function loginResident(base: string, sms: { lastCode(phone: string): string | undefined }, phone: string) {
  const sent = await fetch(`${base}/api/v1/auth/sms-codes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone }),
  });
  if (!sent.ok) throw new Error(`sms code: ${sent.status} ${await sent.text()}`);
  const code = sms.lastCode(phone);
  const res = await fetch(`${base}/api/v1/auth/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ operator: 'linli-demo', phone, code, as: 'resident' }),
  });
  if (!res.ok) throw new Error(`login: ${res.status} ${await res.text()}`);
  // Stored as the shop stores it (src/common/session.ts): token, expiry and principal.
  return (await res.json()) as { token: string; expiresAt: string; principal: unknown };
}

async function coldLoad(browser: Browser, base: string, session: unknown, throttle: boolean): Promise<Run> {
  const context = await browser.newContext({
    viewport: viewports.phone,
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  try {
    await context.addInitScript(
      ([value]) => {
        if (location.pathname.startsWith('/shop')) localStorage.setItem('linli.session.shop', value as string);
        // The first campaign line on screen, measured from navigation start (performance.timeOrigin).
        const w = window as unknown as { __linliFirstLine?: number };
        const check = () => {
          if (w.__linliFirstLine !== undefined) return;
          const el = document.querySelector('[data-testid="campaign-line"]');
          if (!el) return;
          const box = el.getBoundingClientRect();
          if (box.width > 0 && box.height > 0 && box.top < window.innerHeight) {
            requestAnimationFrame(() => {
              w.__linliFirstLine ??= performance.now();
            });
          }
        };
        new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
      },
      [JSON.stringify(session)],
    );
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (throttle) {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: NETWORK.latencyMs,
        downloadThroughput: (NETWORK.downloadKbps * 1000) / 8,
        uploadThroughput: (NETWORK.uploadKbps * 1000) / 8,
      });
    }
    let requests = 0;
    let transferred = 0;
    const js = { bytes: 0, count: 0, compressed: 0 };
    const scripts = new Map<string, boolean>();
    cdp.on('Network.responseReceived', (e: { requestId: string; type: string; response: { headers: Record<string, string> } }) => {
      if (e.type !== 'Script') return;
      const encoding = Object.entries(e.response.headers).find(([k]) => k.toLowerCase() === 'content-encoding')?.[1];
      scripts.set(e.requestId, Boolean(encoding && encoding !== 'identity'));
    });
    cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
      requests++;
      transferred += e.encodedDataLength;
      const compressed = scripts.get(e.requestId);
      if (compressed === undefined) return;
      js.bytes += e.encodedDataLength;
      js.count++;
      if (compressed) js.compressed++;
    });
    await page.goto(`${base}/shop/`, { waitUntil: 'commit' });
    await page.waitForFunction(() => (window as unknown as { __linliFirstLine?: number }).__linliFirstLine !== undefined, null, {
      timeout: 60_000,
      polling: 50,
    });
    const ms = await page.evaluate(() => (window as unknown as { __linliFirstLine: number }).__linliFirstLine);
    const waterfall = await page.evaluate(() =>
      performance
        .getEntriesByType('navigation')
        .concat(performance.getEntriesByType('resource'))
        .map(
          (e) =>
            [new URL(e.name).pathname + new URL(e.name).search, e.startTime, (e as PerformanceResourceTiming).responseEnd] as [
              string,
              number,
              number,
            ],
        ),
    );
    return { ms, requests, transferred, js, waterfall };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, [join(import.meta.dirname, '..', 'scripts', 'ensure-built.ts')], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  // Measured on a copy: a rebuild of dist while this runs cannot change what is measured.
  const dist = mkdtempSync(join(tmpdir(), 'linli-bench-web-'));
  cpSync(built, dist, { recursive: true });

  const first = shopFirstLoad(dist);
  const total = first.files.reduce((sum, f) => sum + f.gzip, 0);
  console.log('\n(a) /shop/ first-load JavaScript (gzip -9 of each file)\n');
  console.log(`${'file'.padEnd(48)} ${'raw'.padStart(10)} ${'gzip'.padStart(10)}  loaded as`);
  for (const f of first.files) console.log(`${f.file.padEnd(48)} ${kb(f.raw).padStart(10)} ${kb(f.gzip).padStart(10)}  ${f.why}`);
  console.log(`${'total'.padEnd(48)} ${kb(first.files.reduce((s, f) => s + f.raw, 0)).padStart(10)} ${kb(total).padStart(10)}`);
  console.log(`lazily loaded chunks reachable from the shop, not counted: ${first.lazy.length}`);

  const server = await startE2eServer({ fleet: false, webDir: dist });
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  const runs: Run[] = [];
  let unthrottled: Run;
  try {
    const stored = await loginResident(server.url, server.ctx.sms as never, '13700000000');
    // Untimed: lets the server compile its queries and fill its caches, as a running server has.
    unthrottled = await coldLoad(browser, server.url, stored, false);
    for (let i = 0; i < RUNS; i++) runs.push(await coldLoad(browser, server.url, stored, true));
  } finally {
    await browser.close();
    await server.close();
    rmSync(dist, { recursive: true, force: true });
  }
  const med = median(runs.map((r) => r.ms));
  console.log(
    `\n(b) time to the first campaign line on a throttled phone (CPU ${CPU_SLOWDOWN}x, ${NETWORK.latencyMs} ms RTT, ` +
      `${(NETWORK.downloadKbps / 1000).toFixed(1)} Mbit/s down, ${NETWORK.uploadKbps} kbit/s up; cold cache, session stored)\n`,
  );
  console.log(
    `${'run'.padEnd(6)} ${'ms'.padStart(8)} ${'requests'.padStart(9)} ${'transferred'.padStart(12)} ${'of it scripts'.padStart(14)}  scripts compressed`,
  );
  runs.forEach((r, i) => {
    console.log(
      `${String(i + 1).padEnd(6)} ${r.ms.toFixed(0).padStart(8)} ${String(r.requests).padStart(9)} ${kb(r.transferred).padStart(12)} ` +
        `${kb(r.js.bytes).padStart(14)}  ${r.js.compressed} of ${r.js.count}`,
    );
  });
  if (WATERFALL) {
    console.log('\nrequests of the last run (ms from navigation start):');
    for (const [name, start, end] of runs.at(-1)?.waterfall ?? []) {
      console.log(`  ${start.toFixed(0).padStart(6)} → ${end.toFixed(0).padStart(6)}  ${name}`);
    }
  }
  console.log(`unthrottled warm-up: ${unthrottled.ms.toFixed(0)} ms, ${kb(unthrottled.transferred)} transferred`);

  const jsOk = total <= JS_BUDGET_BYTES;
  const timeOk = med <= TIME_BUDGET_MS;
  console.log('\nbudget                                   measured     budget   ');
  console.log(
    `shop first-load JS (gzip)                ${kb(total).padStart(10)} ${kb(JS_BUDGET_BYTES).padStart(10)}   ${jsOk ? 'ok' : 'OVER'}`,
  );
  console.log(
    `first campaign line, median of ${RUNS}         ${`${med.toFixed(0)} ms`.padStart(10)} ${`${TIME_BUDGET_MS} ms`.padStart(10)}   ${timeOk ? 'ok' : 'OVER'}`,
  );
  console.log('\ncommand: npm run bench:web   (node packages/web/e2e/budget.ts)');
  process.exitCode = jsOk && timeOk ? 0 : 1;
}

if (import.meta.main) {
  await main();
}
