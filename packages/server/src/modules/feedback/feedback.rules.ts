import type { OrderStatus } from '../../platform/db/schema.ts';
import type { ComplaintState, ComplaintStep, ComplaintTargetKind } from '../../platform/db/schema.feedback.ts';
import { AppError } from '../../platform/errors.ts';
import { assertAllowed } from '../../platform/state-machine.ts';

/**
 * The residents' voice as rules: who may rate or complain about an order, a ticket's lifecycle,
 * and the arithmetic of the rates the KPIs read.
 */

/**
 * A complaint ticket's lifecycle. Staff take an open ticket (assigned, or re-assigned to someone
 * else) and resolve it with a reason, at once or after taking it; the resident may appeal a
 * resolution once (`MAX_APPEALS`); an appealed ticket is taken and resolved again, and that
 * resolution is final.
 */
export const complaintTransitions: Readonly<Record<ComplaintState, readonly ComplaintState[]>> = {
  open: ['assigned', 'resolved'],
  assigned: ['assigned', 'resolved'],
  resolved: ['appealed'],
  appealed: ['assigned', 'resolved'],
};

/** How often a resident may appeal a ticket's resolution. */
export const MAX_APPEALS = 1;

/** The step written to a ticket's history by a move to a state. */
export const STEP_OF: Readonly<Record<ComplaintState, ComplaintStep>> = {
  open: 'opened',
  assigned: 'assigned',
  resolved: 'resolved',
  appealed: 'appealed',
};

/** Throws INVALID_STATE unless a ticket may move from `from` to `to`. */
export const assertComplaintTransition = (from: ComplaintState, to: ComplaintState): void =>
  assertAllowed(complaintTransitions, 'a complaint', from, to);

/** Throws INVALID_STATE unless the resident may still appeal: resolved, and appealed fewer than MAX_APPEALS times. */
export function assertMayAppeal(ticket: { state: ComplaintState; appeals: number }): void {
  assertComplaintTransition(ticket.state, 'appealed');
  if (ticket.appeals >= MAX_APPEALS) {
    throw new AppError('INVALID_STATE', 'this complaint was appealed already; its resolution is final', { appeals: ticket.appeals });
  }
}

/** Tickets staff still have to act on. */
export const OPEN_STATES: readonly ComplaintState[] = ['open', 'assigned', 'appealed'];

/** The order as the rating and complaint rules see it. */
export interface OrderForFeedback {
  residentId: string;
  status: OrderStatus;
}

/**
 * Throws unless this resident may rate this order now: their own (NOT_FOUND otherwise, as if it
 * did not exist), picked up (INVALID_STATE), and not rated yet (CONFLICT). A rating is given once
 * and not edited, so the rates the KPIs read do not move after the fact.
 */
export function assertMayRate(residentId: string, order: OrderForFeedback | undefined, alreadyRated: boolean): void {
  if (!order || order.residentId !== residentId) throw new AppError('NOT_FOUND', 'order not found');
  if (order.status !== 'picked_up') {
    throw new AppError('INVALID_STATE', `an order is rated after it is picked up; this one is ${order.status}`, { status: order.status });
  }
  if (alreadyRated) throw new AppError('CONFLICT', 'this order is rated already; a rating is given once');
}

/** The order states a resident may complain from: the goods reached the pickup point (picked up or not). */
export const COMPLAINABLE: readonly OrderStatus[] = ['delivered', 'picked_up'];

/** Throws unless this resident may complain about this order: their own (NOT_FOUND) and delivered or picked up (INVALID_STATE). */
export function assertMayComplain(residentId: string, order: OrderForFeedback | undefined): void {
  if (!order || order.residentId !== residentId) throw new AppError('NOT_FOUND', 'order not found');
  if (!COMPLAINABLE.includes(order.status)) {
    throw new AppError('INVALID_STATE', `a complaint is made once the order reached its pickup point; this one is ${order.status}`, {
      status: order.status,
    });
  }
}

/** What an order offers as a complaint's target: its leader, its lines' suppliers, its route's driver. */
export interface OrderTargets {
  leaderId: string;
  /** Each line's supplier, by order line id. */
  lineSuppliers: ReadonlyMap<string, string>;
  driverId: string | null;
}

/**
 * Resolves a complaint's target from the order: the leader; the supplier of the line named, or the
 * only supplier of the order's lines (VALIDATION_FAILED when there are several and no line is
 * named, or the line is not the order's); the driver of the route that delivered it (INVALID_STATE
 * when no driver is known).
 */
export function resolveTarget(
  kind: ComplaintTargetKind,
  targets: OrderTargets,
  orderLineId?: string | undefined,
): { targetId: string; orderLineId: string | null } {
  if (kind === 'leader') return { targetId: targets.leaderId, orderLineId: null };
  if (kind === 'driver') {
    if (!targets.driverId) throw new AppError('INVALID_STATE', 'no driver is known for this order', { target: kind });
    return { targetId: targets.driverId, orderLineId: null };
  }
  if (orderLineId !== undefined) {
    const supplierId = targets.lineSuppliers.get(orderLineId);
    if (!supplierId) throw new AppError('VALIDATION_FAILED', 'this line is not on the order', { field: 'orderLineId' });
    return { targetId: supplierId, orderLineId };
  }
  const suppliers = [...new Set(targets.lineSuppliers.values())];
  if (suppliers.length !== 1) {
    throw new AppError('VALIDATION_FAILED', 'name the line whose supplier the complaint is about', { field: 'orderLineId' });
  }
  return { targetId: suppliers[0]!, orderLineId: null };
}

/** A share as a ratio rounded to 4 places (0.0125 = 1.25%), or null when there is nothing to divide by. */
export function rate(count: number, of: number): number | null {
  if (of <= 0) return null;
  return Math.round((count / of) * 10_000) / 10_000;
}

/** An average score rounded to 2 places, or null when there are no scores. */
export function averageScore(sum: number, count: number): number | null {
  if (count <= 0) return null;
  return Math.round((sum / count) * 100) / 100;
}
