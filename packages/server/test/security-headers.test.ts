import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../src/config.ts';
import { buildServer, type Server } from '../src/http/server.ts';
import { routeModules } from '../src/modules/index.ts';
import { startTestApp, type TestApp } from './harness.ts';

let t: TestApp;
let base: string;
const servers: Server[] = [];
const inline = "window.__early = fetch('/api/v1/shop/me');";

async function serverWith(config: Partial<Config>): Promise<Server> {
  const server = await buildServer({ ...t.ctx, config: { ...t.ctx.config, webDir: join(base, 'dist'), ...config } }, routeModules);
  await server.ready();
  servers.push(server);
  return server;
}

/** The CSP as directive → sources. */
function policyOf(header: unknown): Record<string, string[]> {
  expect(typeof header).toBe('string');
  return Object.fromEntries(
    (header as string)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name, sources]),
  );
}

beforeAll(async () => {
  t = await startTestApp();
  base = mkdtempSync(join(tmpdir(), 'linli-csp-'));
  mkdirSync(join(base, 'dist', 'shop'), { recursive: true });
  writeFileSync(join(base, 'dist', 'index.html'), '<html><style>body{margin:0}</style>landing</html>');
  writeFileSync(
    join(base, 'dist', 'shop', 'index.html'),
    `<html><head><script>${inline}</script></head><script type="module" src="/assets/shop.js"></script></html>`,
  );
});
afterAll(async () => {
  for (const s of servers) await s.close();
  await t.close();
  rmSync(base, { recursive: true, force: true });
});

describe('security headers', () => {
  it('puts CSP, Referrer-Policy, nosniff and no-framing on HTML and API answers; no HSTS over http', async () => {
    const server = await serverWith({});
    const answers = {
      html: await server.inject({ method: 'GET', url: '/shop/' }),
      api: await server.inject({ method: 'GET', url: '/health' }),
      error: await server.inject({ method: 'GET', url: '/api/v1/nothing' }),
      docs: await server.inject({ method: 'GET', url: '/api/docs/' }),
    };
    expect(answers.html.headers['content-type']).toMatch(/text\/html/);
    expect(answers.docs.statusCode).toBe(200);
    for (const [what, res] of Object.entries(answers)) {
      const csp = policyOf(res.headers['content-security-policy']);
      expect(csp['frame-ancestors'], what).toEqual(["'none'"]);
      expect(csp['default-src'], what).toEqual(["'self'"]);
      expect(csp['object-src'], what).toEqual(["'none'"]);
      expect(csp['style-src'], what).toEqual(["'self'", "'unsafe-inline'"]);
      expect(csp['img-src'], what).toEqual(expect.arrayContaining(["'self'", 'data:', 'blob:']));
      expect(csp['upgrade-insecure-requests'], what).toBeUndefined();
      expect(res.headers['referrer-policy'], what).toBe('no-referrer');
      expect(res.headers['x-content-type-options'], what).toBe('nosniff');
      expect(res.headers['x-frame-options'], what).toBe('DENY');
      expect(res.headers['permissions-policy'], what).toContain('camera=(self)');
      expect(res.headers['strict-transport-security'], what).toBeUndefined();
    }
    // The shop's inline script runs by its hash; no other inline script may.
    const scripts = policyOf(answers.html.headers['content-security-policy'])['script-src'];
    expect(scripts).toEqual(["'self'", `'sha256-${createHash('sha256').update(inline).digest('base64')}'`]);
  });

  it('sends HSTS only for https: its own TLS or X-Forwarded-Proto from a trusted proxy', async () => {
    const direct = await serverWith({});
    const forged = await direct.inject({ method: 'GET', url: '/health', headers: { 'x-forwarded-proto': 'https' } });
    expect(forged.headers['strict-transport-security']).toBeUndefined();

    const proxied = await serverWith({ trustProxy: ['127.0.0.1'] });
    const viaProxy = await proxied.inject({ method: 'GET', url: '/shop/', headers: { 'x-forwarded-proto': 'https' } });
    expect(viaProxy.headers['strict-transport-security']).toBe('max-age=31536000');
    const plain = await proxied.inject({ method: 'GET', url: '/shop/', headers: { 'x-forwarded-proto': 'http' } });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    const stranger = await proxied.inject({
      method: 'GET',
      url: '/shop/',
      remoteAddress: '203.0.113.9',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(stranger.headers['strict-transport-security']).toBeUndefined();
  });

  it('lets the maps load tiles from a plain-http tile server when one is configured', async () => {
    const server = await serverWith({ mapTileUrl: 'http://tiles.lan:8080/{z}/{x}/{y}.png' });
    const csp = policyOf((await server.inject({ method: 'GET', url: '/shop/' })).headers['content-security-policy']);
    expect(csp['img-src']).toContain('http://tiles.lan:8080');
  });
});
