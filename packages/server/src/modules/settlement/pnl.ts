import type { Executor } from '../../platform/db/database.ts';
import { type AccountCode, displayBalance } from '../ledger/ledger.chart.ts';
import { businessDay, timezoneOf } from '../ledger/ledger.queries.ts';

export interface PnlFigures {
  gmvFen: number;
  refundsFen: number;
  netRevenueFen: number;
  costOfGoodsFen: number;
  commissionFen: number;
  grossMarginFen: number;
}

export interface DailyPnl extends PnlFigures {
  date: string;
  logisticsFen: number;
  marketingFen: number;
  recoveriesFen: number;
  withdrawalFeesFen: number;
  /** Gross margin less logistics and marketing, plus after-sales recoveries and withdrawal fees. */
  contributionFen: number;
  bySku: Array<PnlFigures & { skuId: string; skuName: string; categoryId: string; categoryName: string }>;
  byCategory: Array<PnlFigures & { categoryId: string; categoryName: string }>;
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

/**
 * The operator's profit and loss for a business day, from the journal: GMV (sales), refunds,
 * net revenue, cost of goods received, commission (net of claw-backs), gross margin, then
 * logistics, marketing, after-sales recoveries and withdrawal fees; by SKU and by category.
 */
export async function dailyPnl(db: Executor, operatorId: string, date: string): Promise<DailyPnl> {
  const tz = await timezoneOf(db, operatorId);
  const rows = await db
    .selectFrom('journal_postings')
    .innerJoin('ledger_accounts', 'ledger_accounts.id', 'journal_postings.account_id')
    .innerJoin('journal_entries', 'journal_entries.id', 'journal_postings.entry_id')
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
    .where('journal_postings.operator_id', '=', operatorId)
    .where('ledger_accounts.party_kind', '=', 'operator')
    .where('ledger_accounts.code', 'in', PNL_CODES)
    .where(businessDay('journal_entries.occurred_at', tz), '=', date)
    .groupBy(['ledger_accounts.code', 'journal_postings.sku_id', 'products.name', 'skus.spec', 'categories.id', 'categories.name'])
    .execute();
  const amount = (r: (typeof rows)[number]) => displayBalance(r.code as AccountCode, Number(r.total));
  const total = (code: AccountCode) => rows.filter((r) => r.code === code).reduce((s, r) => s + amount(r), 0);
  const skuIds = [...new Set(rows.filter((r) => r.sku_id).map((r) => r.sku_id as string))].sort();
  const bySku = skuIds.map((skuId) => {
    const of = rows.filter((r) => r.sku_id === skuId);
    const first = of[0];
    return {
      skuId,
      skuName: `${first?.product_name ?? ''} ${first?.spec ?? ''}`.trim(),
      categoryId: first?.category_id ?? '',
      categoryName: first?.category_name ?? '',
      ...figures((code) => of.filter((r) => r.code === code).reduce((s, r) => s + amount(r), 0)),
    };
  });
  const categoryIds = [...new Set(bySku.map((s) => s.categoryId))].sort();
  const byCategory = categoryIds.map((categoryId) => {
    const of = bySku.filter((s) => s.categoryId === categoryId);
    const add = (k: keyof PnlFigures) => of.reduce((s, x) => s + x[k], 0);
    return {
      categoryId,
      categoryName: of[0]?.categoryName ?? '',
      gmvFen: add('gmvFen'),
      refundsFen: add('refundsFen'),
      netRevenueFen: add('netRevenueFen'),
      costOfGoodsFen: add('costOfGoodsFen'),
      commissionFen: add('commissionFen'),
      grossMarginFen: add('grossMarginFen'),
    };
  });
  const main = figures(total);
  const logisticsFen = total('logistics_cost');
  const marketingFen = total('marketing_expense');
  const recoveriesFen = total('aftersales_recoveries');
  const withdrawalFeesFen = total('withdrawal_fees');
  return {
    date,
    ...main,
    logisticsFen,
    marketingFen,
    recoveriesFen,
    withdrawalFeesFen,
    contributionFen: main.grossMarginFen - logisticsFen - marketingFen + recoveriesFen + withdrawalFeesFen,
    bySku,
    byCategory,
  };
}
