import type { Kysely } from 'kysely';
import { loadModuleSql } from '../module-sql.ts';

/**
 * Checkout's promotions function (promotions' hold-promotions.sql) holds the coupon only if it is
 * of the promotion the order was priced as (`coupon_promotion_id`): an order that names its
 * coupon's promotion, as the confirm screen's quote showed it, is priced without looking the coupon
 * up first, and a wrong promotion is refused here (LN005) instead of pricing the order wrongly.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await loadModuleSql(db, 'promotions', 'hold-promotions.sql', '101b044d319f27431c6e4868f8e5f2e2677c8ccf1e073b781174e73d3db30043');
}
