import { type RawBuilder, sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { addDays, businessDay, dayEnd, dayStart, localDate, localDateTime } from '../../platform/calendar.ts';
import type { BillDifferenceKind } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { sendPendingRefunds } from './refund.sender.ts';
import { newId } from '../../platform/ids.ts';
import { type BillAccount, billAccounts, installationAccount } from './provider-bill.accounts.ts';
import type { BillLine, TradeBill } from './wechatpay.bill.ts';

/** The provider's bills are by Beijing date. */
const BILL_TZ = 'Asia/Shanghai';
/** WeChat Pay makes yesterday's bill from 09:00 and advises fetching it after 10:00: linli asks at 10:30. */
const BILL_READY_AT = '10:30';

export interface BillDifference {
  subject: 'payment' | 'refund';
  ref: string;
  kind: BillDifferenceKind;
  operatorId: string | null;
  linliFen: number | null;
  providerFen: number | null;
}

interface LinliSide {
  id: string;
  operator_id: string;
  amount_fen: number;
  status: string;
  day: string | null;
}

/**
 * Compares a bill with linli's records (pure). `linli` holds linli's side of every id the bill
 * names and of everything linli settled that day; `billedBefore` the ids the previous day's bill
 * had. A billed payment or refund linli has not settled is missing in linli; a billed amount
 * other than linli's differs; something linli settled that day that neither this bill nor the
 * day before's has is missing at the provider (a payment notified just after midnight is billed
 * the day before, never the day after: the provider takes the money before it tells linli).
 */
export function billDifferences(
  date: string,
  bill: TradeBill,
  linli: { payments: Map<string, LinliSide>; refunds: Map<string, LinliSide> },
  billedBefore: Set<string>,
): BillDifference[] {
  const out: BillDifference[] = [];
  const compare = (subject: 'payment' | 'refund', lines: BillLine[], ours: Map<string, LinliSide>) => {
    const billed = new Set<string>();
    for (const line of lines) {
      billed.add(line.ref);
      const mine = ours.get(line.ref);
      if (mine?.status !== 'succeeded') {
        out.push({
          subject,
          ref: line.ref,
          kind: 'missing_in_linli',
          operatorId: mine?.operator_id ?? null,
          linliFen: null,
          providerFen: line.fen,
        });
      } else if (mine.amount_fen !== line.fen) {
        out.push({
          subject,
          ref: line.ref,
          kind: 'amount_differs',
          operatorId: mine.operator_id,
          linliFen: mine.amount_fen,
          providerFen: line.fen,
        });
      }
    }
    for (const mine of ours.values()) {
      if (mine.status !== 'succeeded' || mine.day !== date || billed.has(mine.id) || billedBefore.has(mine.id)) continue;
      out.push({
        subject,
        ref: mine.id,
        kind: 'missing_at_provider',
        operatorId: mine.operator_id,
        linliFen: mine.amount_fen,
        providerFen: null,
      });
    }
  };
  compare('payment', bill.payments, linli.payments);
  compare('refund', bill.refunds, linli.refunds);
  return out;
}

/**
 * The payments (or refunds) of an account: an operator's own merchant bills only that operator's;
 * the installation's merchant those of operators without credentials of their own.
 */
function ofAccount(account: BillAccount, column: 'operator_id' | 'r.operator_id'): RawBuilder<boolean> {
  return account.operatorId !== null
    ? sql<boolean>`${sql.ref(column)} = ${account.operatorId}`
    : sql<boolean>`${sql.ref(column)} not in (select operator_id from wechatpay_credentials)`;
}

/**
 * Checks the provider's bill of `date` against linli's payments and refunds and keeps the result
 * (checking a date again replaces its check). Refused when the provider keeps no bill.
 */
export async function checkProviderBill(
  ctx: AppContext,
  date: string,
  account: BillAccount = installationAccount(ctx),
): Promise<{ checkId: string; differences: number }> {
  const { provider, key } = account;
  if (!provider.tradeBill) throw new AppError('PROVIDER_BILL_UNAVAILABLE', `the ${provider.name} provider keeps no bill`);
  if (date >= localDate(ctx.clock.now(), BILL_TZ)) throw new AppError('VALIDATION_FAILED', "a day's bill exists only from the next day");
  let bill: TradeBill;
  try {
    bill = await provider.tradeBill(date);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('PAYMENT_PROVIDER_FAILED', `the ${provider.name} bill of ${date} could not be fetched`, {
      reason: err instanceof Error ? err.message : String(err),
    });
  }
  const from = dayStart(date, BILL_TZ);
  const until = dayEnd(date, BILL_TZ);
  const paymentRefs = bill.payments.map((l) => l.ref);
  const refundRefs = bill.refunds.map((l) => l.ref);
  // A refund the provider billed while linli still waits to hear of it (its request reached the
  // provider, the answer never came back): asked again now — a refund is idempotent by its id —
  // so linli learns the outcome before comparing, instead of naming it missing.
  if (refundRefs.length > 0) {
    const waiting = await ctx.db
      .updateTable('refunds')
      .set({ next_attempt_at: null })
      .where('id', '=', sql<string>`any(${refundRefs}::text[])`)
      .where('status', '=', 'pending')
      .returning('id')
      .execute();
    if (waiting.length > 0) await sendPendingRefunds(ctx);
  }
  const day = (column: string) => businessDay(column, BILL_TZ);
  const payments = await ctx.db
    .selectFrom('payments')
    .select(['id', 'operator_id', 'amount_fen', 'status', day('succeeded_at').as('day')])
    .where('provider', '=', provider.name)
    .where(ofAccount(account, 'operator_id'))
    .where((eb) =>
      eb.or([
        eb('id', '=', sql<string>`any(${paymentRefs}::text[])`),
        eb.and([eb('status', '=', 'succeeded'), eb('succeeded_at', '>=', from), eb('succeeded_at', '<', until)]),
      ]),
    )
    .execute();
  const refunds = await ctx.db
    .selectFrom('refunds as r')
    .innerJoin('payments as p', 'p.id', 'r.payment_id')
    .select(['r.id', 'r.operator_id', 'r.amount_fen', 'r.status', day('r.succeeded_at').as('day')])
    .where('p.provider', '=', provider.name)
    .where(ofAccount(account, 'r.operator_id'))
    .where((eb) =>
      eb.or([
        eb('r.id', '=', sql<string>`any(${refundRefs}::text[])`),
        eb.and([eb('r.status', '=', 'succeeded'), eb('r.succeeded_at', '>=', from), eb('r.succeeded_at', '<', until)]),
      ]),
    )
    .execute();
  const billedBefore = await ctx.db
    .selectFrom('provider_bill_lines as l')
    .innerJoin('provider_bill_checks as c', 'c.id', 'l.check_id')
    .select('l.ref')
    .where('c.provider', '=', key)
    .where('c.bill_date', '=', addDays(date, -1))
    .execute();
  const differences = billDifferences(
    date,
    bill,
    { payments: new Map(payments.map((p) => [p.id, p])), refunds: new Map(refunds.map((r) => [r.id, r])) },
    new Set(billedBefore.map((l) => l.ref)),
  );
  const checkId = newId('pbc');
  const sum = (lines: BillLine[]) => lines.reduce((s, l) => s + l.fen, 0);
  const lines = [
    ...new Map(bill.payments.map((l) => [l.ref, { subject: 'payment' as const, ref: l.ref, amount_fen: l.fen }])).values(),
    ...new Map(bill.refunds.map((l) => [l.ref, { subject: 'refund' as const, ref: l.ref, amount_fen: l.fen }])).values(),
  ];
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('provider_bill_checks').where('provider', '=', key).where('bill_date', '=', date).execute();
    await trx
      .insertInto('provider_bill_checks')
      .values({
        id: checkId,
        provider: key,
        bill_date: date,
        checked_at: ctx.clock.now(),
        payments_count: bill.payments.length,
        payments_fen: sum(bill.payments),
        refunds_count: bill.refunds.length,
        refunds_fen: sum(bill.refunds),
        differences: differences.length,
      })
      .execute();
    for (let i = 0; i < lines.length; i += 1000) {
      await trx
        .insertInto('provider_bill_lines')
        .values(lines.slice(i, i + 1000).map((l) => ({ check_id: checkId, ...l })))
        .execute();
    }
    if (differences.length > 0) {
      await trx
        .insertInto('provider_bill_differences')
        .values(
          differences.map((d) => ({
            check_id: checkId,
            subject: d.subject,
            ref: d.ref,
            kind: d.kind,
            operator_id: d.operatorId,
            linli_fen: d.linliFen,
            provider_fen: d.providerFen,
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  });
  if (differences.length > 0) {
    ctx.log.warn({ provider: key, date, differences: differences.length }, "the provider's bill differs from linli's payments and refunds");
  }
  return { checkId, differences: differences.length };
}

/** Days the daily check catches up on after a stop (WeChat Pay keeps bills for three months). */
const CATCH_UP_DAYS = 7;

/**
 * The daily check: once yesterday's bill is ready (10:30 Beijing), checks, for every merchant
 * account (the installation's and each operator's own), every day of the last week that has no
 * check yet, from the first day the account took a payment, oldest first, so a server that was
 * down catches up. Cheap when there is nothing to do: nothing at all once the day is done here for
 * every account; an account that failed waits a quarter of an hour before its next try.
 */
export function billSweep(ctx: AppContext): () => Promise<number> {
  const state = new Map<string, { done: string | null; retryAt: number }>();
  let allDone: string | null = null;
  return async () => {
    if (ctx.payments.name === 'dev') return 0;
    const now = ctx.clock.now();
    const yesterday = addDays(localDate(now, BILL_TZ), -1);
    if (allDone === yesterday || localDateTime(now, BILL_TZ).slice(11, 16) < BILL_READY_AT) return 0;
    let ran = 0;
    let failure: unknown = null;
    for (const account of await billAccounts(ctx)) {
      const mine = state.get(account.key) ?? { done: null, retryAt: 0 };
      state.set(account.key, mine);
      if (mine.done === yesterday || now.getTime() < mine.retryAt) continue;
      try {
        ran += await catchUp(ctx, account, yesterday);
        mine.done = yesterday;
      } catch (err) {
        // Not there yet, or the provider is down: try again in a quarter of an hour, not every tick.
        mine.retryAt = now.getTime() + 15 * 60_000;
        failure ??= err;
      }
    }
    if (failure) throw failure;
    allDone = yesterday;
    return ran;
  };
}

/** Checks an account's days of the last week that have no check yet, from its first payment, oldest first. */
async function catchUp(ctx: AppContext, account: BillAccount, yesterday: string): Promise<number> {
  const first = await ctx.db
    .selectFrom('payments')
    .select(sql<string | null>`min(${businessDay('created_at', BILL_TZ)})`.as('day'))
    .where('provider', '=', account.provider.name)
    .where(ofAccount(account, 'operator_id'))
    .executeTakeFirst();
  const from = [first?.day ?? yesterday, addDays(yesterday, 1 - CATCH_UP_DAYS)].sort().at(-1) as string;
  const checked = await ctx.db
    .selectFrom('provider_bill_checks')
    .select('bill_date')
    .where('provider', '=', account.key)
    .where('bill_date', '>=', from)
    .execute();
  const have = new Set(checked.map((c) => c.bill_date));
  let ran = 0;
  for (let date = from; date <= yesterday; date = addDays(date, 1)) {
    if (have.has(date)) continue;
    await checkProviderBill(ctx, date, account);
    ran++;
  }
  return ran;
}
