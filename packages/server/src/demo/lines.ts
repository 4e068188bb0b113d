import type { AppContext } from '../context.ts';
import { saveLinesFromRoutes, updateLine } from '../modules/logistics/index.ts';

/**
 * The operator adopts the day's first plan as its standing lines (固定线路), one per vehicle of each
 * warehouse, and gives each line a driver from `drivers` in order; returns the lines' drivers.
 */
export async function adoptLines(
  ctx: AppContext,
  operatorId: string,
  deliveryDate: string,
  warehouseIds: readonly string[],
  drivers: readonly string[],
): Promise<{ lines: number; drivers: Set<string> }> {
  let lines = 0;
  const used = new Set<string>();
  for (const warehouseId of warehouseIds) {
    const saved = await saveLinesFromRoutes(ctx, operatorId, { warehouseId, deliveryDate });
    for (const line of saved.items) {
      const driverId = drivers[used.size];
      if (driverId === undefined) break;
      await updateLine(ctx, operatorId, line.id, { driverId });
      used.add(driverId);
    }
    lines += saved.items.length;
  }
  return { lines, drivers: used };
}

/**
 * Discards the day's unlocked draft routes of every warehouse, as each warehouse's next plan would
 * its own, so that all warehouses plan again from the whole fleet.
 */
export async function discardDrafts(ctx: AppContext, operatorId: string, deliveryDate: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const drafts = await trx
      .selectFrom('delivery_routes')
      .select('id')
      .where('operator_id', '=', operatorId)
      .where('delivery_date', '=', deliveryDate)
      .where('status', '=', 'draft')
      .where('locked', '=', false)
      .execute();
    if (drafts.length === 0) return;
    const ids = drafts.map((d) => d.id);
    await trx.deleteFrom('route_stops').where('route_id', 'in', ids).execute();
    await trx.deleteFrom('delivery_routes').where('id', 'in', ids).execute();
  });
}
