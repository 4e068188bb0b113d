import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Newcomer coupons (module promotions): a coupon template may be issued to every resident at
 * sign-up (`issue_on_sign_up`); only a coupon template may. The index finds an operator's such
 * templates at each registration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
alter table promotions add column issue_on_sign_up boolean not null default false;
alter table promotions add constraint promotions_sign_up_coupon check (not issue_on_sign_up or trigger = 'coupon');
create index promotions_sign_up on promotions (operator_id) where issue_on_sign_up;
`,
  );
}
