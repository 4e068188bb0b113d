import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import { type AccountCode, displayBalance } from '../ledger/ledger.chart.ts';
import { businessDay, dayEnd, dayStart, timezoneOf } from '../ledger/ledger.queries.ts';

export interface PnlFigures {
  gmvFen: number;
  refundsFen: number;
  netRevenueFen: number;
  costOfGoodsFen: number;
  commissionFen: number;
  grossMarginFen: number;
}

export interface PnlHeadline extends PnlFigures {
  logisticsFen: number;
  marketingFen: number;
  /**
   * After-sales costs charged to the party to blame. A shortage is never one: its refund is the
   * operator's cost and the supplier is simply not paid for missing units (POSTINGS.md), so a
   * shortage cannot lift contribution above net revenue.
   */
  recoveriesFen: number;
  withdrawalFeesFen: number;
  /** Gross margin less logistics and marketing, plus after-sales recoveries and withdrawal fees. */
  contributionFen: number;
}

export type PnlSku = PnlFigures & { skuId: string; skuName: string; categoryId: string; categoryName: string };
export type PnlCategory = PnlFigures & { categoryId: string; categoryName: string };

/** The P&L of a period of business days: totals, by SKU and category over the period, and each day's headline. */
export interface PeriodPnl extends PnlHeadline {
  from: string;
  to: string;
  bySku: PnlSku[];
  byCategory: PnlCategory[];
  days: Array<PnlHeadline & { date: string }>;
}

export interface DailyPnl extends PeriodPnl {
  date: string;
}

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

function figures(get: (code: AccountCode) => number): PnlFigures {
  const gmvFen = get('sales');
  const refundsFen = get('resident_refunds');
  const costOfGoodsFen = get('cost_of_goods');
  const commissionFen = get('commission_expense');
  return {
    gmvFen,
    refundsFen,
    netRevenueFen: gmvFen - refundsFen,
    costOfGoodsFen,
    commissionFen,
    grossMarginFen: gmvFen - refundsFen - costOfGoodsFen - commissionFen,
  };
}

function headline(get: (code: AccountCode) => number): PnlHeadline {
  const main = figures(get);
  const logisticsFen = get('logistics_cost');
  const marketingFen = get('marketing_expense');
  const recoveriesFen = get('aftersales_recoveries');
  const withdrawalFeesFen = get('withdrawal_fees');
  return {
    ...main,
    logisticsFen,
    marketingFen,
    recoveriesFen,
    withdrawalFeesFen,
    contributionFen: main.grossMarginFen - logisticsFen - marketingFen + recoveriesFen + withdrawalFeesFen,
  };
}

/** Every date from `from` to `to`, both included (YYYY-MM-DD). */
function datesOf(from: string, to: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let d = Date.parse(`${from}T00:00:00Z`); d <= end; d += 86_400_000) out.push(new Date(d).toISOString().slice(0, 10));
  return out;
}

const byRevenue = (a: PnlFigures & { id: string }, b: PnlFigures & { id: string }) =>
  b.netRevenueFen - a.netRevenueFen || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The operator's profit and loss over business days `from` to `to` (both included), from the
 * journal: GMV (sales), refunds, net revenue, cost of goods received, commission (net of
 * claw-backs), gross margin, then logistics, marketing, after-sales recoveries and withdrawal
 * fees; by SKU and by category over the period (largest net revenue first), and each day's
 * headline figures. Two grouped queries over the period, whatever its length.
 */
export async function periodPnl(db: Executor, operatorId: string, from: string, to: string): Promise<PeriodPnl> {
  const tz = await timezoneOf(db, operatorId);
  const postings = db
    .selectFrom('journal_postings')
    .innerJoin('ledger_accounts', 'ledger_accounts.id', 'journal_postings.account_id')
    .innerJoin('journal_entries', 'journal_entries.id', 'journal_postings.entry_id')
    .where('journal_postings.operator_id', '=', operatorId)
    .where('ledger_accounts.party_kind', '=', 'operator')
    .where('ledger_accounts.code', 'in', PNL_CODES)
    .where('journal_entries.occurred_at', '>=', dayStart(from, tz))
    .where('journal_entries.occurred_at', '<', dayEnd(to, tz));
  const day = sql<string>`(${businessDay('journal_entries.occurred_at', tz)})::text`;
  const rows = await postings
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
  const dayRows = await postings
    .select([day.as('day'), 'ledger_accounts.code', (eb) => eb.fn.sum<number>('journal_postings.amount_fen').as('total')])
    // By position: the day's expression carries the time zone as a parameter, which GROUP BY would not match.
    .groupBy([sql`1`, 'ledger_accounts.code'])
    .execute();
  const amount = (r: { code: string; total: number | string | bigint }) => displayBalance(r.code as AccountCode, Number(r.total));
  const sumOf =
    <R extends { code: string; total: number | string | bigint }>(of: R[]) =>
    (code: AccountCode) =>
      of.filter((r) => r.code === code).reduce((s, r) => s + amount(r), 0);
  const skuIds = [...new Set(rows.filter((r) => r.sku_id).map((r) => r.sku_id as string))];
  const bySku = skuIds
    .map((skuId) => {
      const of = rows.filter((r) => r.sku_id === skuId);
      const first = of[0];
      return {
        id: skuId,
        skuId,
        skuName: `${first?.product_name ?? ''} ${first?.spec ?? ''}`.trim(),
        categoryId: first?.category_id ?? '',
        categoryName: first?.category_name ?? '',
        ...figures(sumOf(of)),
      };
    })
    .sort(byRevenue)
    .map(({ id: _, ...sku }) => sku);
  const categoryIds = [...new Set(bySku.map((s) => s.categoryId))];
  const byCategory = categoryIds
    .map((categoryId) => {
      const of = bySku.filter((s) => s.categoryId === categoryId);
      const add = (k: keyof PnlFigures) => of.reduce((s, x) => s + x[k], 0);
      return {
        id: categoryId,
        categoryId,
        categoryName: of[0]?.categoryName ?? '',
        gmvFen: add('gmvFen'),
        refundsFen: add('refundsFen'),
        netRevenueFen: add('netRevenueFen'),
        costOfGoodsFen: add('costOfGoodsFen'),
        commissionFen: add('commissionFen'),
        grossMarginFen: add('grossMarginFen'),
      };
    })
    .sort(byRevenue)
    .map(({ id: _, ...category }) => category);
  const days = datesOf(from, to).map((date) => ({ date, ...headline(sumOf(dayRows.filter((r) => r.day === date))) }));
  return { from, to, ...headline(sumOf(rows)), bySku, byCategory, days };
}

/** The P&L of one business day (a period of one day, answering its date). */
export async function dailyPnl(db: Executor, operatorId: string, date: string): Promise<DailyPnl> {
  return { date, ...(await periodPnl(db, operatorId, date, date)) };
}
