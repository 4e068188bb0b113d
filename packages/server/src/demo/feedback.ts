import type { AppContext } from '../context.ts';
import {
  assignComplaint,
  feedbackTotals,
  fileComplaint,
  leaderComplaintRates,
  rateOrder,
  resolveComplaint,
} from '../modules/feedback/index.ts';
import type { Principal } from '../modules/identity/index.ts';

/**
 * The residents' voice on the simulated day, the evening of the pickup date: about one picked-up
 * order in four is rated (mostly well, now and then poorly), two residents of one leader complain
 * about the leader and one about a supplier's goods; support takes the supplier complaint and
 * resolves it with a reason (the resident is told). Runs once per database (a resumed day finds
 * its ratings and leaves them).
 */
export async function demoFeedback(
  ctx: AppContext,
  o: {
    operatorId: string;
    pickupDate: string;
    as: (id: string) => Principal;
    support: Principal;
    log: (line: string) => void;
  },
): Promise<void> {
  const { operatorId } = o;
  const picked = await ctx.db
    .selectFrom('orders')
    .select(['id', 'resident_id', 'leader_id'])
    .where('operator_id', '=', operatorId)
    .where('pickup_date', '=', o.pickupDate)
    .where('status', '=', 'picked_up')
    .orderBy('id')
    .execute();
  if (picked.length === 0) {
    o.log('  feedback: no picked-up orders to rate');
    return;
  }
  const rated = await ctx.db.selectFrom('order_ratings').select('id').where('operator_id', '=', operatorId).limit(1).execute();
  if (rated.length > 0) return;
  // Deterministic: every fourth order is rated; every seventh of those poorly.
  for (const [i, order] of picked.entries()) {
    if (i % 4 !== 0) continue;
    const poor = (i / 4) % 7 === 3;
    await rateOrder(ctx, o.as(order.resident_id), order.id, {
      itemsScore: poor ? 2 : 4 + (i % 2),
      freshnessScore: poor ? 2 : 5 - ((i / 4) % 3 === 1 ? 1 : 0),
      serviceScore: poor ? 1 : 4 + ((i / 4) % 2),
      ...(poor ? { comment: '菜有点蔫，团长也不太耐心' } : {}),
    });
  }
  // The leader with the most picked-up orders draws two complaints, from two of their residents' orders.
  const byLeader = new Map<string, typeof picked>();
  for (const order of picked) byLeader.set(order.leader_id, [...(byLeader.get(order.leader_id) ?? []), order]);
  const busiest = [...byLeader.values()].sort((a, b) => b.length - a.length)[0]!;
  const against: string[] = [];
  for (const order of busiest.slice(0, 2)) {
    const filed = await fileComplaint(ctx, o.as(order.resident_id), {
      orderId: order.id,
      target: 'leader',
      description: '自提点晚上八点就关门了，没取到货还要再跑一趟',
    });
    against.push(filed.id);
  }
  // Support checks the second: the point's hours were posted in the group, so it is dismissed and
  // leaves the leader's complaint rate; the first stays open, counted.
  if (against[1]) {
    await resolveComplaint(ctx, o.support, against[1], '经核实，自提时间已在群内提前公告，非团长责任', 'dismissed');
  }
  const other = picked.find((p) => p.leader_id !== busiest[0]!.leader_id) ?? picked.at(-1)!;
  const supplierComplaint = await fileComplaint(ctx, o.as(other.resident_id), {
    orderId: other.id,
    target: 'supplier',
    // An order of several suppliers' goods names the line: the first of the order's lines will do.
    ...(await firstLine(ctx, other.id)),
    description: '青菜叶子发黄，不新鲜',
  });
  await assignComplaint(ctx, o.support, supplierComplaint.id);
  await resolveComplaint(ctx, o.support, supplierComplaint.id, '已联系供应商加强分拣，下次到货前先抽检');
}

async function firstLine(ctx: AppContext, orderId: string): Promise<{ orderLineId?: string }> {
  const line = await ctx.db.selectFrom('order_lines').select('id').where('order_id', '=', orderId).orderBy('id').executeTakeFirst();
  return line ? { orderLineId: line.id } : {};
}

/** The day report's line: ratings and their average service score, complaints and how many are resolved, the worst leader by complaint rate. */
export async function feedbackLine(ctx: AppContext, operatorId: string, pickupDate: string): Promise<string> {
  const totals = await feedbackTotals(ctx.db, operatorId);
  const [worst] = await leaderComplaintRates(ctx.db, operatorId, pickupDate, pickupDate);
  const worstText =
    worst && worst.complaints > 0
      ? `worst leader ${worst.leaderName} (${worst.complaints} of ${worst.pickedUpOrders} picked-up orders, ${((worst.complaintRate ?? 0) * 100).toFixed(1)}%)`
      : 'no leader complained about';
  return `  feedback      ${totals.ratings} ratings (avg service ${totals.avgServiceScore?.toFixed(1) ?? '—'}), ${totals.complaints} complaints (${totals.resolved} resolved, ${totals.dismissed} of them dismissed), ${worstText}`;
}
