import { sql, type Kysely } from 'kysely';

/**
 * No foreign keys from checkout's discount rows to rows every priced order shares (the rule of
 * 0008, which 0040 broke). A foreign-key check takes a KEY SHARE lock on the parent row; with one
 * threshold discount applying to every order, hundreds of concurrent checkouts locked the same
 * `promotions` row (and the operator's; a resident's is shared by their own orders), and
 * PostgreSQL recorded the lockers in multixacts: about three per priced order, measured with
 * pg_stat_slru during `npm run bench:checkout -- --promotions`.
 * Promotions and operators are never deleted, and checkout writes ids it has just read; the
 * columns and their indexes stay. Foreign keys between rows written together (an order, its
 * lines, its discounts, the coupon it holds) stay.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One statement: the block's inner semicolons must not be split by a script runner.
  await sql
    .raw(
      `do $$
declare r record;
begin
  for r in
    select c.conrelid::regclass as tbl, c.conname from pg_constraint c
    where c.contype = 'f'
      and (c.confrelid = 'operators'::regclass
        or (c.confrelid in ('promotions'::regclass, 'residents'::regclass)
          and c.conrelid in ('order_discounts'::regclass, 'order_discount_lines'::regclass, 'promotion_resident_uses'::regclass)))
  loop
    execute format('alter table %s drop constraint %I', r.tbl, r.conname);
  end loop;
end
$$`,
    )
    .execute(db);
}
