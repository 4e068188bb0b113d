import type { leaderTransfer } from '@linli/contracts';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { leadersOnProbation } from '../leader-performance/index.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { LeaderTransferReason } from '../../platform/db/schema.leader-transfer.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { notify } from '../../platform/notifications.ts';
import { membersOfPoints, moveMembersOfPoint, type Principal } from '../identity/index.ts';
import { leaderCommissionHeld } from '../ledger/index.ts';
import {
  closePickupPointsOfLeader,
  leadersByIds,
  pickupPointIdsOfLeader,
  pickupPointsByIds,
  pickupPointsOf,
  suspendLeaderIn,
} from '../leader/index.ts';
import { countOrdersToServe, forgetPickupPoints } from '../ordering/index.ts';
import { requestWithdrawal } from '../settlement/index.ts';
import { type Candidate, haversineMeters, ineligibility, proposeTarget, waitingFor } from './leader-transfer.rules.ts';

/**
 * The leaders whose points take no members from a transfer, besides the leaving leader: by
 * default the leaders on probation (leader-performance's 末位 tail); `noLeadersExcluded` for none.
 */
export type ExcludedLeaders = (db: Executor, operatorId: string) => Promise<ReadonlySet<string>>;
export const noLeadersExcluded: ExcludedLeaders = async () => new Set();

/** Every pickup point of the operator as a candidate, with its leader's state and level. */
export async function candidatesOf(db: Executor, operatorId: string): Promise<Candidate[]> {
  const points = await pickupPointsOf(db, operatorId);
  const leaders = await leadersByIds(
    db,
    operatorId,
    points.map((p) => p.leaderId),
  );
  return points.map((p) => {
    const l = leaders.get(p.leaderId);
    return {
      pointId: p.id,
      leaderId: p.leaderId,
      lat: p.lat,
      lng: p.lng,
      open: p.status === 'open',
      leaderActive: l?.status === 'active',
      leaderLevel: l?.level ?? 0,
    };
  });
}

/**
 * Proposes a transfer of a leader's members: for each of their pickup points (open ones, and
 * closed ones members are still bound to) the best good point by the rule. Nothing moves until
 * staff confirm. One open transfer per leader (CONFLICT); a suspended leader is INVALID_STATE.
 */
export async function startTransfer(
  ctx: AppContext,
  operatorId: string,
  by: { kind: 'staff' | 'leader'; id: string },
  input: { leaderId: string; reason: LeaderTransferReason; note: string },
  excluded: ExcludedLeaders = leadersOnProbation,
): Promise<string> {
  const leader = (await leadersByIds(ctx.db, operatorId, [input.leaderId])).get(input.leaderId);
  if (!leader) throw new AppError('NOT_FOUND', 'leader not found');
  if (leader.status !== 'active') throw new AppError('INVALID_STATE', 'this leader is already suspended');
  const pointIds = await pickupPointIdsOfLeader(ctx.db, operatorId, leader.id);
  const points = await pickupPointsByIds(ctx.db, operatorId, pointIds);
  const members = await membersOfPoints(ctx.db, operatorId, pointIds);
  const candidates = await candidatesOf(ctx.db, operatorId);
  const skip = await excluded(ctx.db, operatorId);
  const id = newId('ltr');
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('leader_transfers')
      .values({
        id,
        operator_id: operatorId,
        leader_id: leader.id,
        reason: input.reason,
        note: input.note,
        status: 'proposed',
        requested_by_kind: by.kind,
        requested_by_id: by.id,
        created_at: now,
      })
      // The partial unique index's predicate written as in the migration (PostgreSQL matches it as text, not parameters).
      .onConflict((oc) => oc.columns(['operator_id', 'leader_id']).where(sql<boolean>`status in ('proposed', 'confirmed')`).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) throw new AppError('CONFLICT', 'this leader already has a transfer under way', { field: 'leaderId' });
    const rows = [...points.values()]
      .filter((p) => p.status === 'open' || (members.get(p.id) ?? 0) > 0)
      .map((p) => {
        const best = proposeTarget(p, leader.id, candidates, skip);
        return {
          transfer_id: id,
          operator_id: operatorId,
          from_point_id: p.id,
          proposed_point_id: best?.pointId ?? null,
          to_point_id: best?.pointId ?? null,
          distance_m: best?.distanceMeters ?? null,
          members: members.get(p.id) ?? 0,
        };
      });
    if (rows.length > 0) await trx.insertInto('leader_transfer_points').values(rows).execute();
  });
  return id;
}

async function transferRow(db: Executor, operatorId: string, id: string) {
  const row = await db
    .selectFrom('leader_transfers')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'transfer not found');
  return row;
}

/** Staff choose another target for one of the points of a proposed transfer (a good point: open, another active leader's). */
export async function setTransferTarget(
  ctx: AppContext,
  operatorId: string,
  id: string,
  fromPointId: string,
  toPointId: string,
  excluded: ExcludedLeaders = leadersOnProbation,
): Promise<void> {
  const transfer = await transferRow(ctx.db, operatorId, id);
  if (transfer.status !== 'proposed') throw new AppError('INVALID_STATE', 'only a proposed transfer can be changed');
  const from = (await pickupPointsByIds(ctx.db, operatorId, [fromPointId])).get(fromPointId);
  const target = (await candidatesOf(ctx.db, operatorId)).find((c) => c.pointId === toPointId);
  if (!target || !from) throw new AppError('NOT_FOUND', 'pickup point not found');
  const why = ineligibility(target, transfer.leader_id, await excluded(ctx.db, operatorId));
  if (why) throw new AppError('VALIDATION_FAILED', `this pickup point cannot take members (${why})`, { field: 'toPointId', reason: why });
  const updated = await ctx.db
    .updateTable('leader_transfer_points')
    .set({ to_point_id: toPointId, distance_m: haversineMeters(from, target) })
    .where('operator_id', '=', operatorId)
    .where('transfer_id', '=', id)
    .where('from_point_id', '=', fromPointId)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) throw new AppError('NOT_FOUND', 'this pickup point is not part of the transfer');
}

/** Staff drop a proposed transfer: nothing was moved. */
export async function cancelTransfer(ctx: AppContext, operatorId: string, id: string): Promise<void> {
  const transfer = await transferRow(ctx.db, operatorId, id);
  if (transfer.status === 'cancelled') return;
  if (transfer.status !== 'proposed') throw new AppError('INVALID_STATE', 'a confirmed transfer cannot be cancelled');
  await ctx.db
    .updateTable('leader_transfers')
    .set({ status: 'cancelled', cancelled_at: ctx.clock.now() })
    .where('id', '=', id)
    .where('status', '=', 'proposed')
    .execute();
}

/** What a member is told: their new pickup point, and that orders already placed are picked up where they were placed. */
function memberNotice(leaderName: string, from: { name: string }, to: { name: string; address: string; openingHours: string }) {
  const hours = to.openingHours ? `，营业时间 ${to.openingHours}` : '';
  return {
    title: '您的自提点已变更',
    body: `团长${leaderName}的自提点「${from.name}」不再接单。您的新自提点：${to.name}（${to.address}${hours}）。已下的订单仍在「${from.name}」提货。`,
  };
}

/**
 * Confirms a proposed transfer in one transaction: the transfer row is locked, so a second
 * confirmation (or one running at the same time) waits and then finds it confirmed and changes
 * nothing. Each point's members are moved to its target (each resident once: a move row per
 * transfer and resident), told their new point, the leader's points closed to new orders, and
 * the leader left active to hand out the orders already placed there; the removal completes
 * (`completeTransfer`) when those are handed out and the commission is settled.
 */
export async function confirmTransfer(ctx: AppContext, staff: Principal, id: string): Promise<void> {
  const operatorId = staff.operatorId;
  const now = ctx.clock.now();
  const confirmed = await ctx.db.transaction().execute(async (trx) => {
    const transfer = await trx
      .selectFrom('leader_transfers')
      .selectAll()
      .where('operator_id', '=', operatorId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!transfer) throw new AppError('NOT_FOUND', 'transfer not found');
    if (transfer.status === 'confirmed' || transfer.status === 'completed') return false;
    if (transfer.status === 'cancelled') throw new AppError('INVALID_STATE', 'this transfer was cancelled');
    const points = await trx
      .selectFrom('leader_transfer_points')
      .selectAll()
      .where('transfer_id', '=', id)
      .orderBy('from_point_id')
      .execute();
    const current = await membersOfPoints(
      trx,
      operatorId,
      points.map((p) => p.from_point_id),
    );
    const targets = await candidatesOf(trx, operatorId);
    const byId = await pickupPointsByIds(trx, operatorId, [
      ...points.map((p) => p.from_point_id),
      ...points.flatMap((p) => (p.to_point_id ? [p.to_point_id] : [])),
    ]);
    for (const p of points) {
      if ((current.get(p.from_point_id) ?? 0) === 0) continue;
      const target = targets.find((c) => c.pointId === p.to_point_id);
      if (!target) throw new AppError('INVALID_STATE', 'choose where the members of every point go first', { pointId: p.from_point_id });
      if (ineligibility(target, transfer.leader_id, new Set()))
        throw new AppError('INVALID_STATE', 'a target pickup point can no longer take members; choose another', {
          pointId: p.from_point_id,
        });
    }
    const leader = (await leadersByIds(trx, operatorId, [transfer.leader_id])).get(transfer.leader_id);
    let moved = 0;
    for (const p of points) {
      if (!p.to_point_id) continue;
      const residents = await moveMembersOfPoint(trx, operatorId, p.from_point_id, p.to_point_id);
      if (residents.length > 0) {
        await trx
          .insertInto('leader_transfer_moves')
          .values(
            residents.map((r) => ({
              transfer_id: id,
              operator_id: operatorId,
              resident_id: r.id,
              from_point_id: p.from_point_id,
              to_point_id: p.to_point_id as string,
              moved_at: now,
            })),
          )
          .execute();
        const from = byId.get(p.from_point_id);
        const to = byId.get(p.to_point_id);
        if (from && to) {
          const notice = memberNotice(leader?.name ?? '', from, to);
          await notify(
            trx,
            now,
            operatorId,
            residents.map((r) => ({ recipientKind: 'resident' as const, recipientId: r.id, ...notice })),
          );
        }
      }
      moved += residents.length;
      await trx
        .updateTable('leader_transfer_points')
        .set({ members: residents.length })
        .where('transfer_id', '=', id)
        .where('from_point_id', '=', p.from_point_id)
        .execute();
    }
    await closePickupPointsOfLeader(trx, operatorId, transfer.leader_id);
    await notify(trx, now, operatorId, [
      {
        recipientKind: 'leader',
        recipientId: transfer.leader_id,
        title: transfer.reason === 'leaving' ? '退出申请已确认' : '团长资格终止',
        body: `您的自提点已停止接单，${moved} 位成员已转至附近团长。已下的订单请照常在原自提点交付；售后期满、佣金结清后账号停用。`,
      },
    ]);
    await trx
      .updateTable('leader_transfers')
      .set({ status: 'confirmed', confirmed_by: staff.id, confirmed_at: now, members_moved: moved })
      .where('id', '=', id)
      .execute();
    return true;
  });
  // The closed points take no new orders in this process at once (others within the cache's moment).
  if (confirmed) forgetPickupPoints();
  await completeTransfer(ctx, operatorId, id);
}

/** The orders still to hand out at a leader's points and the commission the ledger holds for them. */
export async function windingDown(db: Executor, operatorId: string, leaderId: string) {
  const pointIds = await pickupPointIdsOfLeader(db, operatorId, leaderId);
  const openOrders = await countOrdersToServe(db, operatorId, pointIds);
  const commission = await leaderCommissionHeld(db, operatorId, leaderId);
  return { openOrders, commission };
}

/**
 * Completes a confirmed transfer when nothing holds it: no order left to hand out at the old
 * points, no commission pending (it is released by the ledger after the after-sales window, never
 * early). The leader's available commission is then asked out as a closing withdrawal (the whole
 * balance, without the minimum or daily limit; the balance is locked, so it is asked once;
 * finance approves and pays it as any other); if settlement refuses it (no WeChat bound for the
 * payout provider) the transfer waits and the leader, still active, can bind it. Then the leader is suspended. Returns whether it completed.
 */
export async function completeTransfer(ctx: AppContext, operatorId: string, id: string): Promise<boolean> {
  const transfer = await transferRow(ctx.db, operatorId, id);
  if (transfer.status !== 'confirmed') return transfer.status === 'completed';
  const setWaiting = (waiting: string[]) =>
    ctx.db
      .updateTable('leader_transfers')
      .set({ waiting_for: waiting.join(',') || null })
      .where('id', '=', id)
      .where('status', '=', 'confirmed')
      .execute();
  const state = await windingDown(ctx.db, operatorId, transfer.leader_id);
  const holding = waitingFor({ openOrders: state.openOrders, ...state.commission, availableFen: 0 });
  if (holding.length > 0) {
    await setWaiting(holding);
    return false;
  }
  let withdrawalId = transfer.withdrawal_id;
  if (state.commission.availableFen > 0) {
    const leader: Principal = { kind: 'leader', id: transfer.leader_id, operatorId, sessionId: `transfer:${id}`, roles: [] };
    try {
      withdrawalId = (await requestWithdrawal(ctx, leader, state.commission.availableFen, { closing: true })).id;
      await ctx.db
        .updateTable('leader_transfers')
        .set({ withdrawal_id: withdrawalId })
        .where('id', '=', id)
        .where('withdrawal_id', 'is', null)
        .execute();
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      // Asked already (a concurrent completion), or settlement's rules refuse it: read again below.
    }
    const after = await leaderCommissionHeld(ctx.db, operatorId, transfer.leader_id);
    if (after.availableFen > 0) {
      await setWaiting(['available_commission']);
      return false;
    }
  }
  return ctx.db.transaction().execute(async (trx) => {
    const locked = await trx
      .selectFrom('leader_transfers')
      .select(['status', 'withdrawal_id'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (locked.status !== 'confirmed') return locked.status === 'completed';
    const now = ctx.clock.now();
    await suspendLeaderIn(trx, now, operatorId, transfer.leader_id);
    await trx
      .updateTable('leader_transfers')
      .set({ status: 'completed', completed_at: now, waiting_for: null, withdrawal_id: locked.withdrawal_id ?? withdrawalId })
      .where('id', '=', id)
      .execute();
    return true;
  });
}

/** The sweep: tries to complete every confirmed transfer; returns how many completed. */
export async function completeDueTransfers(ctx: AppContext): Promise<number> {
  const due = await ctx.db
    .selectFrom('leader_transfers')
    .select(['id', 'operator_id'])
    .where('status', '=', 'confirmed')
    .orderBy('confirmed_at')
    .limit(100)
    .execute();
  let done = 0;
  for (const t of due) if (await completeTransfer(ctx, t.operator_id, t.id)) done++;
  if (done > 0) forgetPickupPoints();
  return done;
}

/** A leader asks to leave: a transfer proposed for staff to confirm. */
export async function requestLeave(
  ctx: AppContext,
  me: Principal,
  input: z.infer<typeof leaderTransfer.RequestLeave>,
  excluded: ExcludedLeaders = leadersOnProbation,
): Promise<string> {
  return startTransfer(
    ctx,
    me.operatorId,
    { kind: 'leader', id: me.id },
    { leaderId: me.id, reason: 'leaving', note: input.note },
    excluded,
  );
}
