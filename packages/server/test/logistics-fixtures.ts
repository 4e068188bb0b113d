import type { Principal } from '../src/modules/identity/identity.service.ts';
import { refundOrderLines } from '../src/modules/ordering/ordering.fulfilment.ts';
import { placeOrder } from '../src/modules/ordering/ordering.service.ts';
import { payOrder } from '../src/modules/ordering/order-payment.ts';
import { MINUTE } from '../src/platform/clock.ts';
import { createOpenCampaign, createWorld, nextPhone, type World } from './fixtures.ts';
import type { TestApp } from './harness.ts';

export const DELIVERY_DATE = '2026-11-21';

export interface Day {
  w: World;
  staff: string;
  warehouseId: string;
  vanId: string;
  truckId: string;
  carrierId: string;
  drivers: Array<{ id: string; token: string }>;
  /** Orders by resident index: id and line ids (per SKU index). */
  orders: Array<{ id: string; lineIds: string[] }>;
  points: string[];
}

async function order(t: TestApp, w: World, residentIndex: number, pickupPointId: string, lines: Array<[string, number]>) {
  const resident: Principal = {
    kind: 'resident',
    id: w.residents[residentIndex]!.id,
    operatorId: w.operatorId,
    sessionId: 'test',
    roles: [],
  };
  const placed = await placeOrder(t.ctx, resident, {
    pickupPointId,
    lines: lines.map(([campaignLineId, quantity]) => ({ campaignLineId, quantity })),
  });
  await payOrder(t.ctx, resident, placed.id, 'instant');
  t.clock.advance(MINUTE);
  return { id: placed.id, lineIds: placed.lines.map((l) => l.id) };
}

/**
 * A small delivery day: three pickup points with paid orders for the delivery date (one of them
 * partly refunded for a shortage), a warehouse, an own van type that takes two crates (so three
 * stops need two routes), a carrier's truck type, and two drivers logged in.
 */
export async function buildDay(t: TestApp): Promise<Day> {
  const w = await createWorld(t.ctx, { skus: 2, leaders: 3, residents: 4 });
  const c = await createOpenCampaign(t.ctx, w, { pickupDate: DELIVERY_DATE });
  const [sku0, sku1] = c.lineIds as [string, string];
  const points = w.leaders.map((l) => l.pickupPointId);
  const orders = [
    await order(t, w, 0, points[0]!, [[sku0, 3]]),
    await order(t, w, 1, points[0]!, [
      [sku0, 2],
      [sku1, 1],
    ]),
    await order(t, w, 2, points[1]!, [[sku1, 4]]),
    await order(t, w, 3, points[2]!, [[sku0, 1]]),
  ];
  await t.ctx.db.transaction().execute((trx) =>
    refundOrderLines(t.ctx, trx, {
      operatorId: w.operatorId,
      orderId: orders[0]!.id,
      lines: [{ orderLineId: orders[0]!.lineIds[0]!, quantity: 1 }],
      kind: 'shortage',
      blame: 'supplier',
      reason: 'short-shipped',
      sourceId: `test-shortage:${orders[0]!.id}`,
    }),
  );
  const staff = await t.login('staff', w.adminPhone);
  const post = async (url: string, body: unknown) => {
    const res = await t.request('POST', url, { token: staff, body });
    if (res.status !== 201) throw new Error(`${url}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };
  const warehouseId = await post('/api/v1/admin/warehouses', { name: '雨花仓', address: '长沙市雨花区', lat: 28.19, lng: 112.96 });
  const vanId = await post('/api/v1/admin/vehicle-types', {
    name: '面包车',
    capacityWeightKg: 500,
    capacityVolumeL: 2000,
    capacityCrates: 2,
    temperatureClass: 'ambient',
    costPerKmFen: 250,
    costPerTripFen: 3000,
    availableCount: 2,
  });
  const carrierId = await post('/api/v1/admin/carriers', {
    name: '顺路物流',
    phone: nextPhone(),
    rateCard: {
      perTripFen: 8000,
      perStopFen: 500,
      zones: [
        { uptoKm: 10, feeFen: 1000 },
        { uptoKm: 50, feeFen: 3000 },
      ],
    },
  });
  const truckId = await post('/api/v1/admin/vehicle-types', {
    name: '外包厢货',
    carrierId,
    capacityWeightKg: 1000,
    capacityVolumeL: 4000,
    capacityCrates: 10,
    temperatureClass: 'chilled',
    // expensive for the planner, so it plans on the own vans first
    costPerKmFen: 1000,
    costPerTripFen: 50_000,
    availableCount: 1,
  });
  const drivers = [];
  for (const name of ['王师傅', '李师傅']) {
    const phone = nextPhone();
    const id = await post('/api/v1/admin/drivers', { name, phone });
    drivers.push({ id, token: await t.login('driver', phone) });
  }
  return { w, staff, warehouseId, vanId, truckId, carrierId, drivers, orders, points };
}

/** Plans the day's routes with a small deterministic search budget. */
export async function plan(t: TestApp, day: Day) {
  const res = await t.request('POST', '/api/v1/admin/route-plans', {
    token: day.staff,
    body: { warehouseId: day.warehouseId, deliveryDate: DELIVERY_DATE, maxIterations: 300 },
  });
  if (res.status !== 200) throw new Error(`plan: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { routes: any[]; unserved: any[] };
}
