import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Why a purchase-order line came in short, chosen by the warehouse at receiving: the supplier
 * shipped short or goods were rejected (the supplier's side), or the warehouse lost or damaged
 * them. A shortage allocation's blame may now be the warehouse. Nullable column without a
 * default: adding it rewrites nothing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
alter table purchase_order_lines add column short_reason text
  check (short_reason in ('supplier_short_shipped', 'rejected_quality', 'warehouse_error', 'damaged_in_warehouse'));
alter table shortage_allocations drop constraint shortage_allocations_blame_check;
alter table shortage_allocations add constraint shortage_allocations_blame_check
  check (blame in ('supplier', 'warehouse', 'operator', 'none'));
`,
  );
}
