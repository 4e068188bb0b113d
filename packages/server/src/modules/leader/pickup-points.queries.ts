import type { Executor } from '../../platform/db/database.ts';

/** A pickup point as other modules see it: where it is, whose it is, whether it takes orders. */
export interface PickupPointView {
  id: string;
  leaderId: string;
  name: string;
  address: string;
  lat: number;
  lng: number;
  status: 'open' | 'closed';
  /** The warehouse staff assigned it to; null: the operator's default, or the nearest. */
  warehouseId: string | null;
  /** Deliveries no earlier / no later than this time of day (HH:MM, operator time); null: any time. */
  deliveryFrom: string | null;
  deliveryUntil: string | null;
  /** When residents can pick up, as the leader wrote it (e.g. 08:00-20:00); may be empty. */
  openingHours: string;
}

function pickupPointsQuery(db: Executor, operatorId: string) {
  return db
    .selectFrom('pickup_points')
    .select([
      'id',
      'leader_id as leaderId',
      'name',
      'address',
      'lat',
      'lng',
      'status',
      'warehouse_id as warehouseId',
      'delivery_from as deliveryFrom',
      'delivery_until as deliveryUntil',
      'opening_hours as openingHours',
    ])
    .where('operator_id', '=', operatorId);
}

/** The operator's pickup points with these ids, by id (unknown ids are left out). */
export async function pickupPointsByIds(db: Executor, operatorId: string, ids: Iterable<string>): Promise<Map<string, PickupPointView>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const rows = await pickupPointsQuery(db, operatorId).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** Every pickup point of the operator (open and closed), by name. */
export async function pickupPointsOf(db: Executor, operatorId: string): Promise<PickupPointView[]> {
  return pickupPointsQuery(db, operatorId).orderBy('name').orderBy('id').execute();
}

/** The ids of a leader's pickup points (open and closed): what a leader's own screens are scoped to. */
export async function pickupPointIdsOfLeader(db: Executor, operatorId: string, leaderId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('pickup_points')
    .select('id')
    .where('operator_id', '=', operatorId)
    .where('leader_id', '=', leaderId)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}
