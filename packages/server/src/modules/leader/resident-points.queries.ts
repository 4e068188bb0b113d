import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';

/** A pickup point as residents choose and order to it: where, when open, whose, and whether it takes orders. */
export interface ResidentPickupPoint {
  id: string;
  leaderId: string;
  name: string;
  address: string;
  lat: number;
  lng: number;
  openingHours: string;
  leaderName: string;
  /** Open, and its leader active: a suspended leader's points can no longer take deliveries in. */
  takesOrders: boolean;
}

/**
 * The operator's pickup point `pointId` as residents see it, or undefined. `pointId` may be SQL
 * (the point a resident chose, from identity), so checkout reads it in one statement.
 */
export async function residentPickupPoint(
  db: Executor,
  operatorId: string,
  pointId: string | RawBuilder<string | null>,
): Promise<ResidentPickupPoint | undefined> {
  const found = await sql<ResidentPickupPoint>`
    select pp.id, pp.leader_id as "leaderId", pp.name, pp.address, pp.lat, pp.lng, pp.opening_hours as "openingHours",
           l.name as "leaderName", (pp.status = 'open' and l.status = 'active') as "takesOrders"
    from pickup_points pp join leaders l on l.id = pp.leader_id
    where pp.operator_id = ${operatorId} and pp.id = (${pointId})
  `.execute(db);
  return found.rows[0];
}

/**
 * The pickup points these residents order to, by resident (those who chose none are left out), in
 * one statement; `chosen` is identity's SQL for the residents' choices (residentsPickupPointIds).
 */
export async function residentsPickupPoints(
  db: Executor,
  operatorId: string,
  chosen: RawBuilder<{ resident_id: string; pickup_point_id: string | null }>,
): Promise<Map<string, ResidentPickupPoint>> {
  const found = await sql<ResidentPickupPoint & { residentId: string }>`
    select r.resident_id as "residentId", pp.id, pp.leader_id as "leaderId", pp.name, pp.address, pp.lat, pp.lng,
           pp.opening_hours as "openingHours", l.name as "leaderName", (pp.status = 'open' and l.status = 'active') as "takesOrders"
    from (${chosen}) r
    join pickup_points pp on pp.id = r.pickup_point_id and pp.operator_id = ${operatorId}
    join leaders l on l.id = pp.leader_id
  `.execute(db);
  return new Map(found.rows.map(({ residentId, ...point }) => [residentId, point]));
}

/** Great-circle distance in metres, in SQL, from a point to a pickup point's coordinates. */
function distanceSql(lat: number, lng: number) {
  return sql<number>`round(12742000 * asin(sqrt(
    power(sin(radians(pp.lat - ${lat}) / 2), 2) +
    cos(radians(${lat})) * cos(radians(pp.lat)) * power(sin(radians(pp.lng - ${lng}) / 2), 2))))::int`;
}

/** The operator's pickup points taking orders (open, of active leaders) nearest to a coordinate, nearest first. */
export async function pickupPointsNear(
  db: Executor,
  operatorId: string,
  at: { lat: number; lng: number },
  limit: number,
): Promise<Array<Omit<ResidentPickupPoint, 'takesOrders'> & { distanceMeters: number }>> {
  return db
    .selectFrom('pickup_points as pp')
    .innerJoin('leaders as l', 'l.id', 'pp.leader_id')
    .select([
      'pp.id',
      'pp.leader_id as leaderId',
      'pp.name',
      'pp.address',
      'pp.lat',
      'pp.lng',
      'pp.opening_hours as openingHours',
      'l.name as leaderName',
      distanceSql(at.lat, at.lng).as('distanceMeters'),
    ])
    .where('pp.operator_id', '=', operatorId)
    .where('pp.status', '=', 'open')
    .where('l.status', '=', 'active')
    .orderBy('distanceMeters')
    .limit(limit)
    .execute();
}
