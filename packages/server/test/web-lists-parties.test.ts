import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, createWorld, nextPhone, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

/** Finance names the parties of its accounts and statements from the admin party lists: it may read them, not change them. */

let t: TestApp;
let world: World;
let admin: string;
let finance: string;
let support: string;
let merchandiser: string;
let dispatcher: string;
let leader: string;
let carrierId: string;

beforeAll(async () => {
  t = await startTestApp();
  world = await createWorld(t.ctx, { skus: 1, leaders: 2, residents: 0 });
  admin = await t.login('staff', world.adminPhone);
  finance = await t.login('staff', (await createStaff(t.ctx, world.operatorId, ['finance'])).phone);
  support = await t.login('staff', (await createStaff(t.ctx, world.operatorId, ['support'])).phone);
  merchandiser = await t.login('staff', (await createStaff(t.ctx, world.operatorId, ['merchandiser'])).phone);
  dispatcher = await t.login('staff', (await createStaff(t.ctx, world.operatorId, ['dispatcher'])).phone);
  leader = await t.login('leader', world.leaders[0]!.phone);
  const carrier = await t.request('POST', '/api/v1/admin/carriers', {
    token: admin,
    body: { name: '顺路物流', phone: nextPhone(), rateCard: { perTripFen: 5000, perStopFen: 300, zones: [] } },
  });
  expect(carrier.status, JSON.stringify(carrier.body)).toBe(201);
  carrierId = carrier.body.id;
});
afterAll(() => t.close());

const status = async (method: string, url: string, token: string, body?: unknown) =>
  (await t.request(method, url, body === undefined ? { token } : { token, body })).status;

describe('the admin party lists', () => {
  it('finance reads leaders, pickup points, suppliers and carriers, with the lists’ own filters and paging', async () => {
    const leaders = await t.request('GET', '/api/v1/admin/leaders?pageSize=1', { token: finance });
    expect(leaders.status).toBe(200);
    expect(leaders.body).toMatchObject({ total: 2, pageSize: 1 });
    expect(leaders.body.items).toHaveLength(1);
    const points = await t.request('GET', `/api/v1/admin/pickup-points?leaderId=${world.leaders[1]!.id}`, { token: finance });
    expect(points.status).toBe(200);
    expect(points.body.items.map((p: { id: string }) => p.id)).toEqual([world.leaders[1]!.pickupPointId]);
    const suppliers = await t.request('GET', '/api/v1/admin/suppliers', { token: finance });
    expect(suppliers.status).toBe(200);
    expect(suppliers.body.items.map((s: { id: string }) => s.id)).toEqual([world.supplierId]);
    const carriers = await t.request('GET', '/api/v1/admin/carriers', { token: finance });
    expect(carriers.status).toBe(200);
    expect(carriers.body.items.map((c: { id: string }) => c.id)).toEqual([carrierId]);
  });

  it('finance changes none of them', async () => {
    const leaderId = world.leaders[0]!.id;
    const pointId = world.leaders[0]!.pickupPointId;
    const writes: Array<[string, string, unknown]> = [
      ['POST', '/api/v1/admin/leaders', { phone: nextPhone(), name: '新团长' }],
      ['PATCH', `/api/v1/admin/leaders/${leaderId}`, { name: '改名' }],
      ['POST', `/api/v1/admin/leaders/${leaderId}/pickup-points`, { name: '新点', address: '测试路2号', lat: 28.2, lng: 112.9 }],
      ['PATCH', `/api/v1/admin/pickup-points/${pointId}`, { name: '改名' }],
      ['POST', '/api/v1/admin/suppliers', { name: '新供应商', phone: nextPhone() }],
      ['PATCH', `/api/v1/admin/suppliers/${world.supplierId}`, { name: '改名' }],
      ['POST', '/api/v1/admin/carriers', { name: '新物流', phone: nextPhone(), rateCard: { perTripFen: 0, perStopFen: 0, zones: [] } }],
      ['PATCH', `/api/v1/admin/carriers/${carrierId}`, { name: '改名' }],
    ];
    for (const [method, url, body] of writes) expect(await status(method, url, finance, body), `${method} ${url}`).toBe(403);
    const leaders = await t.request('GET', '/api/v1/admin/leaders', { token: admin });
    expect(leaders.body.total).toBe(2);
    expect(leaders.body.items.map((l: { name: string }) => l.name)).not.toContain('改名');
  });

  it('every staff role reads the directories; other principals do not', async () => {
    const urls = [
      '/api/v1/admin/leaders',
      '/api/v1/admin/pickup-points',
      '/api/v1/admin/suppliers',
      '/api/v1/admin/carriers',
      '/api/v1/admin/warehouses',
      '/api/v1/admin/vehicle-types',
    ];
    for (const url of urls) {
      for (const token of [admin, support, merchandiser, dispatcher, finance]) expect(await status('GET', url, token), url).toBe(200);
      expect(await status('GET', url, leader), url).toBe(403);
      expect((await t.request('GET', url)).status, url).toBe(401);
    }
  });
});
