import type { Executor, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { Principal } from './identity.service.ts';

/**
 * A resident's pickup point (their binding to a leader) changes in two ways only, and these are
 * identity's only writers of `residents.pickup_point_id`: the resident's own choice
 * (`bindOwnPickupPoint`, the resident's own session), and a leader's removal or leave
 * (`moveMembersOfPoint`, leader-transfer's confirmation). No leader or staff route moves someone
 * else's member otherwise, so a binding cannot be poached. `test/leader-transfer-binding.test.ts`
 * holds the code to this.
 */

/** Binds the resident signed in to a pickup point they chose (the shop checks that it is open first). */
export async function bindOwnPickupPoint(db: Executor, resident: Principal, pickupPointId: string): Promise<void> {
  if (resident.kind !== 'resident') throw new AppError('FORBIDDEN', 'only residents choose their own pickup point');
  await db
    .updateTable('residents')
    .set({ pickup_point_id: pickupPointId })
    .where('operator_id', '=', resident.operatorId)
    .where('id', '=', resident.id)
    .execute();
}

/**
 * Moves every member bound to `fromPointId` to `toPointId`, for a leader transfer: the members
 * are locked and moved in one statement of the caller's transaction, and their ids returned (a
 * second run finds none left at the old point). Only leader-transfer calls it.
 */
export async function moveMembersOfPoint(
  trx: Tx,
  operatorId: string,
  fromPointId: string,
  toPointId: string,
): Promise<Array<{ id: string; name: string }>> {
  return trx
    .updateTable('residents')
    .set({ pickup_point_id: toPointId })
    .where('operator_id', '=', operatorId)
    .where('pickup_point_id', '=', fromPointId)
    .returning(['id', 'name'])
    .execute();
}

/** How many residents are bound to each of these pickup points, by point id (points with none left out). */
export async function membersOfPoints(db: Executor, operatorId: string, pointIds: readonly string[]): Promise<Map<string, number>> {
  if (pointIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('residents')
    .select(['pickup_point_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('operator_id', '=', operatorId)
    .where('pickup_point_id', 'in', [...pointIds])
    .groupBy('pickup_point_id')
    .execute();
  return new Map(rows.map((r) => [r.pickup_point_id as string, Number(r.n)]));
}
