import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, type Server } from '../src/http/server.ts';
import { routeModules } from '../src/modules/index.ts';
import { startTestApp, type TestApp } from './harness.ts';

let t: TestApp;
let base: string;
let dist: string;
let web: Server;
const areas = ['shop', 'leader', 'driver', 'supplier', 'admin'];
const script = 'console.log("linli");\n'.repeat(50);

/** A server on the test database serving the web app from `webDir`, logging into `lines`. */
async function serverFor(webDir: string, lines: string[] = []): Promise<Server> {
  const log = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
  const server = await buildServer({ ...t.ctx, log, config: { ...t.ctx.config, webDir } }, routeModules);
  await server.ready();
  return server;
}

beforeAll(async () => {
  t = await startTestApp();
  base = mkdtempSync(join(tmpdir(), 'linli-web-'));
  dist = join(base, 'dist');
  mkdirSync(dist);
  writeFileSync(join(base, 'secret.txt'), 'top secret');
  writeFileSync(join(dist, 'index.html'), '<html>landing</html>');
  writeFileSync(join(dist, 'favicon.svg'), '<svg/>');
  for (const area of areas) {
    mkdirSync(join(dist, area));
    writeFileSync(join(dist, area, 'index.html'), `<html>${area}</html>`);
  }
  writeFileSync(join(dist, 'shop', 'manifest.json'), '{"name":"shop"}');
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'assets', 'shop-3f9a1c.js'), script);
  writeFileSync(join(dist, 'assets', 'shop-3f9a1c.js.gz'), gzipSync(script));
  web = await serverFor(dist);
});
afterAll(async () => {
  await web?.close();
  await t.close();
  rmSync(base, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) => web.inject({ method: 'GET', url, headers });

describe('the built web app', () => {
  it('serves the landing page and files, HTML revalidated', async () => {
    const landing = await get('/');
    expect(landing.statusCode).toBe(200);
    expect(landing.body).toBe('<html>landing</html>');
    expect(landing.headers['content-type']).toMatch(/^text\/html/);
    expect(landing.headers['cache-control']).toBe('no-cache');
    expect((await get('/favicon.svg')).headers['content-type']).toMatch(/^image\/svg\+xml/);
  });

  it("answers every path of an area that is not a file with the area's index.html", async () => {
    for (const area of areas) {
      for (const url of [`/${area}`, `/${area}/`, `/${area}/orders/ord_123`, `/${area}/a/b/c?tab=2`]) {
        const res = await get(url);
        expect(res.statusCode, url).toBe(200);
        expect(res.body, url).toBe(`<html>${area}</html>`);
        expect(res.headers['content-type'], url).toMatch(/^text\/html/);
        expect(res.headers['cache-control'], url).toBe('no-cache');
      }
    }
    const manifest = await get('/shop/manifest.json');
    expect(manifest.json()).toEqual({ name: 'shop' });
    const head = await web.inject({ method: 'HEAD', url: '/leader/home' });
    expect(head.statusCode).toBe(200);
  });

  it('caches hashed assets for good and serves them precompressed when the client takes gzip', async () => {
    const plain = await get('/assets/shop-3f9a1c.js');
    expect(plain.statusCode).toBe(200);
    expect(plain.body).toBe(script);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-type']).toMatch(/javascript/);
    const gz = await get('/assets/shop-3f9a1c.js', { 'accept-encoding': 'gzip' });
    expect(gz.statusCode).toBe(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['content-type']).toMatch(/javascript/);
    expect(gz.headers.vary).toMatch(/accept-encoding/i);
    expect(gz.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(gz.rawPayload.equals(gzipSync(script))).toBe(true);
    expect((await get('/assets/missing-000000.js')).statusCode).toBe(404);
  });

  it('never leaves the web folder', async () => {
    for (const url of [
      '/shop/../secret.txt',
      '/shop/..%2f..%2fsecret.txt',
      '/shop/%2e%2e/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/shop/..%5c..%5csecret.txt',
    ]) {
      const res = await get(url);
      expect(res.body, url).not.toContain('top secret');
    }
  });

  it('keeps the API: routes answer, unknown /api paths are JSON 404s', async () => {
    expect((await get('/api/v1/public/config')).json()).toMatchObject({ devSms: true });
    expect((await get('/health')).json()).toMatchObject({ status: 'ok' });
    for (const method of ['GET', 'POST'] as const) {
      const res = await web.inject({ method, url: '/api/v1/nothing-here' });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ code: 'ROUTE_NOT_FOUND', message: `no route ${method} /api/v1/nothing-here` });
    }
    expect((await get('/api/docs/json')).json().tags.map((tag: { name: string }) => tag.name)).toContain('uploads');
  });
});

describe('without a build', () => {
  it('says how to build the web app at / and in the areas, warns once, and keeps the API', async () => {
    const lines: string[] = [];
    const server = await serverFor(join(dist, 'not-there'), lines);
    try {
      const home = await server.inject({ method: 'GET', url: '/' });
      expect(home.statusCode).toBe(200);
      expect(home.headers['content-type']).toMatch(/^text\/html/);
      expect(home.body).toContain('npm run build:web');
      expect(lines.filter((l) => l.includes('not built'))).toHaveLength(1);
      expect((await server.inject({ method: 'GET', url: '/api/v1/public/config' })).statusCode).toBe(200);
      expect((await server.inject({ method: 'GET', url: '/api/v1/nothing-here' })).json().code).toBe('ROUTE_NOT_FOUND');
      expect((await server.inject({ method: 'GET', url: '/shop/orders' })).body).toContain('npm run build:web');
    } finally {
      await server.close();
    }
  });
});
