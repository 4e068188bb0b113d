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

const view = (b: InsulatedBoxes, assignment: WarehouseAssignment): z.infer<typeof logistics.DeliverySettings> => ({
  insulatedBoxes: b.enabled,
  boxesPerVehicle: b.boxesPerVehicle,
  boxVolumeL: b.boxVolumeL,
  warehouseAssignment: assignment,
});

export async function getDeliverySettings(db: Executor, operatorId: string) {
  const [boxes, assignment] = await Promise.all([insulatedBoxes(db, operatorId), warehouseAssignment(db, operatorId)]);
  return view(boxes, assignment);
}

/** Changes the box rule and how points without a warehouse are served; the next plan and every later route edit use them. */
export async function updateDeliverySettings(ctx: AppContext, operatorId: string, patch: z.infer<typeof logistics.UpdateDeliverySettings>) {
  const [now, assignment] = await Promise.all([insulatedBoxes(ctx.db, operatorId), warehouseAssignment(ctx.db, operatorId)]);
  const next: InsulatedBoxes = {
    enabled: patch.insulatedBoxes ?? now.enabled,
    boxesPerVehicle: patch.boxesPerVehicle ?? now.boxesPerVehicle,
    boxVolumeL: patch.boxVolumeL ?? now.boxVolumeL,
  };
  const nextAssignment = patch.warehouseAssignment ?? assignment;
  const values = {
    insulated_boxes: next.enabled,
    boxes_per_vehicle: next.boxesPerVehicle,
    box_volume_l: next.boxVolumeL,
    warehouse_assignment: nextAssignment,
    updated_at: ctx.clock.now(),
  };
  await ctx.db
    .insertInto('delivery_settings')
    .values({ operator_id: operatorId, ...values })
    .onConflict((oc) => oc.column('operator_id').doUpdateSet(values))
    .execute();
  return view(next, nextAssignment);
}
