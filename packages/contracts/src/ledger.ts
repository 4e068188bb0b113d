import { z } from 'zod';
import { DateOnly, Fen, Id, Timestamp } from './common.ts';

/** A period of business days (operator's time zone), both ends included; open ends mean all time. */
export const PeriodQuery = z.strictObject({ from: DateOnly.optional(), to: DateOnly.optional() });
export const DateQuery = z.strictObject({ date: DateOnly });

export const PartyKind = z.enum(['operator', 'leader', 'supplier', 'carrier']);

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
  releasedFen: Fen,
  paidFen: Fen,
  pendingFen: Fen,
  availableFen: Fen.describe('may be negative after a claw-back; offset against future commission'),
  withdrawingFen: Fen,
  lines: z.array(StatementLine),
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
  closingFen: Fen,
  lines: z.array(StatementLine),
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
  lines: z.array(StatementLine),
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
});
export type Withdrawal = z.infer<typeof Withdrawal>;
export const WithdrawalList = z.object({ items: z.array(Withdrawal) });
export const CreateWithdrawal = z.strictObject({ amountFen: Fen.positive().max(100_000_000) });
export const WithdrawalQuery = z.strictObject({ status: WithdrawalStatus.optional() });
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
export const AccountQuery = z.strictObject({ partyKind: PartyKind.optional(), partyId: Id.optional() });

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
export const EntryQuery = z.strictObject({
  documentType: z.enum(['order', 'payment', 'refund', 'purchase_order', 'route', 'withdrawal']),
  documentId: Id,
});
export const ReverseEntry = z.strictObject({ reason: z.string().trim().min(1).max(500) });

const PnlFigures = {
  gmvFen: Fen,
  refundsFen: Fen,
  netRevenueFen: Fen,
  costOfGoodsFen: Fen,
  commissionFen: Fen,
  grossMarginFen: Fen,
};
export const DailyPnl = z.object({
  date: DateOnly,
  ...PnlFigures,
  logisticsFen: Fen,
  marketingFen: Fen,
  recoveriesFen: Fen,
  withdrawalFeesFen: Fen,
  contributionFen: Fen.describe('gross margin − logistics − marketing + after-sales recoveries + withdrawal fees'),
  bySku: z.array(z.object({ skuId: Id, skuName: z.string(), categoryId: z.string(), categoryName: z.string(), ...PnlFigures })),
  byCategory: z.array(z.object({ categoryId: z.string(), categoryName: z.string(), ...PnlFigures })),
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
