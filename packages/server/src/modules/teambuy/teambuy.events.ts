import { z } from 'zod';
import { defineEvents, eventFields } from '../../platform/events.ts';

const { instant } = eventFields;

/** The events team buy writes. */
export const teambuyEvents = defineEvents({
  /** A team reached its size: by paid members, or with `filled` slots the operator filled at expiry (模拟成团). */
  'team.formed': z.object({
    teamId: z.string(),
    dealId: z.string(),
    members: z.number().int().min(2),
    filled: z.number().int().min(0),
    at: instant,
  }),
  /** A team was still short at its expiry: each paid member's order is refunded in the same transaction. */
  'team.failed': z.object({
    teamId: z.string(),
    dealId: z.string(),
    members: z.number().int().min(0),
    refundedOrders: z.array(z.string()).readonly(),
    at: instant,
  }),
});

export type TeambuyEvents = typeof teambuyEvents;
export type TeamFormed = z.output<TeambuyEvents['team.formed']>;
export type TeamFailed = z.output<TeambuyEvents['team.failed']>;
