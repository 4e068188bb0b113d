import type { AppContext } from '../context.ts';
import type { RouteModule } from '../http/server.ts';
import { aftersalesRoutes } from './aftersales/aftersales.routes.ts';
import { campaignRoutes } from './campaign/campaign.routes.ts';
import { setupCampaigns } from './campaign/index.ts';
import { catalogRoutes } from './catalog/catalog.routes.ts';
import { identityRoutes } from './identity/identity.routes.ts';
import { staffRoutes } from './identity/staff.routes.ts';
import { wechatLoginRoutes } from './identity/wechat-login.routes.ts';
import { smsRoutes } from './identity/sms.routes.ts';
import { setupIdentity } from './identity/index.ts';
import { ledgerRoutes } from './ledger/ledger.routes.ts';
import { setupLedger } from './ledger/index.ts';
import { leaderRoutes } from './leader/leader.routes.ts';
import { leaderApplicationRoutes } from './leader-applications/leader-applications.routes.ts';
import { standingLineRoutes } from './logistics/standing-lines.routes.ts';
import { fleetRoutes } from './logistics/fleet.routes.ts';
import { dispatchRoutes } from './logistics/dispatch.routes.ts';
import { deliveryRoutes } from './logistics/delivery.routes.ts';
import { orderingRoutes } from './ordering/ordering.routes.ts';
import { setupOrdering } from './ordering/index.ts';
import { paymentRoutes } from './ordering/payment-notify.routes.ts';
import { setupPayment } from './payment/index.ts';
import { paymentSettingsRoutes } from './payment/payment-settings.routes.ts';
import { providerBillRoutes } from './payment/provider-bill.routes.ts';
import { supplierRoutes } from './procurement/supplier.routes.ts';
import { procurementRoutes } from './procurement/procurement.routes.ts';
import { setupProcurement } from './procurement/index.ts';
import { pickupRoutes } from './pickup/pickup.routes.ts';
import { setupPickup } from './pickup/index.ts';
import { privacyRoutes } from './privacy/privacy.routes.ts';
import { settlementRoutes } from './settlement/settlement.routes.ts';
import { payoutNotifyRoutes } from './settlement/payout-notify.routes.ts';
import { setupSettlement } from './settlement/index.ts';
import { shopRoutes } from './shop/shop.routes.ts';
import { uploadRoutes } from './uploads/uploads.routes.ts';
import { webRoutes } from './web/web.routes.ts';
import { orderDeskRoutes } from './order-desk/order-desk.routes.ts';
import { eventSchemas } from './events.ts';
import { webhookRoutes } from './webhooks/webhooks.routes.ts';
import { setupWebhooks } from './webhooks/index.ts';
import { noticeRoutes } from './notices/notices.routes.ts';
import { setupNotices } from './notices/index.ts';
import { pointsRoutes } from './points/points.routes.ts';
import { setupPoints } from './points/index.ts';
import { promotionRoutes } from './promotions/promotions.routes.ts';
import { setupPromotions } from './promotions/index.ts';
import { inviteRoutes } from './invites/invites.routes.ts';
import { setupInvites } from './invites/index.ts';
import { teambuyRoutes } from './teambuy/teambuy.routes.ts';
import { setupTeambuy } from './teambuy/index.ts';
import { lotteryRoutes } from './lottery/lottery.routes.ts';
import { bargainRoutes } from './bargain/bargain.routes.ts';
import { crmRoutes } from './crm/crm.routes.ts';
import { setupCrm } from './crm/index.ts';
import { trainingRoutes } from './training/training.routes.ts';
import { leaderTransferRoutes } from './leader-transfer/leader-transfer.routes.ts';
import { setupLeaderTransfer } from './leader-transfer/index.ts';
import { performanceRoutes } from './leader-performance/performance.routes.ts';
import { setupLeaderPerformance } from './leader-performance/index.ts';
import { feedbackRoutes } from './feedback/feedback.routes.ts';
import { recruitingRoutes } from './leader-recruiting/recruiting.routes.ts';
import { setupLeaderRecruiting } from './leader-recruiting/index.ts';
import { helpSellRoutes } from './help-sell/help-sell.routes.ts';
import { helpSellProposalRoutes } from './help-sell/proposal.routes.ts';

import { flashSaleRoutes } from './flashsale/flashsale.routes.ts';
import { setupFlashSales } from './flashsale/index.ts';
/** Every module's HTTP routes. */
export const routeModules: RouteModule[] = [
  identityRoutes,
  wechatLoginRoutes,
  shopRoutes,
  orderingRoutes,
  paymentRoutes,
  providerBillRoutes,
  paymentSettingsRoutes,
  staffRoutes,
  smsRoutes,
  catalogRoutes,
  campaignRoutes,
  leaderRoutes,
  leaderApplicationRoutes,
  privacyRoutes,
  procurementRoutes,
  supplierRoutes,
  pickupRoutes,
  aftersalesRoutes,
  fleetRoutes,
  dispatchRoutes,
  standingLineRoutes,
  deliveryRoutes,
  ledgerRoutes,
  settlementRoutes,
  payoutNotifyRoutes,
  uploadRoutes,
  webRoutes,
  orderDeskRoutes,
  webhookRoutes(eventSchemas),
  noticeRoutes,
  pointsRoutes,
  promotionRoutes,
  inviteRoutes,
  flashSaleRoutes,
  teambuyRoutes,
  lotteryRoutes,
  bargainRoutes,
  crmRoutes,
  trainingRoutes,
  leaderTransferRoutes,
  performanceRoutes,
  feedbackRoutes,
  recruitingRoutes,
  helpSellRoutes,
  helpSellProposalRoutes,
];

/** Every module's job handlers, sweeps and event subscribers. */
export const setupModules: Array<(ctx: AppContext) => void> = [
  setupIdentity,
  setupOrdering,
  setupPayment,
  setupCampaigns,
  setupPickup,
  setupProcurement,
  setupLedger,
  setupSettlement,
  setupWebhooks(eventSchemas),
  setupNotices,
  setupPoints,
  setupPromotions,
  setupInvites,
  setupFlashSales,
  setupTeambuy,
  setupCrm,
  setupLeaderTransfer,
  setupLeaderPerformance,
  setupLeaderRecruiting,
];
