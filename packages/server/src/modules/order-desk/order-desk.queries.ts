import type { Executor } from '../../platform/db/database.ts';
import type { OrderStatus } from '../../platform/db/schema.ts';
import { routeLeftPlanning } from '../logistics/index.ts';

/**
 * Why an order cannot move to another pickup point, or null when it can: it is sorted
 * (allocated or further on) or a route to its pickup point on its date has left planning.
 */
export async function moveBlocker(
  db: Executor,
  operatorId: string,
  order: { status: OrderStatus; pickup_point_id: string; pickup_date: string },
  pickupPointIds: readonly string[] = [order.pickup_point_id],
): Promise<{ code: 'ORDER_ALREADY_SORTED' | 'INVALID_STATE'; stage: string } | null> {
  if (['allocated', 'delivered', 'picked_up'].includes(order.status)) return { code: 'ORDER_ALREADY_SORTED', stage: order.status };
  if (order.status !== 'paid' && order.status !== 'pending_payment') return { code: 'INVALID_STATE', stage: order.status };
  const routed = await routeLeftPlanning(db, operatorId, order.pickup_date, pickupPointIds);
  return routed ? { code: 'ORDER_ALREADY_SORTED', stage: 'dispatched' } : null;
}
