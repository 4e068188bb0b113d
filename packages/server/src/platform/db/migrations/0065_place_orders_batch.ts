import type { Kysely } from 'kysely';
import { loadModuleSql } from '../module-sql.ts';
import { loadOrderingSql } from './0030_checkout_function.ts';

/**
 * Checkout's write for a batch of orders, set-based: `linli_place_orders(p_orders jsonb)` (ordering's
 * place-orders.sql) writes what linli_place_order writes for each document, one statement per table
 * for the whole batch instead of ten per order, all or nothing; `linli_hold_promotions_batch`
 * (promotions' hold-promotions-batch.sql) holds its coupons and counts its promotions once per
 * promotion. A flash sale's winners waiting together are written by it (reserveOrders); a change of
 * either file comes with a migration that loads it again (see 0030).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await loadModuleSql(db, 'promotions', 'hold-promotions-batch.sql', '7637251163ccb7602f7c63156dd9e68b1434cd196cd331f3e95c521387688c29');
  await loadOrderingSql(db, 'place-orders.sql', '352d98fe421685385adffd57ebdb2073e6d4d69460c04b50e91323276ad34674');
}
