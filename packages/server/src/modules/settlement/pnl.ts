import type { Executor } from '../../platform/db/database.ts';
import { type AccountCode, displayBalance } from '../ledger/index.ts';
import { operatorTimeZone } from '../identity/index.ts';
import { cashRows, pnlRows } from './pnl.report.ts';

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

/** A SKU's or category's figures, with what promotions cost on its sales (marketing; its GMV is at the price before discounts). */
export type PnlSku = PnlFigures & { skuId: string; skuName: string; categoryId: string; categoryName: string; marketingFen: number };
export type PnlCategory = PnlFigures & { categoryId: string; categoryName: string; marketingFen: number };

/** The P&L of a period of business days: totals, by SKU and category over the period, and each day's headline. */
export interface PeriodPnl extends PnlHeadline {
  from: string;
  to: string;
  view: PnlView;
  bySku: PnlSku[];
  byCategory: PnlCategory[];
  days: Array<PnlHeadline & { date: string }>;
}

export interface DailyPnl extends PeriodPnl {
  date: string;
}

/**
 * Which day an amount counts on. `batch` (the default): the pickup date of its batch (one cutoff →
 * purchase → delivery), so an order's revenue meets the cost of the goods received for it and
 * later refunds and claw-backs, whatever day each was booked; an entry of no batch (withdrawal
 * fees) counts on its booking day. `booked`: the business day the event happened (order day,
 * receiving day). `cash`: the day money moved at the payment provider or out to a leader (see
 * cashPnl).
 */
export const PNL_VIEWS = ['batch', 'booked', 'cash'] as const;
export type PnlView = (typeof PNL_VIEWS)[number];

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
export async function periodPnl(db: Executor, operatorId: string, from: string, to: string, view: PnlView = 'batch'): Promise<PeriodPnl> {
  const tz = await operatorTimeZone(db, operatorId);
  if (view === 'cash') return cashPnl(db, operatorId, tz, from, to);
  const { bySku: rows, byDay: dayRows } = await pnlRows(db, operatorId, tz, from, to, view);
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
        marketingFen: sumOf(of)('marketing_expense'),
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
        marketingFen: of.reduce((s, x) => s + x.marketingFen, 0),
      };
    })
    .sort(byRevenue)
    .map(({ id: _, ...category }) => category);
  const days = datesOf(from, to).map((date) => ({ date, ...headline(sumOf(dayRows.filter((r) => r.day === date))) }));
  return { from, to, view, ...headline(sumOf(rows)), bySku, byCategory, days };
}

/**
 * The cash view: each day's money in and out, by the day it moved. GMV is what residents paid
 * (captured at the provider), refunds what went back to them (late payments included), commission
 * what leaders were paid out (their withdrawal fee kept as the operator's income). Suppliers and
 * carriers are not paid through the ledger yet (their payables stay open), so cost of goods and
 * logistics are 0 here; money is not per SKU, so there is no breakdown by SKU or category.
 */
async function cashPnl(db: Executor, operatorId: string, tz: string, from: string, to: string): Promise<PeriodPnl> {
  const rows = await cashRows(db, operatorId, tz, from, to);
  const cash = (of: typeof rows) => {
    const sum = (code: string, kinds: string[]) =>
      of.filter((r) => r.code === code && kinds.includes(r.kind)).reduce((s, r) => s + Number(r.total), 0);
    const gmvFen = sum('payment_clearing', ['payment_captured']);
    const refundsFen = -sum('payment_clearing', ['refund', 'late_payment_refund']);
    const commissionFen = sum('commission_withdrawing', ['withdrawal_paid']);
    const withdrawalFeesFen = -sum('withdrawal_fees', ['withdrawal_paid']);
    const netRevenueFen = gmvFen - refundsFen;
    const grossMarginFen = netRevenueFen - commissionFen;
    return {
      gmvFen,
      refundsFen,
      netRevenueFen,
      costOfGoodsFen: 0,
      commissionFen,
      grossMarginFen,
      logisticsFen: 0,
      marketingFen: 0,
      recoveriesFen: 0,
      withdrawalFeesFen,
      contributionFen: grossMarginFen + withdrawalFeesFen,
    };
  };
  const days = datesOf(from, to).map((date) => ({ date, ...cash(rows.filter((r) => r.day === date)) }));
  return { from, to, view: 'cash', ...cash(rows), bySku: [], byCategory: [], days };
}

/**
 * The batch P&L of one pickup date: the revenue of the orders picked up that day, their refunds
 * and claw-backs, and the cost of the goods received and routes driven for them, whichever day
 * each was booked (the demo day report shows it for the demo's pickup date).
 */
export async function batchPnl(db: Executor, operatorId: string, pickupDate: string): Promise<DailyPnl> {
  return { date: pickupDate, ...(await periodPnl(db, operatorId, pickupDate, pickupDate, 'batch')) };
}

/** The P&L of one business day (a period of one day, answering its date). */
export async function dailyPnl(db: Executor, operatorId: string, date: string, view: PnlView = 'batch'): Promise<DailyPnl> {
  return { date, ...(await periodPnl(db, operatorId, date, date, view)) };
}
