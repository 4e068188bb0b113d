import { type Selectable, sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { TeamDealsTable, TeamHistoryKind } from '../../platform/db/schema.teambuy.ts';
import { emit } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { formatYuan } from '../../platform/money.ts';
import { notify } from '../../platform/notifications.ts';
import { campaignWindows } from '../campaign/index.ts';
import { firstPaidOrders, giveBackWholeOrder, isPaid, ordersByIds } from '../ordering/index.ts';
import { atExpiry, extraPayerGoes, slotFor, teamExpiresAt } from './teambuy.rules.ts';

/**
 * Membership: a team order takes its slot when it is paid. The team's row lock (and the
 * conditional update behind it, `member_count < size`) decides who gets the last slot, so N+1
 * payers for N slots make exactly N members; the extra payer opens a new team or is refunded, per
 * the deal. A team short at its expiry fails once (a conditional state change only one process
 * wins) and every paid member is refunded in the same transaction, once per (kind, source).
 */

type Deal = Selectable<TeamDealsTable>;

/** A team's refund source: one refund per failed team and order, however often the expiry runs. */
export const teamRefundSource = (teamId: string, orderId: string) => `team:${teamId}:${orderId}`;

async function history(
  trx: Tx,
  at: Date,
  operatorId: string,
  teamId: string,
  kind: TeamHistoryKind,
  more: { residentId?: string | null; orderId?: string | null; amountFen?: number | null; note?: string | null } = {},
): Promise<void> {
  await trx
    .insertInto('team_history')
    .values({
      id: newId('thi'),
      operator_id: operatorId,
      team_id: teamId,
      at,
      kind,
      resident_id: more.residentId ?? null,
      order_id: more.orderId ?? null,
      amount_fen: more.amountFen ?? null,
      note: more.note ?? null,
    })
    .execute();
}

async function dealOf(trx: Tx, dealId: string) {
  return trx.selectFrom('team_deals').selectAll().where('id', '=', dealId).executeTakeFirstOrThrow();
}

/** The team locked for its slot decision (FOR NO KEY UPDATE: members' foreign keys take KEY SHARE). */
async function lockTeam(trx: Tx, teamId: string) {
  return trx.selectFrom('teams').selectAll().where('id', '=', teamId).forNoKeyUpdate().executeTakeFirstOrThrow();
}

/** Claims a pending team order for a decision: only one caller gets it (the subscriber or the expiry sweep). */
async function claimTeamOrder(
  trx: Tx,
  orderId: string,
  state: 'member' | 'refunded' | 'cancelled',
  now: Date,
  teamId: string | null,
  note: string | null,
) {
  const claimed = await trx
    .updateTable('team_orders')
    .set({ state, decided_at: now, team_id: teamId, note })
    .where('order_id', '=', orderId)
    .where('state', '=', 'pending')
    .returning(['order_id'])
    .executeTakeFirst();
  return claimed !== undefined;
}

async function tellMembers(trx: Tx, now: Date, operatorId: string, teamId: string, title: string, body: string): Promise<void> {
  const members = await trx
    .selectFrom('team_members')
    .select('resident_id')
    .where('team_id', '=', teamId)
    .where('simulated', '=', false)
    .execute();
  await notify(
    trx,
    now,
    operatorId,
    members.flatMap((m) => (m.resident_id ? [{ recipientKind: 'resident' as const, recipientId: m.resident_id, title, body }] : [])),
  );
}

async function formed(
  ctx: AppContext,
  trx: Tx,
  now: Date,
  team: { id: string; operator_id: string; deal_id: string; size: number },
  filled: number,
  title: string,
) {
  await history(trx, now, team.operator_id, team.id, 'formed', filled > 0 ? { note: `operator filled ${filled}` } : {});
  await tellMembers(trx, now, team.operator_id, team.id, '拼团成功', `您参加的「${title}」已成团，订单将按时配送到自提点。`);
  await emit(trx, ctx.clock, {
    type: 'team.formed',
    operatorId: team.operator_id,
    aggregateId: team.id,
    payload: { teamId: team.id, dealId: team.deal_id, members: team.size, filled, at: now.toISOString() },
  });
}

/** Opens a team with this paid order's resident as its opener and first member. */
async function openTeamWith(
  trx: Tx,
  now: Date,
  deal: Deal,
  cutoffAt: Date,
  order: { orderId: string; residentId: string; newcomer: boolean; note: string | null },
): Promise<string> {
  const teamId = newId('tem');
  await trx
    .insertInto('teams')
    .values({
      id: teamId,
      operator_id: deal.operator_id,
      deal_id: deal.id,
      opener_id: order.residentId,
      size: deal.team_size,
      member_count: 1,
      opened_at: now,
      expires_at: teamExpiresAt(now, deal.time_limit_minutes, cutoffAt),
    })
    .execute();
  await trx
    .insertInto('team_members')
    .values({
      id: newId('tmm'),
      operator_id: deal.operator_id,
      team_id: teamId,
      resident_id: order.residentId,
      order_id: order.orderId,
      is_opener: true,
      newcomer: order.newcomer,
      joined_at: now,
    })
    .execute();
  await history(trx, now, deal.operator_id, teamId, 'opened', { residentId: order.residentId, orderId: order.orderId, note: order.note });
  await notify(trx, now, deal.operator_id, [
    {
      recipientKind: 'resident',
      recipientId: order.residentId,
      title: '开团成功',
      body: `您已开团「${deal.title}」，还差 ${deal.team_size - 1} 人，分享链接邀请邻居参团吧。`,
    },
  ]);
  return teamId;
}

/** Of these orders, those placed as team orders still waiting for their slot (admitPaidOrder's to decide). */
export async function waitingTeamOrders(trx: Tx, orderIds: readonly string[]): Promise<Set<string>> {
  if (orderIds.length === 0) return new Set();
  const rows = await trx
    .selectFrom('team_orders')
    .select('order_id')
    .where('order_id', 'in', [...orderIds])
    .where('state', '=', 'pending')
    .execute();
  return new Set(rows.map((r) => r.order_id));
}

/**
 * Decides a paid team order, in the caller's transaction: the opener's order opens its team; a
 * joiner's takes a slot in the team it asked for while one is left (forming the team with the
 * last), else opens a new team or is refunded as the deal says. Nothing happens to an order
 * already decided (the event delivered twice, or the expiry sweep was first), or to an order that
 * is no team order. `paidAt` decides whether the payment came before the team's expiry.
 */
export async function admitPaidOrder(ctx: AppContext, trx: Tx, operatorId: string, orderId: string): Promise<void> {
  const now = ctx.clock.now();
  const intent = await trx
    .selectFrom('team_orders')
    .selectAll()
    .where('order_id', '=', orderId)
    .where('operator_id', '=', operatorId)
    .executeTakeFirst();
  if (intent?.state !== 'pending') return;
  const order = (await ordersByIds(trx, operatorId, [orderId])).get(orderId);
  if (!order?.paid_at || !isPaid(order.status)) return;
  const paidAt = new Date(order.paid_at);
  const deal = await dealOf(trx, intent.deal_id);
  const cutoffAt = (await campaignWindows(trx, operatorId, [deal.campaign_id])).get(deal.campaign_id)?.cutoffAt ?? now;
  const newcomer = (await firstPaidOrders(trx, operatorId, [intent.resident_id])).get(intent.resident_id) === orderId;
  const mayOpen = !deal.opener_newcomer_only || newcomer;

  let refused: string | null = null;
  if (intent.wanted_team_id) {
    const team = await lockTeam(trx, intent.wanted_team_id);
    const already = await trx
      .selectFrom('team_members')
      .select('id')
      .where('team_id', '=', team.id)
      .where('resident_id', '=', intent.resident_id)
      .executeTakeFirst();
    const slot = slotFor(
      { state: team.state, size: team.size, memberCount: team.member_count, expiresAt: new Date(team.expires_at) },
      paidAt,
      already !== undefined,
    );
    if (slot.join) {
      if (!(await claimTeamOrder(trx, orderId, 'member', now, team.id, null))) return;
      // The lock decided it; the condition is the backstop of `member_count <= size` (never a team of N+1).
      const took = await trx
        .updateTable('teams')
        .set({
          member_count: sql<number>`member_count + 1`,
          state: slot.forms ? 'formed' : 'open',
          formed_at: slot.forms ? now : null,
        })
        .where('id', '=', team.id)
        .where('state', '=', sql.lit('open'))
        .where(sql<boolean>`member_count < size`)
        .returning(['member_count'])
        .executeTakeFirst();
      if (!took) throw new Error(`team ${team.id} lost its slot under its own lock`);
      await trx
        .insertInto('team_members')
        .values({
          id: newId('tmm'),
          operator_id: operatorId,
          team_id: team.id,
          resident_id: intent.resident_id,
          order_id: orderId,
          newcomer,
          joined_at: now,
        })
        .execute();
      await history(trx, now, operatorId, team.id, 'joined', { residentId: intent.resident_id, orderId });
      if (slot.forms) await formed(ctx, trx, now, team, 0, deal.title);
      return;
    }
    refused = slot.reason;
    await history(trx, now, operatorId, team.id, 'refused', { residentId: intent.resident_id, orderId, note: slot.reason });
  }

  const goes = intent.wanted_team_id
    ? extraPayerGoes({ policy: deal.extra_payer_policy, dealStatus: deal.status, now, cutoffAt, mayOpen })
    : deal.status === 'active' && now.getTime() < cutoffAt.getTime() && mayOpen
      ? 'new_team'
      : 'refund';
  if (goes === 'new_team') {
    const note = refused ? `moved from ${intent.wanted_team_id}: ${refused}` : null;
    // Claimed before the team is written: a second decider of this order stops here.
    if (!(await claimTeamOrder(trx, orderId, 'member', now, null, note))) return;
    const teamId = await openTeamWith(trx, now, deal, cutoffAt, { orderId, residentId: intent.resident_id, newcomer, note });
    await trx.updateTable('team_orders').set({ team_id: teamId }).where('order_id', '=', orderId).execute();
    return;
  }
  const why = refused ?? (deal.status !== 'active' ? 'deal_closed' : mayOpen ? 'cutoff' : 'newcomers_only');
  if (!(await claimTeamOrder(trx, orderId, 'refunded', now, null, why))) return;
  const back = await giveBackWholeOrder(ctx, trx, {
    operatorId,
    orderId,
    kind: 'campaign_failed',
    blame: 'none',
    reason: `team buy: no team for this payment (${why})`,
    sourceId: `team-extra:${orderId}`,
    tell: { title: '拼团退款', body: `「${deal.title}」没有可加入的团，您的订单 ${order.order_no} 已全额退款，将原路退回。` },
  });
  if (back.outcome === 'refunded' && intent.wanted_team_id) {
    await history(trx, now, operatorId, intent.wanted_team_id, 'moved_out', {
      residentId: intent.resident_id,
      orderId,
      amountFen: back.refundedFen,
      note: 'refunded',
    });
  }
}

/** Open teams past their expiry, oldest first (a literal state: the partial index teams_open_expiry serves the plan). */
async function dueTeams(ctx: AppContext, now: Date, limit: number): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom('teams')
    .select('id')
    .where('state', '=', sql.lit('open'))
    .where('expires_at', '<=', now)
    .orderBy('expires_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Ends one team at its expiry, in its own transaction: first admits the paid orders that asked for
 * it and were paid before it expired (their event may not be delivered yet); then, if still short,
 * fills it (模拟成团, when the deal allows) or fails it. Failing is a conditional state change only
 * one caller wins; the winner refunds every paid member and cancels the unpaid orders asking for it.
 * Returns what it did.
 */
export async function expireTeam(ctx: AppContext, operatorId: string, teamId: string): Promise<'none' | 'formed' | 'filled' | 'failed'> {
  const afters: Array<() => Promise<void>> = [];
  const done = await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.clock.now();
    const locked = await trx
      .selectFrom('teams')
      .select(['id'])
      .where('id', '=', teamId)
      .where('operator_id', '=', operatorId)
      .where('state', '=', 'open')
      .forNoKeyUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!locked) return 'none' as const;
    const waiting = await trx
      .selectFrom('team_orders')
      .select(['order_id'])
      .where('wanted_team_id', '=', teamId)
      .where('state', '=', sql.lit('pending'))
      .orderBy('created_at')
      .execute();
    const orders = await ordersByIds(
      trx,
      operatorId,
      waiting.map((w) => w.order_id),
    );
    for (const w of waiting) {
      if (orders.get(w.order_id)?.paid_at) await admitPaidOrder(ctx, trx, operatorId, w.order_id);
    }
    const team = await lockTeam(trx, teamId);
    const deal = await dealOf(trx, team.deal_id);
    const decision = atExpiry(
      { state: team.state, size: team.size, memberCount: team.member_count, expiresAt: new Date(team.expires_at) },
      now,
      deal.operator_may_fill,
    );
    if (team.state === 'formed') return 'formed' as const;
    if (decision.action === 'none') return 'none' as const;
    if (decision.action === 'fill') {
      await trx
        .updateTable('teams')
        .set({ state: 'formed', formed_at: now, member_count: team.size, filled_count: decision.slots })
        .where('id', '=', teamId)
        .where('state', '=', sql.lit('open'))
        .execute();
      await trx
        .insertInto('team_members')
        .values(
          Array.from({ length: decision.slots }, () => ({
            id: newId('tmm'),
            operator_id: operatorId,
            team_id: teamId,
            resident_id: null,
            order_id: null,
            simulated: true,
            joined_at: now,
          })),
        )
        .execute();
      await history(trx, now, operatorId, teamId, 'filled', { note: `${decision.slots} slot(s) filled by the operator` });
      await formed(ctx, trx, now, team, decision.slots, deal.title);
      return 'filled' as const;
    }
    const failed = await trx
      .updateTable('teams')
      .set({ state: 'failed', failed_at: now })
      .where('id', '=', teamId)
      .where('state', '=', sql.lit('open'))
      .returning(['id'])
      .executeTakeFirst();
    if (!failed) return 'none' as const;
    await history(trx, now, operatorId, teamId, 'failed', { note: `${team.member_count} of ${team.size} at expiry` });
    const members = await trx
      .selectFrom('team_members')
      .select(['id', 'order_id', 'resident_id'])
      .where('team_id', '=', teamId)
      .where('simulated', '=', false)
      .orderBy('order_id')
      .execute();
    const refundedOrders: string[] = [];
    for (const m of members) {
      if (!m.order_id) continue;
      const back = await giveBackWholeOrder(ctx, trx, {
        operatorId,
        orderId: m.order_id,
        kind: 'campaign_failed',
        blame: 'none',
        reason: 'team buy: the team did not fill in time',
        sourceId: teamRefundSource(teamId, m.order_id),
        tell: {
          title: '拼团失败退款',
          body: `「${deal.title}」未在时限内成团，您的订单已全额退款，将原路退回。`,
        },
      });
      afters.push(back.after);
      if (back.outcome === 'refunded') {
        refundedOrders.push(m.order_id);
        await trx
          .updateTable('team_members')
          .set({ refunded_fen: sql<number>`refunded_fen + ${back.refundedFen}`, refunded_at: now })
          .where('id', '=', m.id)
          .execute();
        await trx.updateTable('team_orders').set({ state: 'refunded', decided_at: now }).where('order_id', '=', m.order_id).execute();
        await history(trx, now, operatorId, teamId, 'member_refunded', {
          residentId: m.resident_id,
          orderId: m.order_id,
          amountFen: back.refundedFen,
          note: `team failed: ¥${formatYuan(back.refundedFen)} back`,
        });
      }
    }
    // Orders still asking for this team: unpaid ones are cancelled, ones paid after the expiry are refunded.
    const still = await trx
      .selectFrom('team_orders')
      .select(['order_id', 'resident_id'])
      .where('wanted_team_id', '=', teamId)
      .where('state', '=', sql.lit('pending'))
      .orderBy('order_id')
      .execute();
    for (const s of still) {
      const back = await giveBackWholeOrder(ctx, trx, {
        operatorId,
        orderId: s.order_id,
        kind: 'campaign_failed',
        blame: 'none',
        reason: 'team buy: the team did not fill in time',
        sourceId: teamRefundSource(teamId, s.order_id),
        tell: { title: '拼团失败', body: `「${deal.title}」未在时限内成团，您的拼团订单已取消（已付款项将全额退回）。` },
      });
      afters.push(back.after);
      await trx
        .updateTable('team_orders')
        .set({ state: back.outcome === 'refunded' ? 'refunded' : 'cancelled', decided_at: now, note: 'team failed' })
        .where('order_id', '=', s.order_id)
        .execute();
      await history(trx, now, operatorId, teamId, back.outcome === 'refunded' ? 'member_refunded' : 'order_cancelled', {
        residentId: s.resident_id,
        orderId: s.order_id,
        amountFen: back.refundedFen || null,
      });
    }
    await emit(trx, ctx.clock, {
      type: 'team.failed',
      operatorId,
      aggregateId: teamId,
      payload: { teamId, dealId: team.deal_id, members: team.member_count, refundedOrders, at: now.toISOString() },
    });
    return 'failed' as const;
  });
  for (const after of afters) await after();
  if (done !== 'none') {
    ctx.jobs.kick();
    ctx.events.kick();
  }
  return done;
}

/** The expiry sweep: every open team past its expiry is filled or failed (several processes may sweep at once). */
export async function expireDueTeams(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const due = await dueTeams(ctx, now, 100);
  if (due.length === 0) return 0;
  const rows = await ctx.db.selectFrom('teams').select(['id', 'operator_id']).where('id', 'in', due).execute();
  let ended = 0;
  for (const r of rows) if ((await expireTeam(ctx, r.operator_id, r.id)) !== 'none') ended++;
  return ended;
}

/**
 * A member's order refunded later (after-sales, a shortage, their own cancel): the team keeps its
 * state and the others their price; the member's row and the team's history record it. Refunds
 * the team buy made itself are recorded where they are made.
 */
export async function recordMemberRefund(
  trx: Tx,
  now: Date,
  operatorId: string,
  r: { orderId: string; amountFen: number; sourceId: string | null; reason: string },
): Promise<void> {
  if (r.sourceId?.startsWith('team:') || r.sourceId?.startsWith('team-extra:')) return;
  const member = await trx
    .updateTable('team_members')
    .set({ refunded_fen: sql<number>`refunded_fen + ${r.amountFen}`, refunded_at: now })
    .where('order_id', '=', r.orderId)
    .where('operator_id', '=', operatorId)
    .returning(['team_id', 'resident_id'])
    .executeTakeFirst();
  if (!member) return;
  await history(trx, now, operatorId, member.team_id, 'member_refunded', {
    residentId: member.resident_id,
    orderId: r.orderId,
    amountFen: r.amountFen,
    note: r.reason,
  });
}
