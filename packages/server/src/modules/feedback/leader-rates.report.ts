/**
 * Report: each leader's complaint and rating rates over a period: complaints against the leader and
 * ratings of the leader's orders, per order picked up at the leader's points in the period.
 *
 * Why it joins across modules: the rates divide feedback's own counts (leaderFeedbackRates) by the
 * leader's picked-up orders, which are ordering's rows, counted here in one grouped read by their
 * pickup date; and names each leader through leader's face.
 */
import type { feedback } from '@linli/contracts';
import type { z } from 'zod';
import type { Executor } from '../../platform/db/database.ts';
import { leadersByIds } from '../leader/index.ts';
import { leaderFeedbackRates } from './feedback.queries.ts';
import { rate } from './feedback.rules.ts';

export type LeaderRates = z.infer<typeof feedback.LeaderRates>;

/**
 * Every leader with picked-up orders, complaints or ratings in the period (or only `leaderIds`),
 * worst complaint rate first: picked-up orders (by pickup date), complaints against them and
 * ratings of their orders (by the day given), the rates of both per picked-up order, and the
 * average service score. Business days, `from` and `to` included.
 */
export async function leaderComplaintRates(
  db: Executor,
  operatorId: string,
  from: string,
  to: string,
  leaderIds?: readonly string[],
): Promise<LeaderRates[]> {
  let orders = db
    .selectFrom('orders')
    .select(['leader_id as leaderId', (eb) => eb.fn.countAll<string>().as('n')])
    .where('operator_id', '=', operatorId)
    .where('status', '=', 'picked_up')
    .where('pickup_date', '>=', from)
    .where('pickup_date', '<=', to)
    .groupBy('leader_id');
  if (leaderIds) orders = orders.where('leader_id', 'in', leaderIds.length ? [...leaderIds] : ['']);
  const [picked, fb] = await Promise.all([orders.execute(), leaderFeedbackRates(db, operatorId, from, to)]);
  const byLeader = new Map<string, { orders: number; complaints: number; ratings: number; avg: number | null }>();
  for (const p of picked) byLeader.set(p.leaderId, { orders: Number(p.n), complaints: 0, ratings: 0, avg: null });
  for (const f of fb) {
    if (leaderIds && !leaderIds.includes(f.leaderId)) continue;
    const e = byLeader.get(f.leaderId) ?? { orders: 0, complaints: 0, ratings: 0, avg: null };
    byLeader.set(f.leaderId, { ...e, complaints: f.complaints, ratings: f.ratings, avg: f.avgServiceScore });
  }
  for (const id of leaderIds ?? []) if (!byLeader.has(id)) byLeader.set(id, { orders: 0, complaints: 0, ratings: 0, avg: null });
  const leaders = await leadersByIds(db, operatorId, byLeader.keys());
  const key = (r: LeaderRates) => r.complaintRate ?? (r.complaints > 0 ? Number.MAX_SAFE_INTEGER : -1);
  return [...byLeader.entries()]
    .map(([leaderId, e]) => ({
      leaderId,
      leaderName: leaders.get(leaderId)?.name ?? leaderId,
      pickedUpOrders: e.orders,
      complaints: e.complaints,
      complaintRate: rate(e.complaints, e.orders),
      ratings: e.ratings,
      ratingRate: rate(e.ratings, e.orders),
      avgServiceScore: e.avg,
    }))
    .sort((a, b) => key(b) - key(a) || b.complaints - a.complaints || (a.leaderName < b.leaderName ? -1 : 1));
}
