import type { Executor } from '../../platform/db/database.ts';
import type { WarehouseAssignment } from '../../platform/db/schema.logistics.ts';
import { AppError, found } from '../../platform/errors.ts';
import { pickupPointsByIds, pickupPointsOf } from '../leader/index.ts';

/**
 * Which warehouse serves a pickup point. A point staff assigned to an active warehouse is served
 * from it; any other point (none assigned, or its warehouse closed) from the operator's default
 * warehouse, its first active one by id, or, when the delivery settings say `nearest`, from the
 * nearest active warehouse as the crow flies. With no active warehouse a point has none (null).
 * Purchasing (demand per warehouse), shortage allocation, sorting and route planning all ask
 * here, so they agree on it.
 */

export interface Place {
  id: string;
  lat: number;
  lng: number;
}

/** The operator's rule for points without a warehouse of their own (the default until changed). */
export async function warehouseAssignment(db: Executor, operatorId: string): Promise<WarehouseAssignment> {
  const row = await db
    .selectFrom('delivery_settings')
    .select('warehouse_assignment')
    .where('operator_id', '=', operatorId)
    .executeTakeFirst();
  return row?.warehouse_assignment ?? 'fixed';
}

/** Great-circle distance in metres (enough to say which warehouse is nearer). */
export function straightLineM(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The rule itself: `active` are the operator's active warehouses in id order. The nearest wins
 * ties by id (the earlier in `active`), so the answer never depends on the order of the points.
 */
export function servingWarehouseOf(
  point: { lat: number; lng: number; warehouseId: string | null },
  active: readonly Place[],
  rule: WarehouseAssignment,
): string | null {
  if (point.warehouseId && active.some((w) => w.id === point.warehouseId)) return point.warehouseId;
  const first = active[0];
  if (!first || rule === 'fixed') return first?.id ?? null;
  let best = first;
  let bestM = straightLineM(point, first);
  for (const w of active.slice(1)) {
    const m = straightLineM(point, w);
    if (m < bestM) {
      best = w;
      bestM = m;
    }
  }
  return best.id;
}

/** The operator's active warehouses, in id order (the first is the default). */
export async function activeWarehouses(db: Executor, operatorId: string): Promise<Place[]> {
  return db
    .selectFrom('warehouses')
    .select(['id', 'lat', 'lng'])
    .where('operator_id', '=', operatorId)
    .where('active', '=', true)
    .orderBy('id')
    .execute();
}

/** The warehouse serving each of the operator's pickup points (those named, else all), null where there is none. */
export async function servingWarehouses(
  db: Executor,
  operatorId: string,
  pickupPointIds?: readonly string[],
): Promise<Map<string, string | null>> {
  if (pickupPointIds && pickupPointIds.length === 0) return new Map();
  const [points, active, rule] = await Promise.all([
    pickupPointIds ? pickupPointsByIds(db, operatorId, pickupPointIds).then((byId) => [...byId.values()]) : pickupPointsOf(db, operatorId),
    activeWarehouses(db, operatorId),
    warehouseAssignment(db, operatorId),
  ]);
  return new Map(points.map((p) => [p.id, servingWarehouseOf(p, active, rule)]));
}

/** The pickup points a warehouse serves (by the rule above). */
export async function pointsOfWarehouse(db: Executor, operatorId: string, warehouseId: string): Promise<Set<string>> {
  const serving = await servingWarehouses(db, operatorId);
  return new Set([...serving].filter(([, w]) => w === warehouseId).map(([p]) => p));
}

/** The operator's default warehouse (its first active one by id), or null while it has none. */
export async function defaultWarehouseId(db: Executor, operatorId: string): Promise<string | null> {
  return (await activeWarehouses(db, operatorId))[0]?.id ?? null;
}

/**
 * A warehouse staff may assign a pickup point to: one of the operator's, else NOT_FOUND (another
 * tenant's too), and active, else WAREHOUSE_INACTIVE.
 */
export async function assignableWarehouse(db: Executor, operatorId: string, warehouseId: string): Promise<string> {
  const row = found(
    await db
      .selectFrom('warehouses')
      .select(['id', 'active'])
      .where('operator_id', '=', operatorId)
      .where('id', '=', warehouseId)
      .executeTakeFirst(),
    'warehouse',
  );
  if (!row.active) throw new AppError('WAREHOUSE_INACTIVE', 'this warehouse is closed: choose an active one', { warehouseId });
  return row.id;
}
