import type { Executor } from '../../platform/db/database.ts';

/** Records the pickup point a resident chose (the shop checks that it is open first). */
export async function setResidentPickupPoint(db: Executor, residentId: string, pickupPointId: string): Promise<void> {
  await db.updateTable('residents').set({ pickup_point_id: pickupPointId }).where('id', '=', residentId).execute();
}
