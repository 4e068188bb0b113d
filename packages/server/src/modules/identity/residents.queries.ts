import type { Executor } from '../../platform/db/database.ts';
import { maskPhone } from './identity.rules.ts';
import { type RawBuilder, sql } from 'kysely';

/** Residents' names and masked phones (138****1234), as a leader may see them, by id. */
export async function residentsSeenByLeader(
  db: Executor,
  operatorId: string,
  residentIds: readonly string[],
): Promise<Map<string, { name: string; phone: string }>> {
  const ids = [...new Set(residentIds)];
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('residents')
    .select(['id', 'name', 'phone'])
    .where('operator_id', '=', operatorId)
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, { name: r.name, phone: maskPhone(r.phone) }]));
}

/** Orders as a leader sees them: with the resident's name and masked phone. */
export async function withResidents<T extends { residentId: string }>(
  db: Executor,
  operatorId: string,
  orders: T[],
): Promise<Array<T & { residentName: string; residentPhone: string }>> {
  const residents = await residentsSeenByLeader(
    db,
    operatorId,
    orders.map((o) => o.residentId),
  );
  return orders.map((o) => {
    const r = residents.get(o.residentId);
    return { ...o, residentName: r?.name ?? '', residentPhone: r?.phone ?? '' };
  });
}

/** A resident's own account as their shop shows it: name, phone in full, and the pickup point they chose. */
export interface ResidentAccount {
  id: string;
  phone: string;
  name: string;
  pickupPointId: string | null;
}

/** The operator's resident, for their own screens; undefined for none. */
export async function residentAccount(db: Executor, operatorId: string, residentId: string): Promise<ResidentAccount | undefined> {
  return db
    .selectFrom('residents')
    .select(['id', 'phone', 'name', 'pickup_point_id as pickupPointId'])
    .where('operator_id', '=', operatorId)
    .where('id', '=', residentId)
    .executeTakeFirst();
}

/** Fragment: the pickup point a resident chose (one value, null for none), for checkout's one read of where an order goes. */
export function residentPickupPointId(residentId: string): RawBuilder<string | null> {
  return sql<string | null>`select pickup_point_id from residents where id = ${residentId}`;
}

/** The pickup points these residents chose, as SQL rows (resident_id, pickup_point_id), for a statement that reads the points with them. */
export function residentsPickupPointIds(
  residentIds: readonly string[],
): RawBuilder<{ resident_id: string; pickup_point_id: string | null }> {
  return sql`select id as resident_id, pickup_point_id from residents where id = any(${[...residentIds]}::text[])`;
}

/**
 * A resident's phone in full, or undefined for none of the operator's: for the resident's own use
 * (their leader application) and for a reveal the audit log records. Leaders see it masked
 * (`residentsSeenByLeader`).
 */
export async function residentPhone(db: Executor, operatorId: string, residentId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('residents')
    .select('phone')
    .where('operator_id', '=', operatorId)
    .where('id', '=', residentId)
    .executeTakeFirst();
  return row?.phone;
}

/**
 * The ids of the operator's residents with this phone in full, in id order: what a staff search
 * by phone finds. The caller audits the search (privacy's `logPhoneSearch`) in the same transaction.
 */
export async function residentIdsWithPhone(db: Executor, operatorId: string, phone: string): Promise<string[]> {
  const rows = await db
    .selectFrom('residents')
    .select('id')
    .where('operator_id', '=', operatorId)
    .where('phone', '=', phone)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** The pickup point each of these residents of the operator chose (null for none), by id; unknown ids are left out. */
export async function residentPickupPoints(
  db: Executor,
  operatorId: string,
  residentIds: readonly string[],
): Promise<Map<string, string | null>> {
  const ids = [...new Set(residentIds)];
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('residents')
    .select(['id', 'pickup_point_id'])
    .where('operator_id', '=', operatorId)
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.pickup_point_id]));
}

/** How many of these residents of the operator signed up at or after `since` (a play's new residents). */
export async function residentsSignedUpSince(
  db: Executor,
  operatorId: string,
  residentIds: readonly string[],
  since: Date,
): Promise<number> {
  if (residentIds.length === 0) return 0;
  const row = await db
    .selectFrom('residents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('operator_id', '=', operatorId)
    .where('id', 'in', [...new Set(residentIds)])
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
