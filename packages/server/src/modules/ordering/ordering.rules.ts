import type { OrderStatus } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { allows, assertAllowed, predecessors } from '../../platform/state-machine.ts';

/**
 * The order lifecycle. `allocated`, `delivered` and `picked_up` belong to fulfilment; the
 * branches are `cancelled` (never paid, cancelled by the resident), `expired` (never paid in time)
 * and `refunded` (paid, then fully refunded).
 */
export const orderTransitions: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending_payment: ['paid', 'cancelled', 'expired'],
  paid: ['allocated', 'refunded'],
  allocated: ['delivered', 'refunded'],
  delivered: ['picked_up', 'refunded'],
  picked_up: ['refunded'],
  cancelled: [],
  expired: [],
  refunded: [],
};

/** Paid and not refunded in full: the goods are owed to the resident, or were handed over. */
export const PAID_STATUSES = ['paid', 'allocated', 'delivered', 'picked_up'] as const satisfies readonly OrderStatus[];

/** Paid and not yet picked up: the resident still has goods to collect with the pickup code. */
export const TO_PICK_UP_STATUSES = ['paid', 'allocated', 'delivered'] as const satisfies readonly OrderStatus[];

/** Paid and not yet delivered to the pickup point. */
export const TO_DELIVER_STATUSES = ['paid', 'allocated'] as const satisfies readonly OrderStatus[];

/** Whether an order of this state is paid and not refunded in full. */
export const isPaid = (status: OrderStatus): boolean => (PAID_STATUSES as readonly OrderStatus[]).includes(status);

/** Whether an order of this state still has goods to collect with its pickup code. */
export const isToPickUp = (status: OrderStatus): boolean => (TO_PICK_UP_STATUSES as readonly OrderStatus[]).includes(status);

export const canTransition = (from: OrderStatus, to: OrderStatus): boolean => allows(orderTransitions, from, to);

/** The states from which an order may move to `to`, read off the transition table. */
export const predecessorsOf = (to: OrderStatus): OrderStatus[] => predecessors(orderTransitions, to);

/** Throws INVALID_STATE unless the order may move from `from` to `to`. */
export const assertTransition = (from: OrderStatus, to: OrderStatus): void => assertAllowed(orderTransitions, 'an order', from, to);

export interface RequestedLine {
  campaignLineId: string;
  quantity: number;
}

/** Adds up repeated lines for the same campaign line and sorts by id, the order rows are locked in. */
export function mergeLines(lines: readonly RequestedLine[]): RequestedLine[] {
  const byId = new Map<string, number>();
  for (const l of lines) byId.set(l.campaignLineId, (byId.get(l.campaignLineId) ?? 0) + l.quantity);
  return [...byId.entries()]
    .map(([campaignLineId, quantity]) => ({ campaignLineId, quantity }))
    .sort((a, b) => (a.campaignLineId < b.campaignLineId ? -1 : 1));
}

export interface OrderableLine {
  id: string;
  campaignId: string;
  campaignStatus: string;
  opensAt: Date;
  cutoffAt: Date;
  pickupDate: string;
  leaderScope: 'all' | 'list';
  leaderAllowed: boolean;
  /** False for a help-sell campaign whose publisher is not this leader and which this leader did not opt in to resell. */
  resoldHere: boolean;
  perResidentLimit: number | null;
}

/**
 * Checks that every requested line can be ordered now at this pickup point: its campaign is open
 * and before cutoff, sells through this leader (for a help-sell campaign: its publisher or a
 * leader who opted in to resell it), all lines share one pickup date, and no single
 * request exceeds a per-resident limit. Returns the common pickup date.
 */
export function checkOrderable(now: Date, requested: readonly RequestedLine[], lines: ReadonlyMap<string, OrderableLine>): string {
  let pickupDate: string | undefined;
  for (const r of requested) {
    const line = lines.get(r.campaignLineId);
    if (!line) throw new AppError('NOT_FOUND', `campaign line ${r.campaignLineId} not found`, { campaignLineId: r.campaignLineId });
    if (line.campaignStatus === 'closed' || (line.campaignStatus === 'open' && now.getTime() >= line.cutoffAt.getTime())) {
      throw new AppError('CAMPAIGN_CLOSED', 'the campaign has passed its cutoff', { campaignId: line.campaignId });
    }
    if (line.campaignStatus !== 'open' || now.getTime() < line.opensAt.getTime()) {
      throw new AppError('CAMPAIGN_NOT_OPEN', 'the campaign is not open for orders', { campaignId: line.campaignId });
    }
    if (!line.leaderAllowed) {
      throw new AppError('CAMPAIGN_NOT_FOR_LEADER', "this campaign is not sold at this pickup point's leader", {
        campaignId: line.campaignId,
      });
    }
    if (!line.resoldHere) {
      throw new AppError('HELP_SELL_NOT_RESOLD', "this help-sell campaign is not resold by this pickup point's leader", {
        campaignId: line.campaignId,
      });
    }
    if (pickupDate !== undefined && pickupDate !== line.pickupDate) {
      throw new AppError('PICKUP_DATE_MISMATCH', 'all lines of one order must have the same pickup date', {
        pickupDates: [pickupDate, line.pickupDate],
      });
    }
    pickupDate = line.pickupDate;
    if (line.perResidentLimit !== null && r.quantity > line.perResidentLimit) {
      throw new AppError('LIMIT_EXCEEDED', `at most ${line.perResidentLimit} per resident`, {
        campaignLineId: line.id,
        limit: line.perResidentLimit,
      });
    }
  }
  if (pickupDate === undefined) throw new AppError('VALIDATION_FAILED', 'an order needs at least one line');
  return pickupDate;
}

/** A paid order may be cancelled (and fully refunded) only while every campaign in it is still before cutoff. */
export function mayCancelPaid(now: Date, campaigns: ReadonlyArray<{ status: string; cutoffAt: Date }>): boolean {
  return campaigns.every((c) => c.status === 'open' && now.getTime() < c.cutoffAt.getTime());
}

/**
 * Until when the resident may cancel: an unpaid order until it expires; a paid one until the
 * earliest cutoff of its campaigns, while all of them are open (as `mayCancelPaid` decides);
 * otherwise never (null).
 */
export function cancellableUntil(
  status: string,
  expiresAt: Date,
  campaigns: ReadonlyArray<{ status: string; cutoffAt: Date }>,
): Date | null {
  if (status === 'pending_payment') return expiresAt;
  if (status !== 'paid' || campaigns.length === 0 || campaigns.some((c) => c.status !== 'open')) return null;
  return new Date(Math.min(...campaigns.map((c) => c.cutoffAt.getTime())));
}
