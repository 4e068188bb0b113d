import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Plays (team buy, flash sale, bargain) sell a campaign line at their own price through checkout's
 * pricing step, as a discount of a promotion the play owns (`trigger = 'play'`, `discount_kind =
 * 'play_price'`): the discount is the group price less the play's price, so holds, returns, the
 * ledger's marketing cost and the per-promotion reports work for them as for any promotion. A
 * play's total limit bounds its counted uses like an automatic promotion's.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
alter table promotions drop constraint promotions_trigger_check;
alter table promotions add constraint promotions_trigger_check check (trigger in ('automatic', 'coupon', 'play'));
alter table promotions drop constraint promotions_discount_kind_check;
alter table promotions add constraint promotions_discount_kind_check
  check (discount_kind in ('amount', 'percent', 'free_unit', 'play_price'));
alter table promotions add constraint promotions_play_price check ((discount_kind = 'play_price') = (trigger = 'play'));
alter table promotions add constraint promotions_play_total check (trigger <> 'play' or total_limit is null or used_count <= total_limit);
`,
  );
}
