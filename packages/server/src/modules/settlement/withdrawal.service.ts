import { type Selectable, sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { fetchPage, type Page } from '../../platform/db/paging.ts';
import type { WithdrawalStatus, WithdrawalsTable } from '../../platform/db/schema.ledger.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { SWEEP_CLAIM_MS, sweepBackoffMs } from '../../platform/jobs.ts';
import { notify } from '../../platform/notifications.ts';
import { operatorTimeZone, type Principal } from '../identity/index.ts';
import { getPolicy, lockBalances, postEntry } from '../ledger/index.ts';
import { type PayeeConfirmation, type PayoutResult, payoutProviderOf } from './payout.provider.ts';
import { assertWithdrawalTransition, withdrawalFee, withdrawalRefusal } from './settlement.rules.ts';

export interface WithdrawalView {
  id: string;
  leaderId: string;
  amountFen: number;
  feeFen: number;
  netFen: number;
  status: WithdrawalStatus;
  failureReason: string | null;
  requestedAt: string;
  decidedAt: string | null;
  finishedAt: string | null;
  /** The provider's own state of the payout (WeChat Pay's WAIT_USER_CONFIRM, …). */
  payoutState: string | null;
  /** While the payout waits for the leader to accept it in WeChat. */
  confirmation: PayeeConfirmation | null;
}

type Row = Selectable<WithdrawalsTable>;

function view(w: Row): WithdrawalView {
  return {
    id: w.id,
    leaderId: w.leader_id,
    amountFen: w.amount_fen,
    feeFen: w.fee_fen,
    netFen: w.amount_fen - w.fee_fen,
    status: w.status,
    failureReason: w.failure_reason,
    requestedAt: w.requested_at.toISOString(),
    decidedAt: w.decided_at?.toISOString() ?? null,
    finishedAt: w.finished_at?.toISOString() ?? null,
    payoutState: w.payout_state,
    confirmation: w.status === 'approved' ? w.payout_confirmation : null,
  };
}

/**
 * A leader asks to withdraw available commission. The leader's available balance row is locked
 * for the check and the move to `withdrawing`, so concurrent requests cannot overdraw it; the
 * minimum, the fee and the daily limit come from the operator's policy.
 */
export async function requestWithdrawal(
  ctx: AppContext,
  leader: Principal,
  amountFen: number,
  /**
   * closing: the whole available balance of a leader being removed (leader-transfer), asked on
   * their behalf: neither the minimum nor the daily limit applies, so the last of it can be paid.
   */
  options: { closing?: boolean } = {},
): Promise<WithdrawalView> {
  const now = ctx.clock.now();
  // A leader the provider cannot pay (no WeChat bound) is told now, before any money moves.
  const refusal = await payoutProviderOf(ctx).payeeRefusal?.(ctx.db, leader.operatorId, leader.id);
  if (refusal) throw refusal;
  const row = await ctx.db.transaction().execute(async (trx) => {
    // Both of the leader's accounts the request moves, locked in id order as postEntry updates them, so a
    // concurrent request waits here and a concurrent return of money cannot deadlock with it.
    const [available] = await lockBalances(trx, leader.operatorId, now, [
      { code: 'commission_available', partyId: leader.id },
      { code: 'commission_withdrawing', partyId: leader.id },
    ]);
    if (available === undefined) throw new Error('the available balance was not locked');
    const policy = await getPolicy(trx, leader.operatorId);
    // The daily limit counts the operator's business day.
    const tz = await operatorTimeZone(trx, leader.operatorId);
    const today = await sql<{ total: number }>`
      select coalesce(sum(w.amount_fen), 0)::bigint as total
      from withdrawals w
      where w.operator_id = ${leader.operatorId} and w.leader_id = ${leader.id}
        and w.status not in ('rejected', 'failed')
        and (w.requested_at at time zone ${tz})::date = (${now}::timestamptz at time zone ${tz})::date
    `.execute(trx);
    const refusal = withdrawalRefusal({
      amountFen,
      availableFen: available,
      withdrawnTodayFen: today.rows[0]?.total ?? 0,
      minFen: options.closing ? 1 : policy.withdrawalMinFen,
      dailyLimitFen: options.closing ? Number.MAX_SAFE_INTEGER : policy.withdrawalDailyLimitFen,
      feeBp: policy.withdrawalFeeBp,
    });
    if (refusal) throw new AppError(refusal.code, refusal.message, { availableFen: Math.max(0, available) });
    const w = {
      id: newId('wdr'),
      operator_id: leader.operatorId,
      leader_id: leader.id,
      amount_fen: amountFen,
      fee_fen: withdrawalFee(amountFen, policy.withdrawalFeeBp),
      status: 'requested' as const,
      payout_provider: null,
      payout_ref: null,
      failure_reason: null,
      requested_at: now,
      decided_at: null,
      decided_by: null,
      finished_at: null,
      updated_at: now,
      payout_attempts: 0,
      payout_claimed_until: null,
      payout_state: null,
      payout_confirmation: null,
    };
    await trx.insertInto('withdrawals').values(w).execute();
    await postEntry(trx, now, {
      operatorId: leader.operatorId,
      key: `withdrawal:${w.id}:requested`,
      kind: 'withdrawal_requested',
      document: { type: 'withdrawal', id: w.id },
      meta: { leaderId: leader.id },
      occurredAt: now,
      postings: [
        { account: { code: 'commission_available', partyId: leader.id }, amountFen },
        { account: { code: 'commission_withdrawing', partyId: leader.id }, amountFen: -amountFen },
      ],
    });
    return w;
  });
  return view(row);
}

/** Finance's withdrawals: one page, newest first, with the count of every match. */
export async function pageWithdrawals(
  db: Executor,
  operatorId: string,
  filter: { leaderId?: string | undefined; status?: WithdrawalStatus | undefined; page: number; pageSize: number },
): Promise<Page<WithdrawalView>> {
  let q = db.selectFrom('withdrawals').where('operator_id', '=', operatorId);
  if (filter.leaderId) q = q.where('leader_id', '=', filter.leaderId);
  if (filter.status) q = q.where('status', '=', filter.status);
  const listed = await fetchPage(filter, q.selectAll().orderBy('requested_at', 'desc').orderBy('id', 'desc'), q);
  return { ...listed, items: listed.items.map(view) };
}

async function lockWithdrawal(trx: Tx, operatorId: string, id: string) {
  const w = await trx
    .selectFrom('withdrawals')
    .selectAll()
    .where('id', '=', id)
    .where('operator_id', '=', operatorId)
    .forUpdate()
    .executeTakeFirst();
  if (!w) throw new AppError('NOT_FOUND', 'withdrawal not found');
  return w;
}

/** Finance approves a withdrawal; the payout is sent at once after commit (and retried by the payout sweep). */
export async function approveWithdrawal(ctx: AppContext, staff: Principal, id: string): Promise<WithdrawalView> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const w = await lockWithdrawal(trx, staff.operatorId, id);
    assertWithdrawalTransition(w.status, 'approved');
    const refusal = await payoutProviderOf(ctx).payeeRefusal?.(trx, staff.operatorId, w.leader_id);
    if (refusal) throw refusal;
    await trx
      .updateTable('withdrawals')
      .set({ status: 'approved', decided_at: now, decided_by: staff.id, updated_at: now })
      .where('id', '=', id)
      .execute();
  });
  try {
    await payOut(ctx, staff.operatorId, id);
  } catch (err) {
    // The approval stands; the payout sweep asks the provider again.
    ctx.log.warn({ err, withdrawalId: id }, 'payout not sent yet; will retry');
  }
  return getWithdrawal(ctx.db, staff.operatorId, id);
}

/** Finance rejects a withdrawal: the money goes back to the leader's available balance. */
export async function rejectWithdrawal(ctx: AppContext, staff: Principal, id: string, reason: string): Promise<WithdrawalView> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const w = await lockWithdrawal(trx, staff.operatorId, id);
    assertWithdrawalTransition(w.status, 'rejected');
    await trx
      .updateTable('withdrawals')
      .set({ status: 'rejected', failure_reason: reason, decided_at: now, decided_by: staff.id, finished_at: now, updated_at: now })
      .where('id', '=', id)
      .execute();
    await returnMoney(trx, now, w, reason);
  });
  return getWithdrawal(ctx.db, staff.operatorId, id);
}

/** One withdrawal of the operator. */
export async function getWithdrawal(db: Executor, operatorId: string, id: string): Promise<WithdrawalView> {
  const w = await db.selectFrom('withdrawals').selectAll().where('id', '=', id).where('operator_id', '=', operatorId).executeTakeFirst();
  if (!w) throw new AppError('NOT_FOUND', 'withdrawal not found');
  return view(w);
}

async function returnMoney(trx: Tx, now: Date, w: Row, reason: string): Promise<void> {
  await postEntry(trx, now, {
    operatorId: w.operator_id,
    key: `withdrawal:${w.id}:returned`,
    kind: 'withdrawal_returned',
    document: { type: 'withdrawal', id: w.id },
    memo: reason,
    meta: { leaderId: w.leader_id },
    occurredAt: now,
    postings: [
      { account: { code: 'commission_withdrawing', partyId: w.leader_id }, amountFen: w.amount_fen },
      { account: { code: 'commission_available', partyId: w.leader_id }, amountFen: -w.amount_fen },
    ],
  });
}

/**
 * Sends an approved withdrawal to the payout provider and records the outcome: paid (the leader
 * gets the amount less the fee, the operator keeps the fee) or failed (the money goes back to
 * available). The payout is claimed first (one conditional update), so of several processes (or
 * the approval and the sweep) only one asks the provider; the withdrawal id is the provider's
 * idempotency key. A provider still processing, or not answering, leaves it approved and claimed
 * for a growing wait, after which the sweep asks again.
 */
export async function payOut(ctx: AppContext, operatorId: string, id: string): Promise<WithdrawalStatus> {
  const claimedAt = ctx.clock.now();
  const claim = await ctx.db
    .updateTable('withdrawals')
    .set((eb) => ({
      payout_claimed_until: new Date(claimedAt.getTime() + SWEEP_CLAIM_MS),
      payout_attempts: eb('payout_attempts', '+', 1),
    }))
    .where('id', '=', id)
    .where('operator_id', '=', operatorId)
    .where('status', '=', 'approved')
    .where((eb) => eb.or([eb('payout_claimed_until', 'is', null), eb('payout_claimed_until', '<=', claimedAt)]))
    .returning(['leader_id', 'amount_fen', 'fee_fen', 'payout_attempts', 'payout_confirmation'])
    .executeTakeFirst();
  if (!claim) return (await getWithdrawal(ctx.db, operatorId, id)).status;
  const provider = payoutProviderOf(ctx);
  const retryLater = () =>
    ctx.db
      .updateTable('withdrawals')
      .set({ payout_claimed_until: new Date(ctx.clock.now().getTime() + sweepBackoffMs(claim.payout_attempts)) })
      .where('id', '=', id)
      .where('status', '=', 'approved')
      .execute();
  let result: PayoutResult;
  try {
    result = await provider.payout({
      withdrawalId: id,
      operatorId,
      leaderId: claim.leader_id,
      amountFen: claim.amount_fen - claim.fee_fen,
      confirmation: claim.payout_confirmation,
    });
  } catch (err) {
    await retryLater();
    throw err;
  }
  if (result.status === 'pending') {
    await recordPending(ctx, operatorId, id, provider.name, result);
    await retryLater();
    return 'approved';
  }
  return recordOutcome(ctx, operatorId, id, provider.name, result);
}

const yuan = (fen: number) => (fen / 100).toFixed(2);

/**
 * A payout still under way: the provider's state and, when the payee must accept it, what their
 * screen needs — told to the leader once, when the confirmation first appears.
 */
async function recordPending(ctx: AppContext, operatorId: string, id: string, providerName: string, result: PayoutResult): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockWithdrawal(trx, operatorId, id);
    if (row.status !== 'approved') return;
    await trx
      .updateTable('withdrawals')
      .set({
        payout_provider: providerName,
        payout_ref: result.providerRef,
        payout_state: result.providerState ?? null,
        payout_confirmation: result.confirmation ? JSON.stringify(result.confirmation) : null,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    if (result.confirmation && !row.payout_confirmation) {
      await notify(trx, now, operatorId, [
        {
          recipientKind: 'leader',
          recipientId: row.leader_id,
          title: '提现待确认收款',
          body: `您的提现 ¥${yuan(row.amount_fen - row.fee_fen)} 已发出，请在微信中打开团长端，点“确认收款”领取`,
        },
      ]);
    }
  });
}

/**
 * Records a payout's end, once: paid (the leader gets the amount less the fee, the operator keeps
 * the fee) or failed (the money goes back to available), and tells the leader. A withdrawal no
 * longer approved (already recorded) is left as it is.
 */
async function recordOutcome(
  ctx: AppContext,
  operatorId: string,
  id: string,
  providerName: string,
  result: PayoutResult,
): Promise<WithdrawalStatus> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await lockWithdrawal(trx, operatorId, id);
    if (row.status !== 'approved') return row.status;
    const to = result.status === 'succeeded' ? 'paid' : 'failed';
    assertWithdrawalTransition(row.status, to);
    const reason = result.reason ?? 'payout failed';
    await trx
      .updateTable('withdrawals')
      .set({
        status: to,
        payout_provider: providerName,
        payout_ref: result.providerRef,
        payout_state: result.providerState ?? null,
        payout_confirmation: null,
        failure_reason: to === 'failed' ? reason : null,
        finished_at: now,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    const net = yuan(row.amount_fen - row.fee_fen);
    if (to === 'failed') {
      await returnMoney(trx, now, row, reason);
      await notify(trx, now, operatorId, [
        {
          recipientKind: 'leader',
          recipientId: row.leader_id,
          title: '提现未成功',
          body: `您的提现 ¥${yuan(row.amount_fen)} 未能到账（${reason}），金额已退回可提现余额`,
        },
      ]);
      return to;
    }
    await postEntry(trx, now, {
      operatorId,
      key: `withdrawal:${id}:paid`,
      kind: 'withdrawal_paid',
      document: { type: 'withdrawal', id },
      meta: { leaderId: row.leader_id, payoutRef: result.providerRef },
      occurredAt: now,
      postings: [
        { account: { code: 'commission_withdrawing', partyId: row.leader_id }, amountFen: row.amount_fen },
        { account: { code: 'cash_out' }, amountFen: -(row.amount_fen - row.fee_fen) },
        { account: { code: 'withdrawal_fees' }, amountFen: -row.fee_fen },
      ],
    });
    await notify(trx, now, operatorId, [
      { recipientKind: 'leader', recipientId: row.leader_id, title: '提现已到账', body: `您的提现 ¥${net} 已到账` },
    ]);
    return to;
  });
}

/**
 * A provider's notification that a payout ended (verified by the caller; its amount, when given,
 * must be the withdrawal's net amount): recorded as the payout
 * sweep would, once. A payout still under way by the notice is left to the sweep; a withdrawal
 * that is not ours is NOT_FOUND.
 */
export async function applyPayoutNotice(
  ctx: AppContext,
  providerName: string,
  withdrawalId: string,
  result: PayoutResult,
  amountFen?: number,
): Promise<{ changed: boolean }> {
  const row = await ctx.db
    .selectFrom('withdrawals')
    .select(['operator_id', 'status', 'amount_fen', 'fee_fen'])
    .where('id', '=', withdrawalId)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'withdrawal not found');
  if (amountFen !== undefined && amountFen !== row.amount_fen - row.fee_fen) {
    throw new AppError('PAYMENT_AMOUNT_MISMATCH', 'the notified transfer amount differs from the withdrawal', {
      expected: row.amount_fen - row.fee_fen,
      got: amountFen,
    });
  }
  if (row.status !== 'approved' || result.status === 'pending') return { changed: false };
  const before = row.status;
  const after = await recordOutcome(ctx, row.operator_id, withdrawalId, providerName, result);
  return { changed: after !== before };
}

/** Sends every approved withdrawal that has no outcome yet (after a crash or a provider still processing). */
export async function payOutApproved(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const rows = await ctx.db
    .selectFrom('withdrawals')
    .select(['id', 'operator_id'])
    .where('status', '=', 'approved')
    .where((eb) => eb.or([eb('payout_claimed_until', 'is', null), eb('payout_claimed_until', '<=', now)]))
    .orderBy('decided_at')
    .limit(100)
    .execute();
  let done = 0;
  for (const r of rows) {
    try {
      if ((await payOut(ctx, r.operator_id, r.id)) !== 'approved') done++;
    } catch (err) {
      ctx.log.warn({ err, withdrawalId: r.id }, 'payout not sent yet; will retry');
    }
  }
  return done;
}
