/**
 * Ordering: checkout, the order and its lines, the order's states and every change of them.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { forgetCampaignLines, forgetPickupPoints, forgetResidentPoint } from './order-context.ts';
export { advanceOrders, refundOrderLines } from './ordering.fulfilment.ts';
export { giveBackWholeOrder } from './order-system-refund.ts';
export type { GiveBackOutcome, SystemGiveBack } from './order-system-refund.ts';
export { setupOrdering, tellResident } from './ordering.lifecycle.ts';
export { countOrdersToServe, getOrder, listOrders, toOrderDto } from './ordering.queries.ts';
export type { OrderView } from './ordering.queries.ts';
export { cancelOrder, checkout, checkoutPlay, placeOrder, placePlayOrder, placePlayOrders, quoteOrder } from './ordering.service.ts';
export type { PlayOrderEntry, PlayOrderInput } from './ordering.service.ts';
export type { PlacedOrder } from './checkout.reserve.ts';
export { applyPaymentNotification, payOrder, receivePaymentNotification } from './order-payment.ts';
export type { PayFrom } from './order-payment.ts';
export { moveToPickupPoint, postponePickup } from './order-changes.ts';
export { orderingEvents } from './ordering.events.ts';
export type { OrderCancelled, OrderExpired, OrderingEvents, OrderMoved, OrderPlaced } from './ordering.events.ts';
export { isPaid, isToPickUp, PAID_STATUSES, TO_DELIVER_STATUSES, TO_PICK_UP_STATUSES } from './ordering.rules.ts';
export { ordersToDeliver, ordersToDeliverBetween, paidOrderTotalsByPoint, paidUnitsByPoint } from './to-deliver.queries.ts';
export { orderBatches, orderLeaderAndBatch, orderLineSkus, ordersWithLines } from './order-money.queries.ts';
export { leaderSalesOnDay } from './leader-sales.queries.ts';
export {
  campaignLinesLeftOf,
  campaignPaidUnits,
  campaignSalesAtCutoff,
  campaignsOfOrders,
  orderPickupPoints,
  paidLinesOfPickupDate,
  paidOrdersWithLinesLeft,
} from './campaign-sales.queries.ts';
export { linesOfOrders, lockOrder, lockOrderLine, orderOfLine, ordersByIds } from './orders-by-id.queries.ts';
export {
  deliveredOrdersBefore,
  deliveredOrdersWaiting,
  linesWithUnitsLeft,
  lockDeliveredOrder,
  ordersByPickupCode,
  paidOrdersAt,
} from './hand-out.queries.ts';
export type { PickupCodeLookup } from './hand-out.queries.ts';
export { firstPaidOrders, residentPurchases } from './resident-purchases.queries.ts';
export { orderPaidAmount } from './paid-amount.queries.ts';
