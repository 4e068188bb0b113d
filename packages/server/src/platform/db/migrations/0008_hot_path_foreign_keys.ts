import { type Kysely, sql } from 'kysely';
import { runScript } from '../script.ts';

/**
 * No foreign keys to rows every order touches. A foreign-key check takes a KEY SHARE lock on the
 * parent row; when hundreds of concurrent transactions share one parent (the operator, an open
 * campaign and its lines, a popular SKU, a busy pickup point) while another transaction updates
 * it (stock reservation), PostgreSQL records the lockers in multixacts, and that bookkeeping cost
 * more than the rest of the order. These parents are never deleted, and the services write ids
 * they have just read in the same request; every tenant table keeps its operator_id column and
 * its indexes. Foreign keys between rows written together (an order and its lines, payment,
 * refunds) stay.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One statement: the block's inner semicolons must not be split by runScript.
  await sql
    .raw(
      `do $$
declare r record;
begin
  for r in
    select c.conrelid::regclass as tbl, c.conname from pg_constraint c
    where c.contype = 'f' and c.confrelid = 'operators'::regclass
  loop
    execute format('alter table %s drop constraint %I', r.tbl, r.conname);
  end loop;
end
$$`,
    )
    .execute(db);
  await runScript(
    db,
    `
alter table order_lines drop constraint if exists order_lines_campaign_id_fkey;
alter table order_lines drop constraint if exists order_lines_campaign_line_id_fkey;
alter table order_lines drop constraint if exists order_lines_sku_id_fkey;
alter table orders drop constraint if exists orders_pickup_point_id_fkey;
alter table orders drop constraint if exists orders_leader_id_fkey;
alter table orders drop constraint if exists orders_resident_id_fkey;
alter table resident_purchases drop constraint if exists resident_purchases_campaign_line_id_fkey;
alter table resident_purchases drop constraint if exists resident_purchases_resident_id_fkey;
`,
  );
}
