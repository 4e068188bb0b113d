import type { Executor } from '../../platform/db/database.ts';

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
