import { z } from 'zod';
import type { CampaignStatus } from '../../platform/db/schema.ts';
import { defineEvents, eventFields } from '../../platform/events.ts';

const { date, instant, quantity } = eventFields;

/** What every campaign event says of the campaign. */
const campaign = {
  campaignId: z.string(),
  pickupDate: date,
  opensAt: instant,
  cutoffAt: instant,
  minTotalQuantity: quantity,
};

const STATUSES = ['draft', 'scheduled', 'open', 'closed', 'cancelled'] as const satisfies readonly CampaignStatus[];

/** The events of a campaign's life, emitted by campaign.lifecycle.ts. */
export const campaignEvents = defineEvents({
  /** A draft was published: it opens at once (`open`) or at its opening time (`scheduled`). */
  'campaign.published': z.object({ ...campaign, status: z.enum(['scheduled', 'open']) }),
  /** It started selling. */
  'campaign.opened': z.object(campaign),
  /** An edit moved an open campaign's cutoff: ordering tells residents with unpaid orders of an earlier one. */
  'campaign.cutoff_moved': z.object({
    ...campaign,
    previousCutoffAt: instant,
    direction: z.enum(['earlier', 'later']),
    /**
     * The campaign's title after the edit, as residents are told it. Absent from events written
     * before ordering told the residents itself: those residents were told with the edit.
     */
    title: z.string().optional(),
  }),
  /** Cancelled by staff: ordering cancels and refunds its orders. */
  'campaign.cancelled': z.object({ ...campaign, reason: z.string(), previousStatus: z.enum(STATUSES) }),
  /** Its cutoff came: procurement starts the cutoff pipeline. */
  'campaign.closed': z.object({ ...campaign, closedAt: instant }),
});

export type CampaignEvents = typeof campaignEvents;
export type CampaignPublished = z.output<CampaignEvents['campaign.published']>;
export type CampaignOpened = z.output<CampaignEvents['campaign.opened']>;
export type CampaignCutoffMoved = z.output<CampaignEvents['campaign.cutoff_moved']>;
export type CampaignCancelled = z.output<CampaignEvents['campaign.cancelled']>;
export type CampaignClosed = z.output<CampaignEvents['campaign.closed']>;
