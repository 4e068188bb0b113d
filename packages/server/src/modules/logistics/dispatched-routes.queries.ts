import type { Executor } from '../../platform/db/database.ts';

/** Routes past planning: their bundles are sorted and loaded, so their orders stay where they are. */
export const DISPATCHED_ROUTES = ['published', 'loading', 'in_transit', 'completed'] as const;

/** Whether a route past planning stops at one of these pickup points on this date. */
export async function routeLeftPlanning(
  db: Executor,
  operatorId: string,
  deliveryDate: string,
  pickupPointIds: readonly string[],
): Promise<boolean> {
  if (pickupPointIds.length === 0) return false;
  const routed = await db
    .selectFrom('route_stops as s')
    .innerJoin('delivery_routes as d', 'd.id', 's.route_id')
    .select('d.status')
    .where('s.operator_id', '=', operatorId)
    .where('s.delivery_date', '=', deliveryDate)
    .where('s.pickup_point_id', 'in', [...pickupPointIds])
    .where('d.status', 'in', [...DISPATCHED_ROUTES])
    .executeTakeFirst();
  return routed !== undefined;
}
