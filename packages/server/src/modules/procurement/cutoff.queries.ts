import type { procurement } from '@linli/contracts';
import type { z } from 'zod';
import type { Executor } from '../../platform/db/database.ts';

/** What the cutoff decided for each campaign of a pickup date, and how far its steps got. */
export async function listCutoffs(
  db: Executor,
  operatorId: string,
  pickupDate: string,
): Promise<Array<z.infer<typeof procurement.CampaignCutoff>>> {
  const rows = await db
    .selectFrom('campaign_cutoffs')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('pickup_date', '=', pickupDate)
    .orderBy('decided_at')
    .orderBy('campaign_id')
    .execute();
  return rows.map((r) => ({
    campaignId: r.campaign_id,
    pickupDate: r.pickup_date,
    outcome: r.outcome,
    orderedQuantity: r.ordered_quantity,
    minTotalQuantity: r.min_total_quantity,
    stage: r.stage,
    decidedAt: r.decided_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
  }));
}
