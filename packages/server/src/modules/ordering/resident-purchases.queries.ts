import type { Executor } from '../../platform/db/database.ts';

/**
 * How many units of each campaign line among `lineIds` a resident has bought (the count the
 * per-resident limit is checked against), by line; lines they have not bought are absent.
 */
export async function residentPurchases(
  db: Executor,
  operatorId: string,
  residentId: string,
  lineIds: readonly string[],
): Promise<Map<string, number>> {
  if (lineIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('resident_purchases')
    .select(['campaign_line_id', 'quantity'])
    .where('operator_id', '=', operatorId)
    .where('resident_id', '=', residentId)
    .where('campaign_line_id', 'in', [...lineIds])
    .execute();
  return new Map(rows.map((r) => [r.campaign_line_id, r.quantity]));
}

/** Each resident's first paid order (by when it was paid), for reports of new residents. */
export async function firstPaidOrders(db: Executor, operatorId: string, residentIds: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set(residentIds)];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .selectFrom('orders')
    .select(['resident_id', 'id'])
    .distinctOn('resident_id')
    .where('operator_id', '=', operatorId)
    .where('resident_id', 'in', wanted)
    .where('paid_at', 'is not', null)
    .orderBy('resident_id')
    .orderBy('paid_at')
    .orderBy('id')
    .execute();
  return new Map(rows.map((r) => [r.resident_id, r.id]));
}
