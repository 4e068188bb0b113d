import type { logistics } from '@linli/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { WarehouseAssignment } from '../../platform/db/schema.logistics.ts';
import type { InsulatedBoxes } from './logistics.rules.ts';
import { warehouseAssignment } from './warehouse.assignment.ts';

/** An operator starts without insulated boxes: cold goods go on vehicles of their class only. */
export const DEFAULT_BOXES: InsulatedBoxes = { enabled: false, boxesPerVehicle: 0, boxVolumeL: 60 };

/** The operator's rule for insulated boxes (the default until changed). */
export async function insulatedBoxes(db: Executor, operatorId: string): Promise<InsulatedBoxes> {
  const row = await db.selectFrom('delivery_settings').selectAll().where('operator_id', '=', operatorId).executeTakeFirst();
  if (!row) return { ...DEFAULT_BOXES };
  return { enabled: row.insulated_boxes, boxesPerVehicle: row.boxes_per_vehicle, boxVolumeL: row.box_volume_l };
}

/** What a plan counts for each point it serves off its standing line's vehicle, until the operator sets it: ¥20. */
export const DEFAULT_LINE_CHANGE_COST_FEN = 2000;

/** How plans treat drivers and lines: the change cost of a standing line, the drivers' break. */
export interface CrewRules {
  lineChangeCostFen: number;
  driverBreak: { minutes: number; fromMinutes: number; untilMinutes: number };
}

/** Drivers take no break in a plan until the operator sets one. */
export const DEFAULT_CREW: CrewRules = {
  lineChangeCostFen: DEFAULT_LINE_CHANGE_COST_FEN,
  driverBreak: { minutes: 0, fromMinutes: 180, untilMinutes: 240 },
};

export async function crewRules(db: Executor, operatorId: string): Promise<CrewRules> {
  const row = await db
    .selectFrom('delivery_settings')
    .select(['line_change_cost_fen', 'break_minutes', 'break_from_minutes', 'break_until_minutes'])
    .where('operator_id', '=', operatorId)
    .executeTakeFirst();
  if (!row) return structuredClone(DEFAULT_CREW);
  return {
    lineChangeCostFen: row.line_change_cost_fen,
    driverBreak: { minutes: row.break_minutes, fromMinutes: row.break_from_minutes, untilMinutes: row.break_until_minutes },
  };
}

const view = (b: InsulatedBoxes, assignment: WarehouseAssignment, crew: CrewRules): z.infer<typeof logistics.DeliverySettings> => ({
  insulatedBoxes: b.enabled,
  boxesPerVehicle: b.boxesPerVehicle,
  boxVolumeL: b.boxVolumeL,
  warehouseAssignment: assignment,
  ...crew,
});

export async function getDeliverySettings(db: Executor, operatorId: string) {
  const [boxes, assignment, crew] = await Promise.all([
    insulatedBoxes(db, operatorId),
    warehouseAssignment(db, operatorId),
    crewRules(db, operatorId),
  ]);
  return view(boxes, assignment, crew);
}

/**
 * Changes the box rule, how points without a warehouse are served, the standing lines' change cost
 * and the drivers' break; the next plan (and, for boxes, every later route edit) uses them.
 */
export async function updateDeliverySettings(ctx: AppContext, operatorId: string, patch: z.infer<typeof logistics.UpdateDeliverySettings>) {
  const [now, assignment, crew] = await Promise.all([
    insulatedBoxes(ctx.db, operatorId),
    warehouseAssignment(ctx.db, operatorId),
    crewRules(ctx.db, operatorId),
  ]);
  const next: InsulatedBoxes = {
    enabled: patch.insulatedBoxes ?? now.enabled,
    boxesPerVehicle: patch.boxesPerVehicle ?? now.boxesPerVehicle,
    boxVolumeL: patch.boxVolumeL ?? now.boxVolumeL,
  };
  const nextAssignment = patch.warehouseAssignment ?? assignment;
  const nextCrew: CrewRules = {
    lineChangeCostFen: patch.lineChangeCostFen ?? crew.lineChangeCostFen,
    driverBreak: patch.driverBreak ?? crew.driverBreak,
  };
  const values = {
    insulated_boxes: next.enabled,
    boxes_per_vehicle: next.boxesPerVehicle,
    box_volume_l: next.boxVolumeL,
    warehouse_assignment: nextAssignment,
    line_change_cost_fen: nextCrew.lineChangeCostFen,
    break_minutes: nextCrew.driverBreak.minutes,
    break_from_minutes: nextCrew.driverBreak.fromMinutes,
    break_until_minutes: nextCrew.driverBreak.untilMinutes,
    updated_at: ctx.clock.now(),
  };
  await ctx.db
    .insertInto('delivery_settings')
    .values({ operator_id: operatorId, ...values })
    .onConflict((oc) => oc.column('operator_id').doUpdateSet(values))
    .execute();
  return view(next, nextAssignment, nextCrew);
}
