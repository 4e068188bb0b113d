import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import type { Principal } from '../modules/identity/index.ts';
import { leadersOnProbation } from '../modules/leader-performance/index.ts';
import { confirmTransfer, listTransfers, startTransfer, transferDetail } from '../modules/leader-transfer/index.ts';
import { formatYuan } from '../platform/money.ts';

/**
 * The end of the simulated day (末位淘汰's second half): support staff remove a leader with members
 * on probation (the ranking's tail, leader-performance), else the one who sold least for the
 * pickup date, and confirm the proposal: the members
 * move to the nearest good leaders and are told; the leader's orders stay at their points. Runs
 * once per database (a resumed day finds the transfer and leaves it).
 */
export async function demoTransfer(
  ctx: AppContext,
  o: { operatorId: string; pickupDate: string; staff: Principal; log: (line: string) => void },
) {
  const existing = await listTransfers(ctx.db, o.operatorId, { page: 1, pageSize: 1 });
  if (existing.total > 0) return;
  const tail = [...(await leadersOnProbation(ctx.db, o.operatorId))];
  const last = await sql<{ id: string; name: string; paid: number; probation: boolean }>`
    select l.id, l.name, l.id = any(${tail}::text[]) as probation, (select count(*) from orders o
                          where o.leader_id = l.id and o.pickup_date = ${o.pickupDate} and o.paid_at is not null)::int as paid
    from leaders l
    where l.operator_id = ${o.operatorId} and l.status = 'active'
      and exists (select 1 from residents r join pickup_points pp on pp.id = r.pickup_point_id where pp.leader_id = l.id)
    order by probation desc, paid, l.id
    limit 1
  `.execute(ctx.db);
  const leader = last.rows[0];
  if (!leader) return;
  const id = await startTransfer(
    ctx,
    o.operatorId,
    { kind: 'staff', id: o.staff.id },
    { leaderId: leader.id, reason: 'removal', note: '末位淘汰' },
  );
  const proposal = await transferDetail(ctx.db, o.operatorId, id);
  o.log(
    `  transfer proposal for ${leader.name} (${leader.probation ? 'on probation, ' : ''}${leader.paid} paid orders): ${proposal.points
      .map((p) => `${p.from.name} (${p.members} members) → ${p.to ? `${p.to.name}, ${p.distanceMeters} m` : 'no point near'}`)
      .join('; ')}`,
  );
  await confirmTransfer(ctx, o.staff, id);
}

/** The report's line: the transfer, its members and points, and that no order left its point. */
export async function transferLine(ctx: AppContext, operatorId: string): Promise<string> {
  const listed = await listTransfers(ctx.db, operatorId, { page: 1, pageSize: 1 });
  const last = listed.items[0];
  if (!last) return '  transfer      none';
  const t = await transferDetail(ctx.db, operatorId, last.id);
  const targets = new Set(t.points.flatMap((p) => (p.to && p.members > 0 ? [p.to.id] : [])));
  // Orders of the leader placed at their points and now anywhere else: a transfer moves none.
  const moved = await sql<{ n: number }>`
    select count(*)::int as n from orders o
    where o.operator_id = ${operatorId} and o.leader_id = ${t.leaderId}
      and o.pickup_point_id not in (select id from pickup_points where leader_id = ${t.leaderId})
  `.execute(ctx.db);
  const withdrawn = t.withdrawalId
    ? ((await sql<{ fen: number }>`select amount_fen as fen from withdrawals where id = ${t.withdrawalId}`.execute(ctx.db)).rows[0]?.fen ??
      0)
    : 0;
  const state =
    t.status === 'completed'
      ? 'leader suspended'
      : t.status === 'confirmed'
        ? `leader winding down: ${t.openOrders} orders to hand out at the old points, commission pending ¥${formatYuan(t.commission.pendingFen)}`
        : t.status;
  return `  transfer      leader ${t.leaderName} → ${t.membersMoved} members to ${targets.size} points (proposal ${t.status === 'proposed' ? 'left for staff' : 'confirmed'}), ${moved.rows[0]?.n ?? 0} open orders moved; ${state}; closing withdrawal ¥${formatYuan(withdrawn)}`;
}
