import { z } from 'zod';
import type { UnpickedRule } from '../../platform/db/schema.aftersales.ts';
import { defineEvents, eventFields } from '../../platform/events.ts';

const UNPICKED_RULES = ['return_to_warehouse', 'leader_disposal'] as const satisfies readonly UnpickedRule[];

/** Pickup's events: pickup.service.ts verifies pickups, pickup.unpicked.ts records unpicked orders. */
export const pickupEvents = defineEvents({
  /** A leader handed some lines of an order out (by code or scan). */
  'pickup.verified': z.object({
    orderId: z.string(),
    orderLineIds: z.array(z.string()),
    leaderId: z.string(),
    at: eventFields.instant,
  }),
  /** An order was not collected in time; the operator's rule says what happens to the goods. */
  'order.unpicked': z.object({ orderId: z.string(), rule: z.enum(UNPICKED_RULES) }),
});

export type PickupEvents = typeof pickupEvents;
export type PickupVerified = z.output<PickupEvents['pickup.verified']>;
export type OrderUnpicked = z.output<PickupEvents['order.unpicked']>;
