import { sql } from 'kysely';
import type { Tx } from '../../platform/db/database.ts';

/**
 * Reserves the requested lines one conditional UPDATE each, in id order (so two orders for the
 * same lines cannot deadlock): a line is increased only while its campaign is open before cutoff
 * and enough stock is left, so stock cannot go negative however many buyers race; the CHECK
 * constraint backs it up. Returns the ids that were reserved (it stops at the first that fails).
 */
export async function reserveStock(
  trx: Tx,
  operatorId: string,
  lines: ReadonlyArray<{ campaignLineId: string; quantity: number }>,
  now: Date,
): Promise<Set<string>> {
  const reserved = new Set<string>();
  const sorted = [...lines].sort((a, b) => (a.campaignLineId < b.campaignLineId ? -1 : 1));
  for (const line of sorted) {
    const result = await sql`
      update campaign_lines cl set reserved = cl.reserved + ${line.quantity}
      where cl.id = ${line.campaignLineId} and cl.operator_id = ${operatorId}
        and (cl.stock_total is null or cl.reserved + ${line.quantity} <= cl.stock_total)
        and exists (select 1 from campaigns c where c.id = cl.campaign_id and c.status = 'open' and c.cutoff_at > ${now})
    `.execute(trx);
    if (Number(result.numAffectedRows ?? 0) !== 1) break;
    reserved.add(line.campaignLineId);
  }
  return reserved;
}

/** Why a reservation failed: the line's stock left and its campaign's state now. */
export async function diagnoseReservation(trx: Tx, lineId: string) {
  return trx
    .selectFrom('campaign_lines as cl')
    .innerJoin('campaigns as c', 'c.id', 'cl.campaign_id')
    .select(['cl.stock_total', 'cl.reserved', 'c.status', 'c.cutoff_at', 'c.id as campaign_id'])
    .where('cl.id', '=', lineId)
    .executeTakeFirst();
}

/**
 * Counts the units towards the resident's per-person limit; false when the limit would be passed.
 * The upsert holds the (line, resident) row lock, so two parallel orders by one resident are
 * counted one after the other.
 */
export async function countTowardsLimit(
  trx: Tx,
  p: { operatorId: string; lineId: string; residentId: string; quantity: number; limit: number },
): Promise<boolean> {
  const result = await sql<{ quantity: number }>`
    insert into resident_purchases as rp (operator_id, campaign_line_id, resident_id, quantity)
    values (${p.operatorId}, ${p.lineId}, ${p.residentId}, ${p.quantity})
    on conflict (campaign_line_id, resident_id)
    do update set quantity = rp.quantity + excluded.quantity
    where rp.quantity + excluded.quantity <= ${p.limit}
    returning rp.quantity
  `.execute(trx);
  return result.rows.length === 1;
}

/** Gives back the stock and the per-resident counts of an order's lines (cancel, expiry, refund). */
export async function releaseStock(
  trx: Tx,
  residentId: string,
  lines: ReadonlyArray<{ campaign_line_id: string; quantity: number }>,
): Promise<void> {
  const sorted = [...lines].filter((l) => l.quantity > 0).sort((a, b) => (a.campaign_line_id < b.campaign_line_id ? -1 : 1));
  for (const line of sorted) {
    await trx
      .updateTable('campaign_lines')
      .set((eb) => ({ reserved: eb('reserved', '-', line.quantity) }))
      .where('id', '=', line.campaign_line_id)
      .execute();
    await trx
      .updateTable('resident_purchases')
      .set((eb) => ({ quantity: sql<number>`greatest(${eb.ref('quantity')} - ${line.quantity}, 0)` }))
      .where('campaign_line_id', '=', line.campaign_line_id)
      .where('resident_id', '=', residentId)
      .execute();
  }
}
