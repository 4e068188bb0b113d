import { z } from 'zod';
import { DateOnly, Fen, Id, Timestamp } from './common.ts';

/** A period of business days (operator's time zone), both ends included; open ends mean all time. */
export const PeriodQuery = z.strictObject({ from: DateOnly.optional(), to: DateOnly.optional() });
export const DateQuery = z.strictObject({ date: DateOnly });
/**
 * A statement of a period (a leader's, a supplier's or a carrier's); with page or pageSize, one page
 * of its entries (pageSize 50 unless given), the figures staying the whole period's.
 */
export const StatementQuery = PeriodQuery.extend({
  page: z.coerce.number().int().min(1).optional(),
  pageSize: z.coerce.number().int().min(1).max(200).optional(),
  order: z
    .enum(['asc', 'desc'])
    .optional()
    .describe('entries oldest first (default) or newest first; the lines of one journal entry stay together'),
});
export const SupplierStatementQuery = StatementQuery;
export const LeaderStatementQuery = StatementQuery;

export const PartyKind = z.enum(['operator', 'leader', 'supplier', 'carrier']);

/** Server paging of an admin list: page 1 and 50 a page unless given. */
const paging = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
};
/** How a statement's lines were sent: all of them, or one page. */
const statementPage = (what: string) => ({
  lines: z.array(StatementLine).describe(`the period’s ${what}, or one page of them; the figures above are always the whole period’s`),
  total: z.number().int().describe(`${what} in the period`),
  page: z.number().int().nullable().describe(`null: not paged, lines holds every one of the ${what}`),
  pageSize: z.number().int().nullable(),
});
const pageFields = { page: z.number().int(), pageSize: z.number().int(), total: z.number().int().describe('rows matching the filters') };

export const StatementLine = z.object({
  entryId: Id,
  occurredAt: Timestamp,
  kind: z.string(),
  documentType: z.string(),
  documentId: z.string(),
  memo: z.string(),
  meta: z.record(z.string(), z.unknown()),
  account: z.string(),
  amountFen: Fen.describe('on the account’s normal side: positive increases what is owed to the party'),
});

export const LeaderStatement = z.object({
  leaderId: Id,
  leaderName: z.string(),
  from: DateOnly.nullable(),
  to: DateOnly.nullable(),
  orders: z.number().int(),
  salesFen: Fen.describe('sales of the leader’s orders accrued in the period, net of refunds'),
  accruedFen: Fen,
  clawedBackFen: Fen,
  deductedFen: Fen.describe('after-sales costs the leader was blamed for'),
  adjustedFen: Fen.describe("leader performance rules' bonuses less penalties (each entry names its rule and period)"),
  helpSellSellerFen: Fen.describe(
    "帮卖 as a reseller: the commission accrued in the period on help-sell campaigns' lines, at the seller's share (part of accruedFen)",
  ),
  helpSellPublisherFen: Fen.describe(
    "帮卖 as the publisher: publisher shares accrued less clawed back (the entries name each campaign's share)",
  ),
  releasedFen: Fen,
  paidFen: Fen,
  pendingFen: Fen,
  availableFen: Fen.describe('may be negative after a claw-back; offset against future commission'),
  withdrawingFen: Fen,
  ...statementPage('lines'),
});
export type LeaderStatement = z.infer<typeof LeaderStatement>;

export const SupplierStatement = z.object({
  supplierId: Id,
  supplierName: z.string(),
  from: DateOnly.nullable(),
  to: DateOnly.nullable(),
  openingFen: Fen,
  receivedFen: Fen,
  chargebacksFen: Fen,
  helpSellFen: Fen.describe('帮卖: publisher shares of the help-sell campaigns the supplier published, accrued less clawed back'),
  closingFen: Fen,
  ...statementPage('entries'),
});

export const CarrierStatement = z.object({
  carrierId: Id,
  from: DateOnly.nullable(),
  to: DateOnly.nullable(),
  openingFen: Fen,
  routes: z.number().int(),
  stopsDelivered: z.number().int(),
  payableFen: Fen,
  closingFen: Fen,
  ...statementPage('entries'),
});

export const WithdrawalStatus = z.enum(['requested', 'approved', 'paid', 'failed', 'rejected']);
export const Withdrawal = z.object({
  id: Id,
  leaderId: Id,
  amountFen: Fen,
  feeFen: Fen,
  netFen: Fen,
  status: WithdrawalStatus,
  failureReason: z.string().nullable(),
  requestedAt: Timestamp,
  decidedAt: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
  /**
   * The payout provider's own state of the payout (WeChat Pay's transfer: WAIT_USER_CONFIRM,
   * TRANSFERING, SUCCESS, FAIL, CANCELLED …); null before it is sent, and with the dev provider.
   */
  payoutState: z.string().nullable(),
  /**
   * Set while the payout waits for the leader to accept it in WeChat: the parameters the leader's
   * page passes to `requestMerchantTransfer` (mchId, appId, package).
   */
  confirmation: z.object({ mchId: z.string(), appId: z.string(), package: z.string() }).nullable(),
});
export type Withdrawal = z.infer<typeof Withdrawal>;
export const CreateWithdrawal = z.strictObject({ amountFen: Fen.positive().max(100_000_000) });
/** A leader's own withdrawals: newest first, one page at a time. */
export const WithdrawalQuery = z.strictObject({ status: WithdrawalStatus.optional(), ...paging });
/** Finance's withdrawals: newest first, one page at a time. */
export const AdminWithdrawalQuery = z.strictObject({ status: WithdrawalStatus.optional(), leaderId: Id.optional(), ...paging });
export const WithdrawalPage = z.object({ items: z.array(Withdrawal), ...pageFields });
export const RejectWithdrawal = z.strictObject({ reason: z.string().trim().min(1).max(500) });

export const Account = z.object({
  id: Id,
  code: z.string(),
  title: z.string(),
  partyKind: PartyKind,
  partyId: z.string(),
  normalSide: z.enum(['debit', 'credit']),
  balanceFen: Fen,
});
export const AccountList = z.object({ items: z.array(Account) });
export const AccountQuery = z.strictObject({
  partyKind: PartyKind.optional(),
  partyId: Id.optional().describe('one party'),
  code: z.string().trim().min(1).max(64).optional().describe('one account code of the chart, e.g. supplier_payable'),
  ...paging,
});
/** A page of accounts (by party kind, party, code), with the sum of every matching account by code. */
export const AccountPage = z.object({
  items: z.array(Account),
  ...pageFields,
  totals: z
    .array(z.object({ code: z.string(), title: z.string(), balanceFen: Fen, accounts: z.number().int() }))
    .describe('per account code: the balance of all matching accounts (not only this page), on the normal side'),
});

export const Entry = z.object({
  id: Id,
  kind: z.string(),
  documentType: z.string(),
  documentId: z.string(),
  memo: z.string(),
  meta: z.record(z.string(), z.unknown()),
  occurredAt: Timestamp,
  recordedAt: Timestamp,
  reversesEntryId: Id.nullable(),
  postings: z.array(
    z.object({
      accountId: Id,
      code: z.string(),
      partyKind: z.string(),
      partyId: z.string(),
      debitFen: Fen,
      creditFen: Fen,
      skuId: z.string().nullable(),
    }),
  ),
});
export const EntryList = z.object({ items: z.array(Entry) });
export const DocumentType = z.enum(['order', 'payment', 'refund', 'purchase_order', 'route', 'withdrawal']);
/** One document's entries (the lookup GET /admin/finance/entries has always answered). */
export const EntryQuery = z.strictObject({ documentType: DocumentType, documentId: Id });
/**
 * The journal, filtered and paged on the server (GET /admin/finance/entries). With documentId:
 * that document's entries (oldest first unless order is given); otherwise every entry matching
 * the filters, newest first.
 */
export const JournalQuery = z.strictObject({
  documentType: DocumentType.optional(),
  documentId: Id.optional(),
  from: DateOnly.optional().describe("first business day (operator's time zone), included"),
  to: DateOnly.optional().describe('last business day, included'),
  dateOf: z
    .enum(['occurred', 'recorded'])
    .default('occurred')
    .describe('from/to apply to the business date (occurred) or to the time the entry was posted (recorded)'),
  code: z.string().trim().min(1).max(64).optional().describe('entries with a posting on an account of this code'),
  partyKind: PartyKind.optional().describe('entries with a posting on an account of this kind of party'),
  partyId: Id.optional().describe('entries with a posting on an account of this party'),
  kind: z.string().trim().min(1).max(64).optional().describe('the posting rule, e.g. order_sale'),
  order: z.enum(['asc', 'desc']).optional().describe('by business time; default newest first (oldest first for one document)'),
  ...paging,
});
export const EntryPage = z.object({ items: z.array(Entry), ...pageFields });
export const ReverseEntry = z.strictObject({ reason: z.string().trim().min(1).max(500) });

const PnlFigures = {
  gmvFen: Fen,
  refundsFen: Fen,
  netRevenueFen: Fen,
  costOfGoodsFen: Fen,
  commissionFen: Fen,
  grossMarginFen: Fen,
};
const PnlHeadline = {
  ...PnlFigures,
  logisticsFen: Fen,
  marketingFen: Fen,
  recoveriesFen: Fen,
  withdrawalFeesFen: Fen,
  contributionFen: Fen.describe('gross margin − logistics − marketing + after-sales recoveries + withdrawal fees'),
};
/** The longest period the P&L answers at once, in business days (a quarter). */
export const PNL_MAX_DAYS = 92;
const dayNumber = (d: string) => {
  const ms = Date.parse(`${d}T00:00:00Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== d ? null : ms / 86_400_000;
};
/**
 * Which day an amount counts on: `batch` (default) the pickup date of its batch, so revenue and
 * the cost of the goods bought for it meet; `booked` the day the event happened (order day,
 * receiving day); `cash` the day money moved (captured, refunded, paid out to a leader).
 */
export const PnlView = z.enum(['batch', 'booked', 'cash']);
/** One business day (`date`), or a period of them (`from` and `to`, both included, at most 92 days). */
export const PnlQuery = z
  .strictObject({ date: DateOnly.optional(), from: DateOnly.optional(), to: DateOnly.optional(), view: PnlView.optional() })
  .superRefine((q, ctx) => {
    if (q.date !== undefined) {
      if (q.from !== undefined || q.to !== undefined) ctx.addIssue({ code: 'custom', message: 'give either date, or from and to' });
      else if (dayNumber(q.date) === null) ctx.addIssue({ code: 'custom', path: ['date'], message: 'not a calendar date' });
      return;
    }
    if (q.from === undefined || q.to === undefined) {
      ctx.addIssue({ code: 'custom', message: 'give either date, or from and to' });
      return;
    }
    const from = dayNumber(q.from);
    const to = dayNumber(q.to);
    if (from === null) ctx.addIssue({ code: 'custom', path: ['from'], message: 'not a calendar date' });
    if (to === null) ctx.addIssue({ code: 'custom', path: ['to'], message: 'not a calendar date' });
    if (from === null || to === null) return;
    if (to < from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to is before from' });
    else if (to - from + 1 > PNL_MAX_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${PNL_MAX_DAYS} days` });
  });
export const PnlDay = z.object({ date: DateOnly, ...PnlHeadline });
/** A SKU's or category's marketing: what promotions took off its sales, paid by the operator (supplier-funded discounts are not the operator's cost). */
const MarketingFen = Fen.describe("promotions' cost on these sales (the operator's; GMV is at the price before discounts)");
export const PnlSku = z.object({
  skuId: Id,
  skuName: z.string(),
  categoryId: z.string(),
  categoryName: z.string(),
  ...PnlFigures,
  marketingFen: MarketingFen,
});
export const PnlCategory = z.object({ categoryId: z.string(), categoryName: z.string(), ...PnlFigures, marketingFen: MarketingFen });
/** The P&L of one business day (the ledger's day report). */
export const DailyPnl = z.object({
  date: DateOnly,
  ...PnlHeadline,
  bySku: z.array(PnlSku),
  byCategory: z.array(PnlCategory),
});
/**
 * The P&L of a period: its totals, by SKU and by category over the period (largest net revenue
 * first), and every day's headline figures in order (days without postings are zeros).
 * Asked with `date`, the period is that day and `date` is answered too.
 */
export const Pnl = z.object({
  date: DateOnly.optional().describe('the day asked for, when asked with ?date='),
  from: DateOnly,
  to: DateOnly,
  view: PnlView.describe('the days amounts count on: batch (pickup date), booked or cash'),
  ...PnlHeadline,
  bySku: z.array(PnlSku),
  byCategory: z.array(PnlCategory),
  days: z.array(PnlDay),
});

export const Reconciliation = z.object({
  date: DateOnly,
  ok: z.boolean(),
  checks: z.array(
    z.object({
      name: z.enum(['account_balances', 'clearing', 'commission']),
      ok: z.boolean(),
      expectedFen: Fen,
      ledgerFen: Fen,
      mismatches: z.array(z.object({ documentType: z.string(), documentId: z.string(), expectedFen: Fen, ledgerFen: Fen })),
    }),
  ),
});

export const ProviderBillQuery = z.strictObject({ date: DateOnly.describe('the bill date (Beijing), before today') });
export const ProviderBillDifference = z.object({
  subject: z.enum(['payment', 'refund']),
  ref: z.string().describe("linli's payment or refund id (the provider's out_trade_no / out_refund_no)"),
  kind: z
    .enum(['missing_in_linli', 'missing_at_provider', 'amount_differs'])
    .describe('in the bill but not settled in linli; settled in linli that day but in no bill; billed at another amount'),
  linliFen: Fen.nullable(),
  providerFen: Fen.nullable(),
});
export const ProviderBillCheck = z.object({
  provider: z.string(),
  date: DateOnly,
  checkedAt: Timestamp,
  paymentsCount: z.number().int(),
  paymentsFen: Fen,
  refundsCount: z.number().int(),
  refundsFen: Fen,
  differences: z.array(ProviderBillDifference),
});
export const ProviderBill = z.object({
  provider: z.string(),
  keepsBills: z.boolean().describe('false with the dev provider: there is no bill to check'),
  check: ProviderBillCheck.nullable().describe('the check of that date; null when it was not checked yet'),
});

export const Policy = z.object({
  commissionRateBp: z.number().int().min(0).max(10_000).describe('default commission rate in basis points (1000 = 10 %)'),
  releaseAfterHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 90)
    .describe('the after-sales window after pickup before commission is available'),
  withdrawalMinFen: Fen.positive(),
  withdrawalFeeBp: z.number().int().min(0).max(10_000),
  withdrawalDailyLimitFen: Fen.positive(),
});
export const UpdatePolicy = Policy.partial().strict();

export const CommissionScope = z.enum(['product', 'category', 'level']);
export const CommissionRule = z.object({ scope: CommissionScope, subject: z.string(), rateBp: z.number().int() });
export const CommissionRuleList = z.object({ items: z.array(CommissionRule) });
export const SetCommissionRule = z.strictObject({
  scope: CommissionScope,
  subject: z.string().trim().min(1).max(64).describe('product id, category id or leader level'),
  rateBp: z.number().int().min(0).max(10_000).nullable().describe('null removes the rule'),
});
