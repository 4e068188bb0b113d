/**
 * Procurement: the cutoff pipeline, purchase orders, receiving, stock lots and shortage allocation.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { setupProcurement } from './procurement.setup.ts';
export { listPurchaseOrders } from './purchase-order.queries.ts';
export { confirmPurchaseOrder, sendPurchaseOrder } from './purchase-order.service.ts';
export { completeReceiving, receivePurchaseOrder } from './receiving.service.ts';
export { procurementEvents } from './procurement.events.ts';
export type {
  CampaignFailed,
  ProcurementEvents,
  PurchaseOrderReceived,
  PurchaseOrderSent,
  ShortageAllocated,
} from './procurement.events.ts';
