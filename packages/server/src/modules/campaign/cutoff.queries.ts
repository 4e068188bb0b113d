import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { CampaignStatus } from '../../platform/db/schema.ts';

/**
 * What procurement's cutoff reads of campaigns: the terms it decides on, the pickup date it
 * writes demand for, and which campaigns of a pickup date are still selling.
 */

export interface CutoffTerms {
  status: CampaignStatus;
  pickupDate: string;
  minTotalQuantity: number;
}

/** The operator's campaign as the cutoff decides on it, or undefined when there is none. */
export async function campaignCutoffTerms(db: Executor, operatorId: string, campaignId: string): Promise<CutoffTerms | undefined> {
  const row = await db
    .selectFrom('campaigns')
    .select(['status', 'pickup_date', 'min_total_quantity'])
    .where('id', '=', campaignId)
    .where('operator_id', '=', operatorId)
    .executeTakeFirst();
  return row && { status: row.status, pickupDate: row.pickup_date, minTotalQuantity: row.min_total_quantity };
}

/** Fragment: the campaign's pickup date (one row, pickup_date), for a statement that writes its demand. */
export function campaignPickupDate(campaignId: string) {
  return sql<{ pickup_date: string }>`select pickup_date from campaigns where id = ${campaignId}`;
}

/** Fragment: the operator's campaigns for a pickup date (id, status), to find those not done selling. */
export function campaignsOfPickupDate(db: Executor, operatorId: string, pickupDate: string) {
  return db.selectFrom('campaigns').select(['id', 'status']).where('operator_id', '=', operatorId).where('pickup_date', '=', pickupDate);
}
