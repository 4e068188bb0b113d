import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * The batch of a journal entry and the reconciliation's day closings.
 *
 * `journal_entries.batch_date` is the pickup date of the batch (one cutoff → purchase → delivery)
 * an entry belongs to, so the P&L can match an order's revenue with the cost of the goods received
 * for it, whatever day each was booked; null when the entry belongs to no batch (withdrawals).
 * Existing entries are backfilled from their document: the order's pickup date (orders, their
 * payments and refunds through `meta.orderId`), a purchase order's or route's delivery date (the
 * pickup date itself). The journal is append-only, so its guard trigger is lifted for this one
 * statement only.
 *
 * `ledger_day_closings` keeps, per operator and closed business day, every account's balance and
 * every leader's commission identity at the end of that day, so a day's reconciliation reads the
 * previous closing plus that day's postings instead of all of them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
alter table journal_entries add column batch_date date;
alter table journal_entries disable trigger journal_entries_immutable;
update journal_entries e set batch_date = coalesce(
  (select o.pickup_date from orders o
    where o.id = case when e.document_type = 'order' then e.document_id else e.meta->>'orderId' end),
  (select po.delivery_date from purchase_orders po where e.document_type = 'purchase_order' and po.id = e.document_id),
  (select r.delivery_date::date from delivery_routes r where e.document_type = 'route' and r.id = e.document_id)
);
alter table journal_entries enable trigger journal_entries_immutable;
create index journal_entries_batch on journal_entries (operator_id, batch_date);
create index journal_entries_recorded on journal_entries (operator_id, recorded_at);
create index journal_entries_order on journal_entries (operator_id, (coalesce(meta->>'orderId', document_id)));
create index payments_succeeded on payments (operator_id, succeeded_at) where status = 'succeeded';
create index refunds_created on refunds (operator_id, created_at);
create index commission_lines_accrued on commission_lines (operator_id, accrued_at);

create table ledger_day_closings (
  operator_id text not null references operators(id),
  business_date date not null,
  -- account id -> debits - credits of every posting dated up to the end of the day
  balances jsonb not null,
  -- leader id -> [commission accrued, accounted for, clawed back] up to the end of the day
  leaders jsonb not null,
  postings integer not null,
  closed_at timestamptz not null,
  primary key (operator_id, business_date)
);
`,
  );
}
