import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Refunds say what kind they are and who is to blame (for settlement), and which order lines
 * and quantities they give back, so partial refunds per line can be added up and capped.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
alter table refunds add column kind text not null default 'cancel'
  check (kind in ('cancel', 'late_payment', 'campaign_cancelled', 'campaign_failed', 'shortage', 'handover', 'aftersales', 'unpicked'));
alter table refunds add column blame text check (blame in ('supplier', 'warehouse', 'driver', 'leader', 'operator', 'none'));
alter table refunds add column source_id text;

create table refund_lines (
  refund_id text not null references refunds(id),
  operator_id text not null references operators(id),
  order_line_id text not null references order_lines(id),
  quantity integer not null check (quantity >= 0),
  amount_fen bigint not null check (amount_fen > 0),
  primary key (refund_id, order_line_id)
);
create index refund_lines_line on refund_lines (order_line_id);

-- one refund per business cause: a retried step cannot refund twice
create unique index refunds_source on refunds (kind, source_id) where source_id is not null;
`,
  );
}
