import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, type Server } from '../src/http/server.ts';
import { routeModules } from '../src/modules/index.ts';
import { createOpenCampaign, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

let t: TestApp;
let w: World;
let staff: string;
let resident: string;
let leader: string;
let base: string;
let web: Server;

beforeAll(async () => {
  t = await startTestApp();
  w = await createWorld(t.ctx);
  await createOpenCampaign(t.ctx, w);
  staff = await t.login('staff', w.adminPhone);
  resident = await t.login('resident', w.residents[0]!.phone);
  leader = await t.login('leader', w.leaders[0]!.phone);
  base = mkdtempSync(join(tmpdir(), 'linli-guard-'));
  const dist = join(base, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<html>landing</html>');
  for (const area of ['shop', 'leader', 'driver', 'supplier', 'admin']) {
    mkdirSync(join(dist, area));
    writeFileSync(join(dist, area, 'index.html'), `<html>${area}</html>`);
  }
  writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
  web = await buildServer({ ...t.ctx, log: pino({ level: 'silent' }), config: { ...t.ctx.config, webDir: dist } }, routeModules);
  await web.ready();
});
afterAll(async () => {
  await web?.close();
  await t.close();
  rmSync(base, { recursive: true, force: true });
});

describe('a NUL byte anywhere in the input', () => {
  it('is a 400 in the query string, the path and the JSON body, before any handler runs', async () => {
    const cases: Array<[string, string, string, unknown?]> = [
      ['GET', '/api/v1/admin/orders?residentId=res%00x', staff],
      ['GET', '/api/v1/leader/orders?campaignId=%00', leader],
      ['GET', '/api/v1/admin/orders/ord_1%00', staff],
      ['GET', '/api/v1/shop/orders/%00', resident],
      ['POST', '/api/v1/admin/warehouses', staff, { name: '雨花\u0000仓', address: '长沙', lat: 28.19, lng: 112.96 }],
      [
        'POST',
        '/api/v1/admin/carriers',
        staff,
        { name: 'x', phone: '13900000000', rateCard: { perTripFen: 1, perStopFen: 1, zones: [] }, k: '\u0000' },
      ],
      ['POST', '/api/v1/shop/orders', resident, { lines: [{ campaignLineId: 'cml_\u0000', quantity: 1 }] }],
    ];
    for (const [method, url, token, body] of cases) {
      const res = await t.request(method, url, { token, body });
      expect(res.status, `${method} ${url}`).toBe(400);
      expect(res.body.code, `${method} ${url}`).toBe('VALIDATION_FAILED');
    }
    expect(await t.ctx.db.selectFrom('warehouses').select('id').execute()).toEqual([]);
  });

  it('is a 400 or 404, never a 500, for a static file path with %00 or other odd encodings', async () => {
    const paths = [
      '/%00',
      '/shop/%00',
      '/shop/a%00.js',
      '/assets/%00',
      '/assets/app.js%00.map',
      '/shop/%ff',
      '/%ff',
      '/shop/%c0%af',
      '/shop/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd',
      '/shop/..%2f..%2fetc%2fpasswd',
      '/assets/..%2f..%2f..%2fetc%2fpasswd',
      '/shop/%e0%80%af',
      '/shop/%',
      '/assets/%zz',
      '/leader/%2e%2e/%2e%2e/',
    ];
    for (const url of paths) {
      const res = await web.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBeLessThan(500);
      if (res.statusCode === 200) expect(res.body, url).toMatch(/^<html>(landing|shop|leader)<\/html>$/);
      else expect([400, 404], url).toContain(res.statusCode);
      if (res.statusCode === 400) expect(res.json().code, url).toBe('VALIDATION_FAILED');
    }
  });
});

describe('impossible calendar dates', () => {
  it('are a 400 on the routes that take a date', async () => {
    const cases: Array<[string, string, string, unknown?]> = [
      ['GET', '/api/v1/admin/finance/pnl?date=2026-02-30', staff],
      ['GET', '/api/v1/admin/finance/pnl?from=2026-13-45&to=2026-12-01', staff],
      ['GET', '/api/v1/leader/orders?pickupDate=2026-02-29', leader],
      ['GET', '/api/v1/admin/orders?pickupDate=2026-04-31', staff],
      ['GET', '/api/v1/admin/routes?deliveryDate=2026-00-10', staff],
      ['POST', '/api/v1/admin/route-plans', staff, { warehouseId: 'whs_1', deliveryDate: '2026-02-30' }],
    ];
    for (const [method, url, token, body] of cases) {
      const res = await t.request(method, url, { token, body });
      expect(res.status, `${method} ${url}`).toBe(400);
      expect(res.body.code, `${method} ${url}`).toBe('VALIDATION_FAILED');
    }
    expect((await t.request('GET', '/api/v1/leader/orders?pickupDate=2028-02-29', { token: leader })).status).toBe(200);
  });
});

describe('an id that ends up in a download file name', () => {
  it('never breaks the Content-Disposition header, whatever its characters', async () => {
    // Ids the server makes are plain ASCII; a row imported from elsewhere need not be.
    const id = 'car_车队\r\nX-Evil: 1"\\;';
    await t.ctx.db
      .insertInto('carriers')
      .values({
        id,
        operator_id: w.operatorId,
        name: '顺路',
        phone: '13900000000',
        rate_card: '{"perTripFen":0,"perStopFen":0,"zones":[]}',
        created_at: t.clock.now(),
      })
      .execute();
    const res = await web.inject({
      method: 'GET',
      url: `/api/v1/admin/finance/carriers/${encodeURIComponent(id)}/statement/export`,
      headers: { authorization: `Bearer ${staff}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-evil']).toBeUndefined();
    const header = String(res.headers['content-disposition']);
    expect(header).toMatch(/^attachment; filename="[\x20-\x7e]+\.xlsx"; filename\*=UTF-8''[A-Za-z0-9%!#$&+.^_`|~-]+\.xlsx$/);
    expect(/filename="([^"]*)"/.exec(header)![1]).toBe('carrier-car___X-Evil: 1__;.xlsx');
    expect(decodeURIComponent(header.split("filename*=UTF-8''")[1]!)).toBe(`carrier-${id.replace('\r\n', '')}.xlsx`);
  });
});
