import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Invite rewards may include a coupon (module invites; promotions issues it): the operator's coupon
 * template in `invite_settings` (null: points only), and the coupon an inviter got on `invites`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
alter table invite_settings add column reward_coupon_template_id text;
alter table invites add column reward_coupon_id text;
`,
  );
}
