import type { logistics } from '@linli/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { Executor } from '../../platform/db/database.ts';
import { AppError, found } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { pickupPointsByIds } from '../leader/index.ts';
import { warehouseRow } from './fleet.service.ts';
import type { TemperatureClass } from '../../platform/db/schema.ts';
import type { PlanningLine } from './standing-lines.rules.ts';

type Line = z.infer<typeof logistics.StandingLine>;

/** The standing lines of a warehouse with their points in order, by name. */
export async function listLines(db: Executor, operatorId: string, warehouseId: string): Promise<{ items: Line[] }> {
  const lines = await db
    .selectFrom('standing_lines as l')
    .innerJoin('vehicle_types as v', 'v.id', 'l.vehicle_type_id')
    .leftJoin('drivers as d', 'd.id', 'l.driver_id')
    .select([
      'l.id',
      'l.warehouse_id',
      'l.name',
      'l.vehicle_type_id',
      'v.name as vehicle_type_name',
      'l.driver_id',
      'd.name as driver_name',
    ])
    .select('l.updated_at')
    .where('l.operator_id', '=', operatorId)
    .where('l.warehouse_id', '=', warehouseId)
    .orderBy('l.name')
    .execute();
  const points = lines.length
    ? await db
        .selectFrom('standing_line_points')
        .select(['line_id', 'pickup_point_id', 'seq', 'goods_class'])
        .where(
          'line_id',
          'in',
          lines.map((l) => l.id),
        )
        .orderBy('line_id')
        .orderBy('seq')
        .execute()
    : [];
  const names = await pickupPointsByIds(
    db,
    operatorId,
    points.map((p) => p.pickup_point_id),
  );
  return {
    items: lines.map((l) => ({
      id: l.id,
      warehouseId: l.warehouse_id,
      name: l.name,
      vehicleTypeId: l.vehicle_type_id,
      vehicleTypeName: l.vehicle_type_name,
      driverId: l.driver_id,
      driverName: l.driver_name,
      points: points
        .filter((p) => p.line_id === l.id)
        .map((p) => ({
          pickupPointId: p.pickup_point_id,
          name: names.get(p.pickup_point_id)!.name,
          seq: p.seq,
          goodsClass: p.goods_class,
        })),
      updatedAt: l.updated_at.toISOString(),
    })),
  };
}

/** The lines planning keeps points on: each with its vehicle type and points. */
export async function planningLines(db: Executor, operatorId: string, warehouseId: string): Promise<PlanningLine[]> {
  const { items } = await listLines(db, operatorId, warehouseId);
  return items.map((l) => ({
    id: l.id,
    name: l.name,
    vehicleTypeId: l.vehicleTypeId,
    points: l.points.map((p) => ({ pickupPointId: p.pickupPointId, goodsClass: p.goodsClass })),
  }));
}

/**
 * Makes a date's routes of a warehouse its standing lines: one line per vehicle (all its trips,
 * in driving order), with the vehicle's type and the driver its routes were published to. A
 * vehicle whose routes were already a line's updates that line (its name and, where no route has
 * a driver yet, its driver stay); the warehouse's other lines are removed. A point delivered in one
 * drop per temperature class is on each drop's vehicle's line for that class (the first, when two
 * vehicles carry one class). The routes then belong to their lines.
 */
export async function saveLinesFromRoutes(ctx: AppContext, operatorId: string, input: z.infer<typeof logistics.SaveStandingLines>) {
  await warehouseRow(ctx.db, operatorId, input.warehouseId);
  await ctx.db.transaction().execute(async (trx) => {
    // One save at a time per warehouse (plans take the same lock).
    await trx.selectFrom('warehouses').select('id').where('id', '=', input.warehouseId).forUpdate().execute();
    const rows = await trx
      .selectFrom('delivery_routes as r')
      .innerJoin('route_stops as s', 's.route_id', 'r.id')
      .select([
        'r.id',
        'r.vehicle_no',
        'r.route_no',
        'r.trip_no',
        'r.vehicle_type_id',
        'r.driver_id',
        'r.standing_line_id',
        's.pickup_point_id',
        's.goods_classes',
      ])
      .where('r.operator_id', '=', operatorId)
      .where('r.warehouse_id', '=', input.warehouseId)
      .where('r.delivery_date', '=', input.deliveryDate)
      .where('r.status', '!=', 'cancelled')
      .orderBy('r.vehicle_no')
      .orderBy('r.route_no')
      .orderBy('r.trip_no')
      .orderBy('s.seq')
      .execute();
    if (rows.length === 0) throw new AppError('INVALID_STATE', 'this warehouse has no routes with stops on that date to save as lines');
    const vehicles = new Map<string, typeof rows>();
    for (const r of rows) {
      const key = r.vehicle_no === null ? r.id : `#${r.vehicle_no}`;
      vehicles.set(key, [...(vehicles.get(key) ?? []), r]);
    }
    const existing = await trx
      .selectFrom('standing_lines')
      .select(['id', 'name', 'driver_id'])
      .where('operator_id', '=', operatorId)
      .where('warehouse_id', '=', input.warehouseId)
      .execute();
    const byId = new Map(existing.map((l) => [l.id, l]));
    const kept = new Set<string>();
    const names = new Set(existing.map((l) => l.name));
    let next = 1;
    const freshName = () => {
      while (names.has(`L${String(next).padStart(2, '0')}`)) next++;
      const name = `L${String(next).padStart(2, '0')}`;
      names.add(name);
      return name;
    };
    const now = ctx.clock.now();
    // A point's goods on this date's routes go on the lines: all of them, or one class per drop.
    // Its rows on any line (another warehouse's too) are replaced.
    const involved = [...new Set(rows.map((r) => r.pickup_point_id))];
    await trx.deleteFrom('standing_line_points').where('operator_id', '=', operatorId).where('pickup_point_id', 'in', involved).execute();
    const placed = new Set<string>();
    const lineOfRoute = new Map<string, string>();
    for (const trips of vehicles.values()) {
      const previous = trips.map((t) => t.standing_line_id).find((id) => id !== null && byId.has(id) && !kept.has(id));
      const driverId = trips.find((t) => t.driver_id !== null)?.driver_id ?? (previous ? byId.get(previous)!.driver_id : null);
      let lineId: string;
      if (previous) {
        lineId = previous;
        await trx
          .updateTable('standing_lines')
          .set({ vehicle_type_id: trips[0]!.vehicle_type_id, driver_id: driverId, updated_at: now })
          .where('id', '=', lineId)
          .execute();
        await trx.deleteFrom('standing_line_points').where('line_id', '=', lineId).execute();
      } else {
        lineId = newId('lin');
        await trx
          .insertInto('standing_lines')
          .values({
            id: lineId,
            operator_id: operatorId,
            warehouse_id: input.warehouseId,
            name: freshName(),
            vehicle_type_id: trips[0]!.vehicle_type_id,
            driver_id: driverId,
            created_at: now,
            updated_at: now,
          })
          .execute();
      }
      kept.add(lineId);
      for (const t of trips) lineOfRoute.set(t.id, lineId);
      const entries: Array<{ point: string; goodsClass: TemperatureClass | null }> = [];
      for (const t of trips) {
        for (const goodsClass of t.goods_classes ?? [null]) {
          const key = `${t.pickup_point_id}|${goodsClass ?? '*'}`;
          if (placed.has(key)) continue;
          placed.add(key);
          entries.push({ point: t.pickup_point_id, goodsClass });
        }
      }
      if (entries.length) {
        await trx
          .insertInto('standing_line_points')
          .values(
            entries.map((e, i) => ({
              operator_id: operatorId,
              pickup_point_id: e.point,
              line_id: lineId,
              seq: i + 1,
              goods_class: e.goodsClass,
            })),
          )
          .execute();
      }
    }
    const dropped = existing.filter((l) => !kept.has(l.id)).map((l) => l.id);
    if (dropped.length) await trx.deleteFrom('standing_lines').where('id', 'in', dropped).execute();
    for (const [routeId, lineId] of lineOfRoute) {
      await trx.updateTable('delivery_routes').set({ standing_line_id: lineId }).where('id', '=', routeId).execute();
    }
  });
  return listLines(ctx.db, operatorId, input.warehouseId);
}

async function lineRow(db: Executor, operatorId: string, id: string) {
  return found(
    await db.selectFrom('standing_lines').selectAll().where('operator_id', '=', operatorId).where('id', '=', id).executeTakeFirst(),
    'standing line',
  );
}

/** Renames a line or gives it another driver (null: none). */
export async function updateLine(ctx: AppContext, operatorId: string, id: string, patch: z.infer<typeof logistics.UpdateStandingLine>) {
  const line = await lineRow(ctx.db, operatorId, id);
  if (patch.driverId) {
    const driver = found(
      await ctx.db
        .selectFrom('drivers')
        .select(['id', 'active'])
        .where('operator_id', '=', operatorId)
        .where('id', '=', patch.driverId)
        .executeTakeFirst(),
      'driver',
    );
    if (!driver.active) throw new AppError('INVALID_STATE', 'this driver is deactivated', { field: 'driverId' });
  }
  if (patch.name !== undefined && patch.name !== line.name) {
    const taken = await ctx.db
      .selectFrom('standing_lines')
      .select('id')
      .where('operator_id', '=', operatorId)
      .where('warehouse_id', '=', line.warehouse_id)
      .where('name', '=', patch.name)
      .executeTakeFirst();
    if (taken) throw new AppError('CONFLICT', 'another line of this warehouse has that name', { field: 'name' });
  }
  await ctx.db
    .updateTable('standing_lines')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.driverId !== undefined ? { driver_id: patch.driverId } : {}),
      updated_at: ctx.clock.now(),
    })
    .where('id', '=', id)
    .execute();
  const { items } = await listLines(ctx.db, operatorId, line.warehouse_id);
  return items.find((l) => l.id === id)!;
}

/** Removes a line: its points are planned freely again; routes that were its keep their stops. */
export async function deleteLine(ctx: AppContext, operatorId: string, id: string) {
  await lineRow(ctx.db, operatorId, id);
  await ctx.db.deleteFrom('standing_lines').where('id', '=', id).execute();
}
