import type { admin, leader } from '@linli/contracts';
import type { Selectable } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { containing } from '../../platform/db/like.ts';
import { emptyPage, fetchPage, type Page } from '../../platform/db/paging.ts';
import type { LeadersTable, PickupPointsTable } from '../../platform/db/schema.ts';
import { AppError, found } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { maskPhone, revokeSessionsOf } from '../identity/index.ts';

/**
 * What logistics decides about warehouses, handed in by the caller (the routes, the
 * applications desk): leader sits below logistics, which reads pickup points, so it cannot ask
 * logistics itself. Required where a warehouse may be named, so no caller can skip the check.
 */
export interface WarehouseRules {
  /** The warehouse id if staff may assign a point to it, else NOT_FOUND or WAREHOUSE_INACTIVE. */
  assignable(db: Executor, operatorId: string, warehouseId: string): Promise<string>;
  /** The points a warehouse serves (assigned to it, or by the delivery settings' rule). */
  pointsOf(db: Executor, operatorId: string, warehouseId: string): Promise<Set<string>>;
}

/** A leader as staff see them, with their pickup points (the routes add the orders still to serve there). */
export type LeaderWithPoints = Omit<admin.LeaderWithPickupPoints, 'ordersToServe'>;

/** A leader as staff see them: the phone masked (the reveal endpoint shows it, and logs the look). */
const toLeader = (r: Selectable<LeadersTable>): admin.Leader => ({
  id: r.id,
  phone: maskPhone(r.phone),
  name: r.name,
  status: r.status,
  level: r.level,
  createdAt: r.created_at.toISOString(),
});

const toPickupPoint = (r: Selectable<PickupPointsTable>): admin.PickupPoint => ({
  id: r.id,
  leaderId: r.leader_id,
  name: r.name,
  address: r.address,
  lat: r.lat,
  lng: r.lng,
  openingHours: r.opening_hours,
  status: r.status,
  createdAt: r.created_at.toISOString(),
  warehouseId: r.warehouse_id,
  deliveryFrom: r.delivery_from,
  deliveryUntil: r.delivery_until,
});

/** A delivery window must open before it closes (times of day as HH:MM compare as text). */
function assertDeliveryWindow(from: string | null | undefined, until: string | null | undefined): void {
  if (from && until && from >= until) {
    throw new AppError('VALIDATION_FAILED', 'deliveries must start before they end', { field: 'deliveryUntil' });
  }
}

export interface LeaderFilter {
  page: number;
  pageSize: number;
  status?: 'active' | 'suspended' | undefined;
  name?: string | undefined;
  /** The phone's last digits (up to 4): a longer search would find the digits the mask hides. */
  phone?: string | undefined;
}

/** The operator's leaders by name, filtered by status, part of the name or the end of the phone. */
export async function listLeaders(db: Executor, operatorId: string, filter: LeaderFilter): Promise<Page<admin.Leader>> {
  let base = db.selectFrom('leaders').where('operator_id', '=', operatorId);
  if (filter.status) base = base.where('status', '=', filter.status);
  if (filter.name) base = base.where('name', 'ilike', containing(filter.name));
  if (filter.phone) base = base.where('phone', 'like', `%${filter.phone.replace(/\D/g, '').slice(-4)}`);
  const listed = await fetchPage(filter, base.selectAll().orderBy('name').orderBy('id'), base);
  return { ...listed, items: listed.items.map(toLeader) };
}

async function leaderRow(db: Executor, operatorId: string, id: string) {
  return found(
    await db.selectFrom('leaders').selectAll().where('operator_id', '=', operatorId).where('id', '=', id).executeTakeFirst(),
    'leader',
  );
}

async function pickupPointsOf(db: Executor, operatorId: string, leaderId: string) {
  const rows = await db
    .selectFrom('pickup_points')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('leader_id', '=', leaderId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toPickupPoint);
}

/** One leader of the operator with their pickup points, or NOT_FOUND. */
export async function getLeader(db: Executor, operatorId: string, id: string): Promise<LeaderWithPoints> {
  const row = await leaderRow(db, operatorId, id);
  const pickupPoints = await pickupPointsOf(db, operatorId, id);
  return { ...toLeader(row), pickupPoints };
}

/** A leader's own profile and pickup points (the leader audience: their own phone in full). */
export async function leaderProfile(db: Executor, operatorId: string, leaderId: string): Promise<leader.LeaderProfile> {
  const row = await leaderRow(db, operatorId, leaderId);
  const pickupPoints = await pickupPointsOf(db, operatorId, leaderId);
  return {
    ...toLeader(row),
    phone: row.phone,
    pickupPoints: pickupPoints.map(({ leaderId: _, createdAt: __, ...point }) => point),
  };
}

/** Which of `ids` are leaders of the operator. */
export async function existingLeaderIds(db: Executor, operatorId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('leaders')
    .select('id')
    .where('operator_id', '=', operatorId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Registers an active leader; the phone is their login, unique within the operator (CONFLICT). */
export async function createLeader(ctx: AppContext, operatorId: string, input: admin.CreateLeader): Promise<admin.Leader> {
  const row = await ctx.db
    .insertInto('leaders')
    .values({
      id: newId('ldr'),
      operator_id: operatorId,
      phone: input.phone,
      name: input.name,
      status: 'active',
      level: input.level ?? 1,
      created_at: ctx.clock.now(),
    })
    .onConflict((oc) => oc.columns(['operator_id', 'phone']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError('CONFLICT', 'a leader with this phone already exists', { field: 'phone' });
  return toLeader(row);
}

/**
 * Renames a leader, changes their level, or suspends them: a suspended leader cannot log in, and
 * their pickup points take no new orders (residents no longer find them) until they are
 * reinstated. Ordering keeps the points residents order to for a moment: the caller tells it to
 * forget them when the status changes.
 */
export async function updateLeader(ctx: AppContext, operatorId: string, id: string, patch: admin.UpdateLeader): Promise<LeaderWithPoints> {
  const current = await leaderRow(ctx.db, operatorId, id);
  const changes = {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.status !== undefined ? { status: patch.status } : {}),
    ...(patch.level !== undefined ? { level: patch.level } : {}),
  };
  if (Object.keys(changes).length === 0) return getLeader(ctx.db, operatorId, id);
  await ctx.db.updateTable('leaders').set(changes).where('operator_id', '=', operatorId).where('id', '=', id).execute();
  if (patch.status === 'suspended' && current.status !== 'suspended') {
    await revokeSessionsOf(ctx.db, ctx.clock.now(), operatorId, 'leader', id);
  }
  return getLeader(ctx.db, operatorId, id);
}

export interface PickupPointFilter {
  page: number;
  pageSize: number;
  leaderId?: string | undefined;
  status?: 'open' | 'closed' | undefined;
  /** The points this warehouse serves. */
  warehouseId?: string | undefined;
}

/** The operator's pickup points by name, filtered by leader, status and the warehouse serving them. */
export async function listPickupPoints(
  db: Executor,
  operatorId: string,
  filter: PickupPointFilter,
  warehouses: WarehouseRules,
): Promise<Page<admin.PickupPoint>> {
  let base = db.selectFrom('pickup_points').where('operator_id', '=', operatorId);
  if (filter.leaderId) base = base.where('leader_id', '=', filter.leaderId);
  if (filter.status) base = base.where('status', '=', filter.status);
  if (filter.warehouseId) {
    const served = [...(await warehouses.pointsOf(db, operatorId, filter.warehouseId))];
    if (served.length === 0) return emptyPage(filter);
    base = base.where('id', 'in', served);
  }
  const listed = await fetchPage(filter, base.selectAll().orderBy('name').orderBy('id'), base);
  return { ...listed, items: listed.items.map(toPickupPoint) };
}

/**
 * Opens a pickup point (自提点) run by one of the operator's leaders. A point that names its
 * warehouse needs logistics' rules to check it; one that does not is served by the delivery
 * settings' rule.
 */
export async function createPickupPoint(
  ctx: AppContext,
  operatorId: string,
  leaderId: string,
  input: admin.CreatePickupPoint & { warehouseId?: undefined },
): Promise<admin.PickupPoint>;
export async function createPickupPoint(
  ctx: AppContext,
  operatorId: string,
  leaderId: string,
  input: admin.CreatePickupPoint,
  warehouses: WarehouseRules,
): Promise<admin.PickupPoint>;
export async function createPickupPoint(
  ctx: AppContext,
  operatorId: string,
  leaderId: string,
  input: admin.CreatePickupPoint,
  warehouses?: WarehouseRules,
): Promise<admin.PickupPoint> {
  await leaderRow(ctx.db, operatorId, leaderId);
  assertDeliveryWindow(input.deliveryFrom, input.deliveryUntil);
  const warehouseId = input.warehouseId && warehouses ? await warehouses.assignable(ctx.db, operatorId, input.warehouseId) : null;
  const row = await ctx.db
    .insertInto('pickup_points')
    .values({
      id: newId('pp'),
      operator_id: operatorId,
      leader_id: leaderId,
      name: input.name,
      address: input.address,
      lat: input.lat,
      lng: input.lng,
      opening_hours: input.openingHours ?? '',
      status: 'open',
      created_at: ctx.clock.now(),
      warehouse_id: warehouseId,
      delivery_from: input.deliveryFrom ?? null,
      delivery_until: input.deliveryUntil ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPickupPoint(row);
}

/**
 * Edits a pickup point, or closes it (residents can no longer choose it or order to it), or
 * assigns it to a warehouse (an active one of the operator's; null hands it back to the delivery
 * settings' rule). The warehouse is checked before anything is written.
 */
export async function updatePickupPoint(
  ctx: AppContext,
  operatorId: string,
  id: string,
  patch: admin.UpdatePickupPoint,
  warehouses: WarehouseRules,
): Promise<admin.PickupPoint> {
  if (patch.warehouseId) await warehouses.assignable(ctx.db, operatorId, patch.warehouseId);
  if (patch.deliveryFrom !== undefined || patch.deliveryUntil !== undefined) {
    const current = found(
      await ctx.db
        .selectFrom('pickup_points')
        .select(['delivery_from', 'delivery_until'])
        .where('operator_id', '=', operatorId)
        .where('id', '=', id)
        .executeTakeFirst(),
      'pickup point',
    );
    assertDeliveryWindow(
      patch.deliveryFrom === undefined ? current.delivery_from : patch.deliveryFrom,
      patch.deliveryUntil === undefined ? current.delivery_until : patch.deliveryUntil,
    );
  }
  const changes = {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.address !== undefined ? { address: patch.address } : {}),
    ...(patch.lat !== undefined ? { lat: patch.lat } : {}),
    ...(patch.lng !== undefined ? { lng: patch.lng } : {}),
    ...(patch.openingHours !== undefined ? { opening_hours: patch.openingHours } : {}),
    ...(patch.status !== undefined ? { status: patch.status } : {}),
    ...(patch.warehouseId !== undefined ? { warehouse_id: patch.warehouseId } : {}),
    ...(patch.deliveryFrom !== undefined ? { delivery_from: patch.deliveryFrom } : {}),
    ...(patch.deliveryUntil !== undefined ? { delivery_until: patch.deliveryUntil } : {}),
  };
  const query = ctx.db.selectFrom('pickup_points').selectAll().where('operator_id', '=', operatorId).where('id', '=', id);
  if (Object.keys(changes).length === 0) return toPickupPoint(found(await query.executeTakeFirst(), 'pickup point'));
  const row = await ctx.db
    .updateTable('pickup_points')
    .set(changes)
    .where('operator_id', '=', operatorId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return toPickupPoint(found(row, 'pickup point'));
}

/**
 * Opens or closes one of the operator's pickup points, as another module decides (training
 * holds a newly approved leader's point closed until their required courses are done, then
 * opens it). Returns whether the status changed. A closed point was never cached by ordering,
 * so opening it needs no forgetting.
 */
export async function setPickupPointStatus(db: Executor, operatorId: string, pointId: string, status: 'open' | 'closed'): Promise<boolean> {
  const changed = await db
    .updateTable('pickup_points')
    .set({ status })
    .where('operator_id', '=', operatorId)
    .where('id', '=', pointId)
    .where('status', '!=', status)
    .executeTakeFirst();
  return Number(changed.numUpdatedRows) > 0;
}

/**
 * Closes every open pickup point of a leader to new orders, in the caller's transaction, for a
 * leader's removal or leave; returns the ids closed. Orders already placed there keep their point
 * and are still delivered and handed out there: closing stops only new orders and new members.
 */
export async function closePickupPointsOfLeader(trx: Tx, operatorId: string, leaderId: string): Promise<string[]> {
  const rows = await trx
    .updateTable('pickup_points')
    .set({ status: 'closed' })
    .where('operator_id', '=', operatorId)
    .where('leader_id', '=', leaderId)
    .where('status', '=', 'open')
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Suspends a leader in the caller's transaction (a removal completed): they can no longer log in. */
export async function suspendLeaderIn(trx: Tx, now: Date, operatorId: string, leaderId: string): Promise<void> {
  const changed = await trx
    .updateTable('leaders')
    .set({ status: 'suspended' })
    .where('operator_id', '=', operatorId)
    .where('id', '=', leaderId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (Number(changed.numUpdatedRows) > 0) await revokeSessionsOf(trx, now, operatorId, 'leader', leaderId);
}
