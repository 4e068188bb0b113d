import { z } from 'zod';
import type { CaseBlame, ClaimType } from '../../platform/db/schema.aftersales.ts';
import { defineEvents, eventFields } from '../../platform/events.ts';

const { fen, quantity } = eventFields;

const CLAIM_TYPES = ['missing', 'damaged', 'quality', 'wrong_item'] as const satisfies readonly ClaimType[];
const CASE_BLAMES = ['supplier', 'warehouse', 'driver', 'leader', 'none'] as const satisfies readonly CaseBlame[];

/** The decisions on claims, emitted by aftersales.service.ts. */
export const aftersalesEvents = defineEvents({
  /** A claim approved and refunded (the refund's own event is order.refunded). */
  'aftersale.approved': z.object({
    caseId: z.string(),
    orderId: z.string(),
    orderLineId: z.string(),
    quantity,
    amountFen: fen,
    blame: z.enum(CASE_BLAMES),
    kind: z.enum(CLAIM_TYPES),
  }),
  /** A claim rejected; the resident was told why. */
  'aftersale.rejected': z.object({ caseId: z.string() }),
});

export type AftersalesEvents = typeof aftersalesEvents;
export type AftersaleApproved = z.output<AftersalesEvents['aftersale.approved']>;
export type AftersaleRejected = z.output<AftersalesEvents['aftersale.rejected']>;
