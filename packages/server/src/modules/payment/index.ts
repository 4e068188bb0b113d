/**
 * Payments: the provider interface, payment intents, notifications and refunds sent to the provider.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { DevPaymentProvider } from './payment.provider.ts';
export type {
  PayChannel,
  Payer,
  PaymentProvider,
  ReceivedNotification,
  VerifiedNotification,
  VerifiedRefundNotification,
} from './payment.provider.ts';
export { paymentsOf } from './payment.registry.ts';
export { createPaymentProvider, createWechatTransfers } from './payment.providers.ts';
export { TRANSFER_NAME_FROM_FEN } from './wechatpay.transfers.ts';
export type { WechatPayTransfers, WechatTransferBill, WechatTransferRequest, WechatTransferState } from './wechatpay.transfers.ts';
export { WECHATPAY_NOTIFY_PATH } from './wechatpay.config.ts';
export {
  applyNotification,
  claimOpenPayments,
  closeAtProvider,
  closePendingPayments,
  intentForNewOrder,
  payerOf,
  requestRefund,
  startPayment,
} from './payment.service.ts';
export { receiveNotification } from './payment.notices.ts';
export { providerBillCheck } from './provider-bill.queries.ts';
export type { OrderPaidStep } from './payment.capture.ts';
export type { OrderToPay, PaymentIntentView } from './payment.service.ts';
export { setupPayment } from './payment.setup.ts';
export { paymentEvents } from './payment.events.ts';
export type { OrderPaid, OrderRefunded, PaymentCaptured, PaymentEvents } from './payment.events.ts';
export { latePaymentRefunds, paymentsCapturedIn, refundsMadeIn } from './payment-money.queries.ts';
export type { TimeSpan } from './payment-money.queries.ts';
export { hasOpenPayment, refundOfSource } from './order-payments.queries.ts';
export { toIntentDto } from './payment-intent.dto.ts';
