import { sql } from 'kysely';
import type { Tx } from '../../platform/db/database.ts';

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
