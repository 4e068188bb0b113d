import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * What residents may redeem points for (module points): an offer is a coupon template of the
 * promotions module at a points cost. Redeeming spends the points and issues the coupon in one
 * transaction; the `redeemed` entry names the coupon.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table points_offers (
  id text primary key,
  operator_id text not null,
  coupon_template_id text not null,
  title text not null,
  points_cost integer not null check (points_cost > 0),
  active boolean not null default true,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index points_offers_operator on points_offers (operator_id, active, points_cost);
`,
  );
}
