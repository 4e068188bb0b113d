import { type ExpressionBuilder, sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { DB } from '../../platform/db/schema.ts';
import type { AccountCode } from '../ledger/index.ts';
import { businessDay, dayEnd, dayStart } from '../../platform/calendar.ts';

/**
 * Report: the P&L (pnl.ts computes its figures from these rows). It sums the operator's P&L
 * accounts from the ledger's journal by SKU, with the SKU's product and category from the catalog,
 * and by day, over a period of business days, in grouped queries whatever the period's length: a
 * P&L by SKU and category is that join by nature. The cash view sums the money that moved by day.
 */

/** The operator's accounts a P&L reads. */
const PNL_CODES: AccountCode[] = [
  'sales',
  'resident_refunds',
  'cost_of_goods',
  'commission_expense',
  'logistics_cost',
  'marketing_expense',
  'aftersales_recoveries',
  'withdrawal_fees',
];

type Total = number | string | bigint;

/** A P&L account's sum over the period for one SKU (null: postings of no SKU), with the SKU's product and category. */
export interface PnlSkuRow {
  code: string;
  sku_id: string | null;
  product_name: string | null;
  spec: string | null;
  category_id: string | null;
  category_name: string | null;
  total: Total;
}

/** A P&L account's sum on one day ('YYYY-MM-DD'). */
export interface PnlDayRow {
  day: string;
  code: string;
  total: Total;
}

/**
 * The P&L accounts' postings over business days `from` to `to` (both included): by SKU over the
 * period, and by day. `batch` counts an entry on its batch's pickup date (an entry of no batch on
 * its booking day), `booked` on the business day it happened.
 */
export async function pnlRows(
  db: Executor,
  operatorId: string,
  tz: string,
  from: string,
  to: string,
  view: 'batch' | 'booked',
): Promise<{ bySku: PnlSkuRow[]; byDay: PnlDayRow[] }> {
  const booked = (eb: ExpressionBuilder<DB, 'journal_entries'>) =>
    eb.and([eb('journal_entries.occurred_at', '>=', dayStart(from, tz)), eb('journal_entries.occurred_at', '<', dayEnd(to, tz))]);
  const postings = db
    .selectFrom('journal_postings')
    .innerJoin('ledger_accounts', 'ledger_accounts.id', 'journal_postings.account_id')
    .innerJoin('journal_entries', 'journal_entries.id', 'journal_postings.entry_id')
    .where('journal_postings.operator_id', '=', operatorId)
    .where('ledger_accounts.party_kind', '=', 'operator')
    .where('ledger_accounts.code', 'in', PNL_CODES)
    .where((eb) =>
      view === 'booked'
        ? booked(eb)
        : eb.or([
            eb.and([eb('journal_entries.batch_date', '>=', from), eb('journal_entries.batch_date', '<=', to)]),
            eb.and([eb('journal_entries.batch_date', 'is', null), booked(eb)]),
          ]),
    );
  const bookedDay = businessDay('journal_entries.occurred_at', tz);
  const day =
    view === 'booked' ? sql<string>`(${bookedDay})::text` : sql<string>`(coalesce(journal_entries.batch_date, ${bookedDay}))::text`;
  const bySku = await postings
    .leftJoin('skus', 'skus.id', 'journal_postings.sku_id')
    .leftJoin('products', 'products.id', 'skus.product_id')
    .leftJoin('categories', 'categories.id', 'products.category_id')
    .select([
      'ledger_accounts.code',
      'journal_postings.sku_id',
      'products.name as product_name',
      'skus.spec',
      'categories.id as category_id',
      'categories.name as category_name',
      (eb) => eb.fn.sum<number>('journal_postings.amount_fen').as('total'),
    ])
    .groupBy(['ledger_accounts.code', 'journal_postings.sku_id', 'products.name', 'skus.spec', 'categories.id', 'categories.name'])
    .execute();
  const byDay = await postings
    .select([day.as('day'), 'ledger_accounts.code', (eb) => eb.fn.sum<number>('journal_postings.amount_fen').as('total')])
    // By position: the day's expression carries the time zone as a parameter, which GROUP BY would not match.
    .groupBy([sql`1`, 'ledger_accounts.code'])
    .execute();
  return { bySku, byDay };
}

/** A cash account's sum on one day ('YYYY-MM-DD') for one kind of entry. */
export interface CashDayRow {
  day: string;
  code: string;
  kind: string;
  total: Total;
}

/** The money that moved over business days `from` to `to`: payment clearing, withdrawals paid and their fees, by day and kind of entry. */
export async function cashRows(db: Executor, operatorId: string, tz: string, from: string, to: string): Promise<CashDayRow[]> {
  return db
    .selectFrom('journal_postings')
    .innerJoin('ledger_accounts', 'ledger_accounts.id', 'journal_postings.account_id')
    .innerJoin('journal_entries', 'journal_entries.id', 'journal_postings.entry_id')
    .select([
      sql<string>`(${businessDay('journal_entries.occurred_at', tz)})::text`.as('day'),
      'ledger_accounts.code',
      'journal_entries.kind',
      (eb) => eb.fn.sum<number>('journal_postings.amount_fen').as('total'),
    ])
    .where('journal_postings.operator_id', '=', operatorId)
    .where('ledger_accounts.code', 'in', ['payment_clearing', 'commission_withdrawing', 'withdrawal_fees'])
    .where('journal_entries.occurred_at', '>=', dayStart(from, tz))
    .where('journal_entries.occurred_at', '<', dayEnd(to, tz))
    .groupBy([sql`1`, 'ledger_accounts.code', 'journal_entries.kind'])
    .execute();
}
