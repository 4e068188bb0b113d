import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../src/modules/identity/identity.service.ts';
import { placeOrder } from '../src/modules/ordering/ordering.service.ts';
import { payOrder } from '../src/modules/ordering/order-payment.ts';
import { createOpenCampaign, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

const DELIVERY_DATE = '2026-11-21';

let t: TestApp;
let w: World;
let staff: string;
let warehouseId: string;
let point: string;
beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z');
  // One pickup point with goods of all three classes: SKU 0 ambient, SKU 1 chilled, SKU 2 frozen (800 ml a unit).
  w = await createWorld(t.ctx, { skus: 3, leaders: 1, residents: 1 });
  point = w.leaders[0]!.pickupPointId;
  const product = await t.ctx.db.selectFrom('products').selectAll().where('id', '=', w.productId).executeTakeFirstOrThrow();
  for (const [i, cls] of [
    [1, 'chilled'],
    [2, 'frozen'],
  ] as const) {
    await t.ctx.db
      .insertInto('products')
      .values({ ...product, id: `${product.id}${cls}`, temperature_class: cls } as never)
      .execute();
    await t.ctx.db
      .updateTable('skus')
      .set({ product_id: `${product.id}${cls}` })
      .where('id', '=', w.skuIds[i]!)
      .execute();
  }
  const c = await createOpenCampaign(t.ctx, w, { pickupDate: DELIVERY_DATE });
  const resident: Principal = { kind: 'resident', id: w.residents[0]!.id, operatorId: w.operatorId, sessionId: 'test', roles: [] };
  // 4 L ambient, 8 L chilled, 4 L frozen
  const placed = await placeOrder(t.ctx, resident, {
    pickupPointId: point,
    lines: [
      { campaignLineId: c.lineIds[0]!, quantity: 5 },
      { campaignLineId: c.lineIds[1]!, quantity: 10 },
      { campaignLineId: c.lineIds[2]!, quantity: 5 },
    ],
  });
  await payOrder(t.ctx, resident, placed.id, 'instant');
  staff = await t.login('staff', w.adminPhone);
  warehouseId = (await post('/api/v1/admin/warehouses', { name: '雨花仓', address: '长沙市雨花区', lat: 28.19, lng: 112.96 })).body.id;
});
afterAll(() => t.close());

const post = (url: string, body: unknown) => t.request('POST', url, { token: staff, body });
const patch = (url: string, body: unknown) => t.request('PATCH', url, { token: staff, body });
const vehicleTypeRows = () => t.ctx.db.selectFrom('vehicle_types').selectAll().orderBy('id').execute();
const vehicle = (body: object) => ({
  capacityWeightKg: 1000,
  capacityVolumeL: 1000,
  capacityCrates: 50,
  costPerKmFen: 200,
  costPerTripFen: 5000,
  availableCount: 1,
  ...body,
});
const planDay = async () => {
  const res = await post('/api/v1/admin/route-plans', { warehouseId, deliveryDate: DELIVERY_DATE, maxIterations: 300 });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { routes: any[]; unserved: any[] };
};

let ambientVan: string;
let chilledVan: string;
let truck: string;

describe('vehicle types with compartments', () => {
  it('an old client sending one temperature class gets the whole volume at that class', async () => {
    const chilled = await post('/api/v1/admin/vehicle-types', vehicle({ name: '冷藏面包车', temperatureClass: 'chilled' }));
    expect(chilled.status, JSON.stringify(chilled.body)).toBe(201);
    expect(chilled.body).toMatchObject({ temperatureClass: 'chilled', compartments: { chilledL: 1000, frozenL: 0 } });
    chilledVan = chilled.body.id;
    const ambient = await post('/api/v1/admin/vehicle-types', vehicle({ name: '常温面包车', temperatureClass: 'ambient' }));
    expect(ambient.body).toMatchObject({ temperatureClass: 'ambient', compartments: { chilledL: 0, frozenL: 0 } });
    ambientVan = ambient.body.id;
    // its volume changed by an old client: the one compartment follows
    const bigger = await patch(`/api/v1/admin/vehicle-types/${chilledVan}`, { capacityVolumeL: 1200 });
    expect(bigger.body).toMatchObject({ capacityVolumeL: 1200, temperatureClass: 'chilled', compartments: { chilledL: 1200, frozenL: 0 } });
  });

  it('a truck with chilled and frozen compartments says frozen as its temperature class', async () => {
    const res = await post(
      '/api/v1/admin/vehicle-types',
      vehicle({ name: '双温区冷链车', compartments: { chilledL: 10, frozenL: 5 }, costPerTripFen: 20_000 }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ temperatureClass: 'frozen', compartments: { chilledL: 10, frozenL: 5 } });
    truck = res.body.id;
    const listed = (await t.request('GET', '/api/v1/admin/vehicle-types', { token: staff })).body.items as any[];
    expect(listed.find((v) => v.id === truck)).toMatchObject({ compartments: { chilledL: 10, frozenL: 5 } });
    const row = (await vehicleTypeRows()).find((r) => r.id === truck)!;
    expect([row.temperature_class, row.chilled_volume_l, row.frozen_volume_l]).toEqual(['frozen', 10, 5]);
  });

  it('refuses compartments that do not fit or contradict the class, with a stable code, and writes nothing', async () => {
    const before = await vehicleTypeRows();
    const cases: Array<[string, () => Promise<{ status: number; body: any }>, number, string]> = [
      [
        'above the volume',
        () => post('/api/v1/admin/vehicle-types', vehicle({ name: 'x', compartments: { chilledL: 600, frozenL: 500 } })),
        422,
        'COMPARTMENTS_EXCEED_VOLUME',
      ],
      [
        'negative',
        () => post('/api/v1/admin/vehicle-types', vehicle({ name: 'x', compartments: { chilledL: -1, frozenL: 0 } })),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'not the coldest',
        () =>
          post(
            '/api/v1/admin/vehicle-types',
            vehicle({ name: 'x', temperatureClass: 'chilled', compartments: { chilledL: 0, frozenL: 100 } }),
          ),
        422,
        'COMPARTMENTS_CLASS_MISMATCH',
      ],
      [
        'an edit above the volume',
        () => patch(`/api/v1/admin/vehicle-types/${truck}`, { compartments: { chilledL: 900, frozenL: 200 } }),
        422,
        'COMPARTMENTS_EXCEED_VOLUME',
      ],
      [
        'a volume below the compartments',
        () => patch(`/api/v1/admin/vehicle-types/${truck}`, { capacityVolumeL: 12, name: 'renamed' }),
        422,
        'COMPARTMENTS_EXCEED_VOLUME',
      ],
    ];
    for (const [name, send, status, code] of cases) {
      const res = await send();
      expect([name, res.status, res.body.code]).toEqual([name, status, code]);
    }
    expect(await vehicleTypeRows()).toEqual(before);
  });

  it('the API document declares the 422 of creating and editing a vehicle type', async () => {
    const doc = (await t.request('GET', '/api/docs/json')).body;
    expect(Object.keys(doc.paths['/api/v1/admin/vehicle-types'].post.responses)).toContain('422');
    expect(Object.keys(doc.paths['/api/v1/admin/vehicle-types/{id}'].patch.responses)).toContain('422');
  });
});

describe('planning with compartments', () => {
  it('single-class vans cannot take a point with frozen goods without insulated boxes', async () => {
    await patch(`/api/v1/admin/vehicle-types/${truck}`, { availableCount: 0 });
    const plan = await planDay();
    expect(plan.routes).toEqual([]);
    expect(plan.unserved).toEqual([expect.objectContaining({ pickupPointId: point, code: 'no_vehicle', goods: 'frozen' })]);
  });

  it('one compartment truck carries the ambient, chilled and frozen goods in one trip, each in its compartment', async () => {
    for (const id of [ambientVan, chilledVan]) await patch(`/api/v1/admin/vehicle-types/${id}`, { availableCount: 0 });
    await patch(`/api/v1/admin/vehicle-types/${truck}`, { availableCount: 1 });
    const plan = await planDay();
    expect(plan.unserved).toEqual([]);
    expect(plan.routes).toHaveLength(1);
    const [route] = plan.routes;
    expect(route).toMatchObject({ vehicleTypeId: truck, vehicleTemperature: 'frozen', compartments: { chilledL: 10, frozenL: 5 } });
    expect(route.stops.map((s: any) => [s.pickupPointId, s.goodsClasses, s.temperatureClasses])).toEqual([
      [point, null, ['ambient', 'chilled', 'frozen']],
    ]);
    expect(route.stowage).toEqual({
      placements: [
        { goods: 'frozen', place: 'frozen', volumeMl: 4000 },
        { goods: 'chilled', place: 'chilled', volumeMl: 8000 },
        { goods: 'ambient', place: 'ambient', volumeMl: 4000 },
      ],
      boxes: 0,
      unplaced: [],
      problems: [],
    });
    // the driver sees the same stowage on the route
    const listed = (await t.request('GET', `/api/v1/admin/routes?deliveryDate=${DELIVERY_DATE}`, { token: staff })).body.items as any[];
    expect(listed[0].stowage).toEqual(route.stowage);
  });

  it('publishing refuses a vehicle whose compartments the goods no longer fit', async () => {
    const route = (await t.request('GET', `/api/v1/admin/routes?deliveryDate=${DELIVERY_DATE}`, { token: staff })).body.items[0];
    const driver = await post('/api/v1/admin/drivers', { name: '王师傅', phone: '13600001234' });
    // 4 L of frozen goods, a 3 L freezer compartment
    await patch(`/api/v1/admin/vehicle-types/${truck}`, { compartments: { chilledL: 10, frozenL: 3 } });
    const refused = await post(`/api/v1/admin/routes/${route.id}/publish`, { driverId: driver.body.id });
    expect(refused.status, JSON.stringify(refused.body)).toBe(409);
    expect(refused.body.details.problemCodes).toEqual(['temperature']);
    expect(refused.body.details.problems[0]).toMatch(/1 L of frozen goods find no room cold enough/);
    // and the route says so
    const shown = (await t.request('GET', `/api/v1/admin/routes/${route.id}`, { token: staff })).body;
    expect(shown.stowage.unplaced).toEqual([{ goods: 'frozen', volumeMl: 1000, problem: 'temperature' }]);
    // on a whole chilled van the frozen goods cannot go at all
    await patch(`/api/v1/admin/vehicle-types/${chilledVan}`, { availableCount: 1 });
    const van = await post(`/api/v1/admin/routes/${route.id}/publish`, { driverId: driver.body.id, vehicleTypeId: chilledVan });
    expect([van.status, van.body.details.problemCodes]).toEqual([409, ['temperature']]);
  });

  it('plans within the compartments, not the whole volume: frozen goods beyond the freezer compartment wait', async () => {
    await patch(`/api/v1/admin/vehicle-types/${chilledVan}`, { availableCount: 0 });
    const plan = await planDay();
    expect(plan.routes).toEqual([]);
    expect(plan.unserved).toEqual([expect.objectContaining({ pickupPointId: point, goods: 'frozen' })]);
    // chilled goods also take the room left in the freezer: 7 L chilled and 5 L frozen hold 8 L chilled and 4 L frozen
    await patch(`/api/v1/admin/vehicle-types/${truck}`, { compartments: { chilledL: 7, frozenL: 5 } });
    const fits = await planDay();
    expect(fits.unserved).toEqual([]);
    expect(fits.routes[0].stowage.placements).toEqual([
      { goods: 'frozen', place: 'frozen', volumeMl: 4000 },
      { goods: 'chilled', place: 'chilled', volumeMl: 7000 },
      { goods: 'chilled', place: 'frozen', volumeMl: 1000 },
      { goods: 'ambient', place: 'ambient', volumeMl: 4000 },
    ]);
  });
});
