import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Flash sales (秒杀, module flashsale): a session sells a quantity of one campaign line at its
 * price between two times, at most so many units per resident. Who wins is decided by a gate
 * (Redis, or in process on the embedded database); the winners' orders, with the session's
 * promotion's discount, are the record of truth. `reconciled_at` and `reconciliation` say when
 * the gate was last checked against those orders after the session, and what was found.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table flash_sales (
  id text primary key,
  operator_id text not null,
  campaign_id text not null,
  campaign_line_id text not null,
  title text not null,
  price_fen bigint not null check (price_fen > 0),
  list_price_fen bigint not null check (list_price_fen >= price_fen),
  quantity integer not null check (quantity > 0),
  per_resident_limit integer not null check (per_resident_limit > 0),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  promotion_id text not null unique,
  status text not null default 'scheduled' check (status in ('scheduled', 'cancelled')),
  reconciled_at timestamptz,
  reconciliation jsonb,
  created_by text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (ends_at > starts_at)
);
create index flash_sales_operator on flash_sales (operator_id, starts_at);
create index flash_sales_to_reconcile on flash_sales (ends_at) where reconciled_at is null;
`,
  );
}
