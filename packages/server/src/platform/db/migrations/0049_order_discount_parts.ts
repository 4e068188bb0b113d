import type { Kysely } from 'kysely';
import { loadModuleSql } from '../module-sql.ts';
import { runScript } from '../script.ts';

/**
 * An order's discount keeps its parts per line on its own row (`order_discounts.lines`) instead
 * of a row per line in `order_discount_lines`, which goes. Checkout wrote up to four line rows per
 * priced order, each with two index entries and a key check on its order line, only for the ledger
 * to read them back whole with their discount at payment; nothing looks a part up by its line.
 * `coupons_order` goes too: a paid order's coupon is found through its discount, by the coupon's
 * id, so holding and using a coupon write one index entry fewer each. Checkout's promotions
 * function is loaded again (`linli_hold_promotions` writes the parts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
alter table order_discounts add column lines jsonb not null default '[]';
update order_discounts d set lines = coalesce((
  select jsonb_agg(jsonb_build_object('order_line_id', l.order_line_id, 'amount_fen', l.amount_fen) order by l.order_line_id)
  from order_discount_lines l where l.order_id = d.order_id and l.promotion_id = d.promotion_id), '[]');
alter table order_discounts alter column lines drop default;
drop table order_discount_lines;
drop index coupons_order
`,
  );
  await loadModuleSql(db, 'promotions', 'hold-promotions.sql', '2388ec4095cdd64da9a93022193c24ebda9ae34a637dff550570bd6c421c11f4');
}
