import { type Migration, type MigrationProvider, type MigrationResultSet, Migrator } from 'kysely/migration';
import type { Database } from './database.ts';
import * as initial from './migrations/0001_initial.ts';
import * as refundLines from './migrations/0002_refund_lines.ts';
import * as procurement from './migrations/0003_procurement.ts';
import * as logistics from './migrations/0004_logistics.ts';
import * as pickupAftersales from './migrations/0005_pickup_aftersales.ts';
import * as ledger from './migrations/0006_ledger.ts';
import * as placeOrderFunction from './migrations/0007_place_order_function.ts';
import * as hotPathForeignKeys from './migrations/0008_hot_path_foreign_keys.ts';
import * as uploads from './migrations/0009_uploads.ts';
import * as leaderApplications from './migrations/0010_leader_applications.ts';
import * as privacyOrderNumbers from './migrations/0011_privacy_order_numbers.ts';
import * as rateLimits from './migrations/0012_rate_limits.ts';
import * as providerClaims from './migrations/0013_provider_claims.ts';
import * as shortageReasons from './migrations/0014_shortage_reasons.ts';
import * as orderDesk from './migrations/0016_order_desk.ts';
import * as ledgerBatchesClosings from './migrations/0017_ledger_batches_closings.ts';
import * as receivingSafeguards from './migrations/0018_receiving_safeguards.ts';
import * as unroutedDecisions from './migrations/0020_unrouted_decisions.ts';
import * as mapSettings from './migrations/0021_map_settings.ts';
import * as warehouseAreas from './migrations/0022_warehouse_areas.ts';
import * as tripsAndDrops from './migrations/0023_trips_and_drops.ts';
import * as pointDeliveryWindows from './migrations/0024_point_delivery_windows.ts';
import * as vehicleCompartments from './migrations/0025_vehicle_compartments.ts';
import * as standingLines from './migrations/0026_standing_lines.ts';
import * as driverBreaks from './migrations/0027_driver_breaks.ts';
import * as standingLineClasses from './migrations/0028_standing_line_classes.ts';
import * as schemaCatchUp from './migrations/0029_schema_catch_up.ts';
import * as checkoutFunction from './migrations/0030_checkout_function.ts';
import * as paymentNoticeNonces from './migrations/0031_payment_notice_nonces.ts';
import * as providerBills from './migrations/0032_provider_bills.ts';
import * as webhooks from './migrations/0033_webhooks.ts';
import * as wechatAccounts from './migrations/0034_wechat_accounts.ts';
import * as notices from './migrations/0035_notices.ts';
import * as wechatLogins from './migrations/0036_wechat_logins.ts';
import * as wechatpayCredentials from './migrations/0037_wechatpay_credentials.ts';
import * as withdrawalTransfers from './migrations/0038_withdrawal_transfers.ts';
import * as smsVendors from './migrations/0039_sms_vendors.ts';
import * as promotions from './migrations/0040_promotions.ts';
import * as points from './migrations/0042_points.ts';
import * as invites from './migrations/0043_invites.ts';
import * as inviteCouponReward from './migrations/0044_invite_coupon_reward.ts';
import * as pointsOffers from './migrations/0045_points_offers.ts';
import * as couponIssueOnSignUp from './migrations/0046_coupon_issue_on_sign_up.ts';
import * as promotionsHotPathKeys from './migrations/0047_promotions_hot_path_keys.ts';
import * as orderDiscountParts from './migrations/0049_order_discount_parts.ts';
import * as playPromotions from './migrations/0050_play_promotions.ts';
import * as flashSales from './migrations/0051_flash_sales.ts';
import * as teamBuy from './migrations/0052_team_buy.ts';
import * as lottery from './migrations/0053_lottery.ts';
import * as bargain from './migrations/0054_bargain.ts';
import * as feedback from './migrations/0055_feedback.ts';
import * as training from './migrations/0056_training.ts';
import * as leaderPerformance from './migrations/0057_leader_performance.ts';
import * as leaderTransfer from './migrations/0058_leader_transfer.ts';
import * as leaderCrm from './migrations/0059_leader_crm.ts';
import * as leaderRecruiting from './migrations/0060_leader_recruiting.ts';
import * as helpSell from './migrations/0061_help_sell.ts';
import * as complaintOutcome from './migrations/0062_complaint_outcome.ts';
import * as recruitOverrideCorrections from './migrations/0063_recruit_override_corrections.ts';
import * as trainingSettings from './migrations/0064_training_settings.ts';
import * as placeOrdersBatch from './migrations/0065_place_orders_batch.ts';
import * as placeOrdersCodes from './migrations/0066_place_orders_codes.ts';
import * as helpSellProposals from './migrations/0067_help_sell_proposals.ts';
import * as couponPricedAs from './migrations/0068_coupon_priced_as.ts';

/** Migrations in order; a new one is appended here with the next number. */
const migrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_refund_lines': refundLines,
  '0003_procurement': procurement,
  '0004_logistics': logistics,
  '0005_pickup_aftersales': pickupAftersales,
  '0006_ledger': ledger,
  '0007_place_order_function': placeOrderFunction,
  '0008_hot_path_foreign_keys': hotPathForeignKeys,
  '0009_uploads': uploads,
  '0010_leader_applications': leaderApplications,
  '0011_privacy_order_numbers': privacyOrderNumbers,
  '0012_rate_limits': rateLimits,
  '0013_provider_claims': providerClaims,
  '0014_shortage_reasons': shortageReasons,
  '0016_order_desk': orderDesk,
  '0017_ledger_batches_closings': ledgerBatchesClosings,
  '0018_receiving_safeguards': receivingSafeguards,
  '0020_unrouted_decisions': unroutedDecisions,
  '0021_map_settings': mapSettings,
  '0022_warehouse_areas': warehouseAreas,
  '0023_trips_and_drops': tripsAndDrops,
  '0024_point_delivery_windows': pointDeliveryWindows,
  '0025_vehicle_compartments': vehicleCompartments,
  '0026_standing_lines': standingLines,
  '0027_driver_breaks': driverBreaks,
  '0028_standing_line_classes': standingLineClasses,
  '0029_schema_catch_up': schemaCatchUp,
  '0030_checkout_function': checkoutFunction,
  '0031_payment_notice_nonces': paymentNoticeNonces,
  '0032_provider_bills': providerBills,
  '0033_webhooks': webhooks,
  '0034_wechat_accounts': wechatAccounts,
  '0035_notices': notices,
  '0036_wechat_logins': wechatLogins,
  '0037_wechatpay_credentials': wechatpayCredentials,
  '0038_withdrawal_transfers': withdrawalTransfers,
  '0039_sms_vendors': smsVendors,
  '0040_promotions': promotions,
  '0042_points': points,
  '0043_invites': invites,
  '0044_invite_coupon_reward': inviteCouponReward,
  '0045_points_offers': pointsOffers,
  '0046_coupon_issue_on_sign_up': couponIssueOnSignUp,
  '0047_promotions_hot_path_keys': promotionsHotPathKeys,
  '0049_order_discount_parts': orderDiscountParts,
  '0050_play_promotions': playPromotions,
  '0051_flash_sales': flashSales,
  '0052_team_buy': teamBuy,
  '0053_lottery': lottery,
  '0054_bargain': bargain,
  '0055_feedback': feedback,
  '0056_training': training,
  '0057_leader_performance': leaderPerformance,
  '0058_leader_transfer': leaderTransfer,
  '0059_leader_crm': leaderCrm,
  '0060_leader_recruiting': leaderRecruiting,
  '0061_help_sell': helpSell,
  '0062_complaint_outcome': complaintOutcome,
  '0063_recruit_override_corrections': recruitOverrideCorrections,
  '0064_training_settings': trainingSettings,
  '0065_place_orders_batch': placeOrdersBatch,
  '0066_place_orders_codes': placeOrdersCodes,
  '0067_help_sell_proposals': helpSellProposals,
  '0068_coupon_priced_as': couponPricedAs,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Applies every pending migration; safe to call at each start (it takes a lock on PostgreSQL). */
export async function migrateToLatest(db: Database): Promise<string[]> {
  return migrateWith(db, (migrator) => migrator.migrateToLatest());
}

/** Applies the pending migrations up to `name` included (tests of a migration's data). */
export async function migrateUpTo(db: Database, name: string): Promise<string[]> {
  return migrateWith(db, (migrator) => migrator.migrateTo(name));
}

async function migrateWith(db: Database, run: (migrator: Migrator) => Promise<MigrationResultSet>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
  const { error, results } = await run(migrator);
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
