import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileComplaint } from '../src/modules/feedback/index.ts';
import { advanceOrders } from '../src/modules/ordering/index.ts';
import { AppError } from '../src/platform/errors.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { buildDay, type Day, DELIVERY_DATE, plan } from './logistics-fixtures.ts';
import { residentPrincipal } from './pickup-fixtures.ts';

/**
 * A complaint against a driver names the driver of the route that stopped at the order's pickup
 * point on its pickup date (a cancelled route, or one without a driver, names nobody).
 */
let t: TestApp;
let day: Day;

beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z');
  day = await buildDay(t);
  await plan(t, day);
  const ids = day.orders.map((o) => o.id);
  for (const step of ['allocated', 'delivered'] as const) {
    await t.ctx.db.transaction().execute((trx) => advanceOrders(t.ctx, trx, day.w.operatorId, ids, step));
  }
});
afterAll(() => t.close());

describe('a complaint against the driver', () => {
  it('names the driver of the route that stopped at the pickup point, and nobody when no route has a driver', async () => {
    const stop = await t.ctx.db
      .selectFrom('route_stops')
      .select(['route_id', 'pickup_point_id'])
      .where('delivery_date', '=', DELIVERY_DATE)
      .where('pickup_point_id', '=', day.points[1]!)
      .executeTakeFirstOrThrow();
    // Resident 2 ordered at the second point; before any driver is on its route, there is nobody to name.
    const resident = residentPrincipal(day.w, day.w.residents[2]!.id);
    const refused = await fileComplaint(t.ctx, resident, { orderId: day.orders[2]!.id, target: 'driver', description: '送货太晚' }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('INVALID_STATE');

    await t.ctx.db.updateTable('delivery_routes').set({ driver_id: day.drivers[0]!.id }).where('id', '=', stop.route_id).execute();
    const filed = await fileComplaint(t.ctx, resident, { orderId: day.orders[2]!.id, target: 'driver', description: '送货太晚' });
    expect(filed).toMatchObject({ target: 'driver', targetId: day.drivers[0]!.id, targetName: '王师傅', state: 'open' });

    // Someone else's order is not found, whatever its target.
    const other = residentPrincipal(day.w, day.w.residents[3]!.id);
    const notMine = await fileComplaint(t.ctx, other, { orderId: day.orders[2]!.id, target: 'leader', description: '不是我的订单' }).catch(
      (e: unknown) => e,
    );
    expect((notMine as AppError).code).toBe('NOT_FOUND');
  });
});
