import { PNL_MAX_DAYS } from '@linli/contracts/ledger';
import type * as ledger from '@linli/contracts/ledger';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { yuan, yuanToFen } from '../../../common/format.ts';
import { issueText } from '../../../common/validation.ts';

export type Entry = z.infer<typeof ledger.Entry>;

/** 10.5 (%) from 1050 basis points. */
export function bpToPercent(bp: number): number {
  return bp / 100;
}

/** 1050 basis points from 10.5 (%), rounded to a whole basis point. */
export function percentToBp(percent: number): number {
  return Math.round(percent * 100);
}

/**
 * An antd rule for an amount typed in yuan and checked in fen with the contract's schema for
 * that field (so "at least 1 fen" reads "at least ¥0.01").
 */
export function fenRule(schema: z.ZodType, t: TFunction) {
  return {
    validator: async (_: unknown, value: unknown) => {
      if (value === undefined || value === null || value === '') throw new Error(t('common:validation.required'));
      const parsed = schema.safeParse(yuanToFen(value as number | string));
      if (parsed.success) return;
      const issue = parsed.error.issues[0]!;
      if (issue.code === 'too_small' && issue.origin === 'number') {
        const min = Number(issue.minimum) + (issue.inclusive ? 0 : 1);
        throw new Error(t('common:validation.tooSmall', { min: yuan(min) }));
      }
      if (issue.code === 'too_big' && issue.origin === 'number') {
        throw new Error(t('common:validation.tooBig', { max: yuan(Number(issue.maximum)) }));
      }
      throw new Error(issueText(t, issue));
    },
  };
}

/** An antd rule for a rate typed in % and checked in basis points with the contract's schema. */
export function bpRule(schema: z.ZodType, t: TFunction) {
  return {
    validator: async (_: unknown, value: unknown) => {
      if (value === undefined || value === null || value === '') throw new Error(t('common:validation.required'));
      const parsed = schema.safeParse(percentToBp(Number(value)));
      if (parsed.success) return;
      const issue = parsed.error.issues[0]!;
      if (issue.code === 'too_small' && issue.origin === 'number') throw new Error(t('common:validation.tooSmall', { min: '0%' }));
      if (issue.code === 'too_big' && issue.origin === 'number') throw new Error(t('common:validation.tooBig', { max: '100%' }));
      throw new Error(issueText(t, issue));
    },
  };
}

/** The longest period one P&L request answers (the contract's limit, in business days). */
export { PNL_MAX_DAYS };

const isDate = (v: string | null | undefined): v is string =>
  !!v && /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(Date.parse(`${v}T00:00:00Z`)).toISOString().slice(0, 10) === v;
const dayOf = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
const dateOf = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);

/** How many business days `from` to `to` holds, both ends included (0 when `to` is before `from`). */
export function daysIn(from: string, to: string): number {
  return Math.max(0, dayOf(to) - dayOf(from) + 1);
}

/**
 * The period the P&L shows from what a link names: both ends real dates, in order, at most
 * PNL_MAX_DAYS (the last days of a longer one are kept); otherwise the last 7 days to `today`.
 */
export function pnlPeriod(from: string | null | undefined, to: string | null | undefined, today: string): [string, string] {
  if (!isDate(from) || !isDate(to) || dayOf(to) < dayOf(from)) return [dateOf(dayOf(today) - 6), today];
  if (daysIn(from, to) > PNL_MAX_DAYS) return [dateOf(dayOf(to) - PNL_MAX_DAYS + 1), to];
  return [from, to];
}

/** Gross margin as a share of net revenue ("31.0%"), or "—" without revenue. */
export function marginText(r: { grossMarginFen: number; netRevenueFen: number }): string {
  return r.netRevenueFen > 0 ? `${((r.grossMarginFen / r.netRevenueFen) * 100).toFixed(1)}%` : '—';
}

export type Pnl = z.infer<typeof ledger.Pnl>;
export type PnlView = Pnl['view'];
export const PNL_VIEWS: readonly PnlView[] = ['batch', 'booked', 'cash'];
/** The view a link names, else by batch (pickup date), the server's default. */
export const pnlView = (v: string | null | undefined): PnlView => PNL_VIEWS.find((x) => x === v) ?? 'batch';
export type PnlDay = Pnl['days'][number];
export type CategoryRow = Pnl['byCategory'][number];
export type SkuRow = Pnl['bySku'][number];
/** The figures of the P&L's headline, in the order the cards show them. */
export const headlineKeys = [
  'gmvFen',
  'refundsFen',
  'netRevenueFen',
  'costOfGoodsFen',
  'commissionFen',
  'grossMarginFen',
  'logisticsFen',
  'marketingFen',
  'recoveriesFen',
  'withdrawalFeesFen',
  'contributionFen',
] as const;

/**
 * Whether an entry may be reversed: not itself a reversal, and not reversed already by one of
 * the document's other entries (the server refuses both; the button is hidden instead).
 */
export function canReverse(entry: Entry, documentEntries: readonly Entry[]): boolean {
  if (entry.reversesEntryId) return false;
  return !documentEntries.some((e) => e.reversesEntryId === entry.id);
}

/** The debit and credit of a posting as people read them (postings carry one or the other). */
export function postingSides(p: Entry['postings'][number]): { debit: number | null; credit: number | null } {
  return { debit: p.debitFen ? p.debitFen : null, credit: p.creditFen ? p.creditFen : null };
}
