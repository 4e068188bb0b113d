import type { Principal } from '../src/modules/identity/identity.service.ts';
import { advanceOrders } from '../src/modules/ordering/ordering.fulfilment.ts';
import { placeOrder } from '../src/modules/ordering/ordering.service.ts';
import { payOrder } from '../src/modules/ordering/order-payment.ts';
import type { World } from './fixtures.ts';
import type { TestApp } from './harness.ts';

/** A resident as services see them, without a login. */
export function residentPrincipal(world: World, residentId: string): Principal {
  return { kind: 'resident', id: residentId, operatorId: world.operatorId, sessionId: 'test', roles: [] };
}

/**
 * A paid order of a resident at their bound pickup point, moved along the fulfilment with
 * advanceOrders (to `delivered` unless told otherwise), as handover would.
 */
export async function fulfilledOrder(
  t: TestApp,
  world: World,
  residentId: string,
  lines: Array<[string, number]>,
  to: 'paid' | 'allocated' | 'delivered' = 'delivered',
) {
  const who = residentPrincipal(world, residentId);
  const order = await placeOrder(t.ctx, who, { lines: lines.map(([campaignLineId, quantity]) => ({ campaignLineId, quantity })) });
  await payOrder(t.ctx, who, order.id, 'instant');
  const steps = (['allocated', 'delivered'] as const).slice(0, to === 'paid' ? 0 : to === 'allocated' ? 1 : 2);
  for (const step of steps) await t.ctx.db.transaction().execute((trx) => advanceOrders(t.ctx, trx, world.operatorId, [order.id], step));
  return order;
}

/** The outbox events of a type for an aggregate, oldest first. */
export async function eventsOf(t: TestApp, type: string, aggregateId: string) {
  const rows = await t.ctx.db
    .selectFrom('outbox')
    .select('payload')
    .where('event_type', '=', type)
    .where('aggregate_id', '=', aggregateId)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.payload);
}
