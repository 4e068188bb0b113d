import { type Kysely, sql } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Catch-up for migrations that were edited after they were committed, on 2026-11-22 (git log -p
 * of each migration file). A database keeps what the version it ran made, and Kysely never runs a
 * migration twice, so such a database lacked what the later versions added. This brings every
 * version that was on main to today's schema, and does nothing on a database made by today's
 * files (every statement checks first):
 *
 * - 0001_initial as of 85168bb (until 498ab05): `idempotency_keys.order_id` references orders
 *   without being deferred, so `linli_place_order`, which claims the key before it writes the
 *   order, fails. Made DEFERRABLE INITIALLY DEFERRED.
 * - 0003_procurement as of 4d12fc5 (until 2e5028f): `demand_lines` had `supplier_id` (not null,
 *   which today's cutoff does not write), foreign keys to campaigns, SKUs, suppliers and pickup
 *   points, and the index `demand_lines_point`. Column and keys dropped, the index replaced by
 *   `demand_lines_date`. (Its key to operators went with 0008, on every database.)
 * - 0004_logistics, 0005_pickup_aftersales, 0006_ledger: their only other version is the empty
 *   placeholder of 0162ca4, and so is 0003's. A database that ran those placeholders (between
 *   0162ca4 and 4d12fc5; it has recorded exactly 0001-0006) never reaches this migration: 0013
 *   alters `withdrawals`, which it lacks, and the whole run rolls back. The placeholders created
 *   nothing, so the repair is to forget them,
 *     delete from schema_migrations where name in
 *       ('0003_procurement', '0004_logistics', '0005_pickup_aftersales', '0006_ledger');
 *   and migrate again: today's 0003-0006 create their tables and this migration does the rest.
 *
 * From 2e5028f on (1ce569a too), every commit had today's text of each migration it had, so its
 * databases need nothing here; no other migration has more than one version. The fixtures of
 * migrations-catch-up.test.ts are databases of these versions; migrated, each dumps like a fresh one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One statement: the block's inner semicolons must not be split by runScript.
  await sql
    .raw(
      `do $$
begin
  if exists (
    select 1 from pg_constraint
    where conrelid = 'idempotency_keys'::regclass and conname = 'idempotency_keys_order_id_fkey'
      and not (condeferrable and condeferred)
  ) then
    alter table idempotency_keys alter constraint idempotency_keys_order_id_fkey deferrable initially deferred;
  end if;
end
$$`,
    )
    .execute(db);
  await runScript(
    db,
    `
alter table demand_lines drop constraint if exists demand_lines_operator_id_fkey;
alter table demand_lines drop constraint if exists demand_lines_campaign_id_fkey;
alter table demand_lines drop constraint if exists demand_lines_sku_id_fkey;
alter table demand_lines drop constraint if exists demand_lines_pickup_point_id_fkey;
-- takes its foreign key demand_lines_supplier_id_fkey with it
alter table demand_lines drop column if exists supplier_id;
drop index if exists demand_lines_point;
create index if not exists demand_lines_date on demand_lines (operator_id, pickup_date, campaign_id);
`,
  );
}
