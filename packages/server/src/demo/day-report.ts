import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import { formatYuan } from '../platform/money.ts';
import { providerBillCheck } from '../modules/payment/index.ts';
import { noticeCounts } from '../modules/notices/index.ts';
import { pointsTotals } from '../modules/points/index.ts';
import { lotteryTotals } from '../modules/lottery/index.ts';
import { bargainTotals } from '../modules/bargain/index.ts';
import { promotionResults } from '../modules/ledger/index.ts';
import { invitesLine } from './invites.ts';
import { flashSaleLines } from './flashsale.ts';
import { teambuyLine } from './teambuys.ts';
import { recruitingLine } from './recruiting.ts';
import { helpSellLine } from './help-sell.ts';
import { crmLine } from './crm.ts';
import { trainingLine } from './training.ts';
import { transferLine } from './transfer.ts';
import { performanceLine } from './performance.ts';
import { feedbackLine } from './feedback.ts';
import { batchPnl, ledgerDayReport } from '../modules/settlement/index.ts';

/**
 * Every paid order promised for a pickup date, counted into exactly one outcome: picked up,
 * delivered but not picked up, refunded in full (by the cause of its last refund), postponed to a
 * later day, or not delivered (still waiting: paid or sorted and on no route, which a dispatcher
 * must decide). The outcomes sum to `paid`, which is counted on its own.
 */
export async function orderOutcomes(
  ctx: AppContext,
  operatorId: string,
  pickupDate: string,
): Promise<{ paid: number; outcomes: Array<{ outcome: string; orders: number }> }> {
  const promised = sql`o.operator_id = ${operatorId} and o.paid_at is not null and (o.pickup_date = ${pickupDate}
    or o.id in (select order_id from pickup_postponements where operator_id = ${operatorId} and from_date = ${pickupDate}))`;
  const paid = (await sql<{ n: number }>`select count(*)::int as n from orders o where ${promised}`.execute(ctx.db)).rows[0]!.n;
  const outcomes = (
    await sql<{ outcome: string; orders: number }>`
      select case
               when o.pickup_date <> ${pickupDate} then 'postponed'
               when o.status = 'refunded' then 'refunded: ' || coalesce(
                 (select r.kind from refunds r where r.order_id = o.id order by r.created_at desc, r.id desc limit 1), 'unknown')
               when o.status = 'picked_up' then 'picked up'
               when o.status = 'delivered' then 'delivered, not picked up'
               else 'not delivered (' || o.status || ')'
             end as outcome,
             count(*)::int as orders
      from orders o where ${promised}
      group by 1 order by 2 desc, 1`.execute(ctx.db)
  ).rows;
  return { paid: Number(paid), outcomes: outcomes.map((r) => ({ outcome: r.outcome, orders: Number(r.orders) })) };
}

/** What residents were told outside the app (SMS, WeChat): by kind, by channel, and how it went. */
async function noticeLine(ctx: AppContext, operatorId: string): Promise<string> {
  const counts = await noticeCounts(ctx.db, operatorId);
  const total = (pick: (c: (typeof counts)[number]) => boolean) => counts.filter(pick).reduce((s, c) => s + c.count, 0);
  const kinds = [...new Set(counts.map((c) => c.kind))].map((k) => `${total((c) => c.kind === k)} ${k.replace('_', ' ')}`);
  const statuses = ['sent', 'pending', 'skipped', 'failed'].map((st) => `${total((c) => c.status === st)} ${st}`);
  const channels = ['sms', 'wechat'].map((ch) => `${total((c) => c.channel === ch)} by ${ch}`);
  return `  notices       ${total(() => true)} to residents outside the app (${kinds.join(', ') || 'none'}; ${total((c) => c.manual)} resent by leaders): ${statuses.join(', ')}; ${channels.join(', ')} (${ctx.sms.name} SMS provider)`;
}

/** The day's promotions: coupons issued, used and given back, and each promotion's orders and cost as the ledger books it. */
async function promotionLines(ctx: AppContext, operatorId: string): Promise<string[]> {
  const promotions = await ctx.db
    .selectFrom('promotions')
    .select(['id', 'name', 'trigger'])
    .where('operator_id', '=', operatorId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const results = await promotionResults(
    ctx.db,
    operatorId,
    promotions.map((p) => p.id),
  );
  const all = [...results.values()];
  const sum = (k: 'couponsIssued' | 'couponsUsed' | 'couponsReturned' | 'costFen') => all.reduce((s, r) => s + r[k], 0);
  const bySource = await ctx.db
    .selectFrom('coupons')
    .select((eb) => ['source', eb.fn.countAll<number>().as('n')])
    .where('operator_id', '=', operatorId)
    .groupBy('source')
    .orderBy('source')
    .execute();
  const sources = bySource.map((c) => `${Number(c.n)} ${c.source === 'newcomer' ? 'to new residents at sign-up' : `by ${c.source}`}`);
  return [
    `  promotions    ${sum('couponsIssued')} coupons issued (${sources.join(', ') || 'none'}), ${sum('couponsUsed')} used, ${sum('couponsReturned')} given back (cancels, expiries, full refunds); cost ¥${formatYuan(sum('costFen'))} (the ledger's marketing)`,
    ...promotions.map((p) => {
      const r = results.get(p.id);
      const coupons = p.trigger === 'coupon' ? `${r?.couponsIssued ?? 0} coupons issued, ${r?.couponsUsed ?? 0} used, ` : '';
      return `    ${p.name}: ${coupons}${r?.orders ?? 0} paid orders, ${r?.newResidents ?? 0} new residents, ¥${formatYuan(r?.discountFen ?? 0)} off, cost ¥${formatYuan(r?.costFen ?? 0)}, GMV ¥${formatYuan(r?.gmvFen ?? 0)}, ROI ${r?.roi ?? '—'}`;
    }),
  ];
}

/** The payment provider's bills of the days, as checked against linli (WeChat Pay's; the dev provider keeps none). */
async function providerBillLines(ctx: AppContext, operatorId: string, dates: string[]): Promise<string[]> {
  if (!ctx.payments.tradeBill) {
    return [`  provider bill the ${ctx.payments.name} provider keeps no bill (npm run demo -- --provider wechatpay checks WeChat Pay's)`];
  }
  const out: string[] = [];
  for (const date of dates) {
    const check = await providerBillCheck(ctx.db, operatorId, ctx.payments.name, date);
    if (!check) {
      out.push(`  provider bill ${date}: not checked yet (checked at 10:30 the next morning)`);
      continue;
    }
    const kinds = new Map<string, number>();
    for (const d of check.differences) kinds.set(d.kind, (kinds.get(d.kind) ?? 0) + 1);
    out.push(
      `  provider bill ${date} (${ctx.payments.name}): ${check.paymentsCount} payments ¥${formatYuan(check.paymentsFen)}, ${check.refundsCount} refunds ¥${formatYuan(check.refundsFen)}; ${
        check.differences.length === 0 ? 'no difference with linli' : `DIFFERENCES ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`
      }`,
    );
  }
  return out;
}

/** The figures of one simulated day, read back from the database (nothing is counted in memory). */
export async function dayReport(ctx: AppContext, operatorId: string, orderDate: string, pickupDate: string): Promise<string[]> {
  const one = async <T>(q: ReturnType<typeof sql<T>>) => (await q.execute(ctx.db)).rows[0] as T;
  const orders = await one(sql<{
    placed: number;
    paid: number;
    cancelled: number;
    expired: number;
    refunded: number;
    gmv: number;
    refunded_fen: number;
  }>`
    select count(*)::int as placed,
           count(*) filter (where paid_at is not null)::int as paid,
           count(*) filter (where status = 'cancelled')::int as cancelled,
           count(*) filter (where status = 'expired')::int as expired,
           count(*) filter (where status = 'refunded')::int as refunded,
           coalesce(sum(total_fen) filter (where paid_at is not null), 0)::bigint as gmv,
           coalesce(sum(refunded_fen), 0)::bigint as refunded_fen
    from orders where operator_id = ${operatorId} and pickup_date = ${pickupDate}`);
  const campaigns = await one(sql<{ total: number; failed: number }>`
    select count(*)::int as total,
           (select count(*) from outbox e where e.operator_id = ${operatorId} and e.event_type = 'campaign.failed'
              and e.payload->>'pickupDate' = ${pickupDate})::int as failed
    from campaigns where operator_id = ${operatorId} and pickup_date = ${pickupDate}`);
  const purchasing = await one(sql<{ pos: number; lines: number; ordered: number; accepted: number; rejected: number }>`
    select count(distinct po.id)::int as pos, count(l.id)::int as lines,
           coalesce(sum(l.ordered_quantity), 0)::int as ordered,
           coalesce(sum(l.accepted_quantity), 0)::int as accepted,
           coalesce(sum(l.rejected_quantity), 0)::int as rejected
    from purchase_orders po join purchase_order_lines l on l.purchase_order_id = po.id
    where po.operator_id = ${operatorId} and po.delivery_date = ${pickupDate}`);
  const shortage = await one(sql<{ units: number; sold: number }>`
    select coalesce(sum(rl.quantity) filter (where r.kind = 'shortage'), 0)::int as units,
           (select coalesce(sum(l.quantity), 0) from order_lines l join orders o on o.id = l.order_id
             where o.operator_id = ${operatorId} and o.pickup_date = ${pickupDate} and o.paid_at is not null)::int as sold
    from refunds r join refund_lines rl on rl.refund_id = r.id join orders o on o.id = r.order_id
    where o.operator_id = ${operatorId} and o.pickup_date = ${pickupDate}`);
  const routes = await one(sql<{ routes: number; vehicles: number; km: number; cost: number; outsourced: number }>`
    select count(*)::int as routes, count(distinct vehicle_type_id)::int as vehicles,
           coalesce(sum(distance_m), 0)::float / 1000 as km, coalesce(sum(cost_fen), 0)::bigint as cost,
           count(*) filter (where carrier_id is not null)::int as outsourced
    from delivery_routes where operator_id = ${operatorId} and delivery_date = ${pickupDate} and status <> 'cancelled'`);
  // Vehicles and their trips (a vehicle's trips share its number), and points delivered in one drop per class.
  const trips = await one(sql<{ vehicles: number; multi: number; split: number }>`
    select (select count(distinct coalesce(vehicle_no::text, id)) from delivery_routes
             where operator_id = ${operatorId} and delivery_date = ${pickupDate} and status <> 'cancelled')::int as vehicles,
           (select count(*) from (select vehicle_no from delivery_routes
             where operator_id = ${operatorId} and delivery_date = ${pickupDate} and status <> 'cancelled' and vehicle_no is not null
             group by vehicle_no having count(*) > 1) v)::int as multi,
           (select count(distinct s.pickup_point_id) from route_stops s join delivery_routes r on r.id = s.route_id
             where r.operator_id = ${operatorId} and r.delivery_date = ${pickupDate} and r.status <> 'cancelled'
               and s.goods_classes is not null)::int as split`);
  // Trips on vehicles of several compartments (ambient, chilled, frozen), and the cold goods they carried.
  const compartments = await one(sql<{ trips: number; chilled: number; frozen: number }>`
    select count(distinct r.id)::int as trips,
           coalesce(sum((l.quantity - l.refunded_quantity) * k.volume_ml) filter (where p.temperature_class = 'chilled'), 0)::float / 1000 as chilled,
           coalesce(sum((l.quantity - l.refunded_quantity) * k.volume_ml) filter (where p.temperature_class = 'frozen'), 0)::float / 1000 as frozen
    from delivery_routes r join vehicle_types v on v.id = r.vehicle_type_id
    left join route_stops st on st.route_id = r.id
    left join orders o on o.operator_id = r.operator_id and o.pickup_point_id = st.pickup_point_id and o.pickup_date = r.delivery_date
      and o.status in ('paid', 'allocated', 'delivered', 'picked_up')
    left join order_lines l on l.order_id = o.id
    left join skus k on k.id = l.sku_id
    left join products p on p.id = k.product_id
    where r.operator_id = ${operatorId} and r.delivery_date = ${pickupDate} and r.status <> 'cancelled'
      and (v.chilled_volume_l > 0)::int + (v.frozen_volume_l > 0)::int + (v.chilled_volume_l + v.frozen_volume_l < v.capacity_volume_l)::int >= 2
      and (st.goods_classes is null or p.temperature_class = any(st.goods_classes))`);
  // Standing lines, and the day's points on a line: all their drops on its vehicle, or some moved off (and why).
  const standing = await one(sql<{ lines: number; kept: number; moved: number }>`
    select (select count(*) from standing_lines where operator_id = ${operatorId})::int as lines,
           count(*) filter (where not moved)::int as kept, count(*) filter (where moved)::int as moved
    from (select s.pickup_point_id, bool_or(s.line_change is not null) as moved
          from route_stops s join delivery_routes r on r.id = s.route_id
          join standing_line_points lp on lp.pickup_point_id = s.pickup_point_id and lp.operator_id = r.operator_id
          where r.operator_id = ${operatorId} and r.delivery_date = ${pickupDate} and r.status <> 'cancelled'
          group by s.pickup_point_id) p`);
  const movedBy = (
    await sql<{ code: string; n: number }>`
      select s.line_change as code, count(distinct s.pickup_point_id)::int as n
      from route_stops s join delivery_routes r on r.id = s.route_id
      where r.operator_id = ${operatorId} and r.delivery_date = ${pickupDate} and r.status <> 'cancelled' and s.line_change is not null
      group by s.line_change order by s.line_change`.execute(ctx.db)
  ).rows;
  const rests = await one(sql<{ drivers: number; minutes: number }>`
    select count(distinct coalesce(vehicle_no::text, id))::int as drivers, coalesce(max(break_minutes), 0)::int as minutes
    from delivery_routes where operator_id = ${operatorId} and delivery_date = ${pickupDate} and status <> 'cancelled' and break_at is not null`);
  const stops = await one(sql<{ stops: number; discrepancies: number }>`
    select (select count(*) from route_stops s join delivery_routes r on r.id = s.route_id
             where r.operator_id = ${operatorId} and r.delivery_date = ${pickupDate} and r.status <> 'cancelled')::int as stops,
           (select count(*) from handover_lines hl join handovers h on h.id = hl.handover_id join route_stops s on s.id = h.stop_id
             join delivery_routes r on r.id = s.route_id
             where r.operator_id = ${operatorId} and r.delivery_date = ${pickupDate} and hl.received < hl.expected)::int as discrepancies`);
  // Per warehouse: the purchase orders delivered to it and the routes leaving it.
  const perWarehouse = (
    await sql<{ name: string; pos: number; routes: number; stops: number }>`
      select w.name,
             (select count(*) from purchase_orders po
               where po.operator_id = ${operatorId} and po.warehouse_id = w.id and po.delivery_date = ${pickupDate})::int as pos,
             (select count(*) from delivery_routes r
               where r.operator_id = ${operatorId} and r.warehouse_id = w.id and r.delivery_date = ${pickupDate} and r.status <> 'cancelled')::int as routes,
             (select count(*) from route_stops s join delivery_routes r on r.id = s.route_id
               where r.operator_id = ${operatorId} and r.warehouse_id = w.id and r.delivery_date = ${pickupDate} and r.status <> 'cancelled')::int as stops
      from warehouses w where w.operator_id = ${operatorId} order by w.id`.execute(ctx.db)
  ).rows;
  const pickups = await one(sql<{ delivered: number; picked: number }>`
    select count(*) filter (where status in ('delivered', 'picked_up'))::int as delivered,
           count(*) filter (where status = 'picked_up')::int as picked
    from orders where operator_id = ${operatorId} and pickup_date = ${pickupDate}`);
  const claims = await one(sql<{ total: number; refunded: number; rejected: number }>`
    select count(*)::int as total, count(*) filter (where c.status = 'refunded')::int as refunded,
           count(*) filter (where c.status = 'rejected')::int as rejected
    from aftersale_cases c join orders o on o.id = c.order_id
    where c.operator_id = ${operatorId} and o.pickup_date = ${pickupDate}`);
  const byBlame = (
    await sql<{ kind: string; blame: string | null; n: number; fen: number }>`
      select r.kind, r.blame, count(*)::int as n, sum(r.amount_fen)::bigint as fen
      from refunds r join orders o on o.id = r.order_id
      where o.operator_id = ${operatorId} and o.pickup_date = ${pickupDate}
      group by r.kind, r.blame order by r.kind, r.blame`.execute(ctx.db)
  ).rows;
  const sent = await one(sql<{ total: number; succeeded: number; pending: number; calls: number }>`
    select count(*)::int as total, count(*) filter (where r.status = 'succeeded')::int as succeeded,
           count(*) filter (where r.status = 'pending')::int as pending, coalesce(sum(r.attempts), 0)::int as calls
    from refunds r join orders o on o.id = r.order_id
    where o.operator_id = ${operatorId} and o.pickup_date = ${pickupDate}`);

  const fate = await orderOutcomes(ctx, operatorId, pickupDate);
  const pct = (a: number, b: number) => (b === 0 ? '—' : `${((100 * a) / b).toFixed(1)} %`);
  const lines = [
    `day report: orders on ${orderDate}, pickup on ${pickupDate}`,
    `  orders        ${orders.placed} placed, ${orders.paid} paid, ${orders.cancelled} cancelled unpaid, ${orders.expired} expired, ${orders.refunded} refunded in full`,
    `  GMV           ¥${formatYuan(orders.gmv)} paid, ¥${formatYuan(orders.refunded_fen)} refunded`,
    `  campaigns     ${campaigns.total}, of which ${campaigns.failed} failed (below their minimum) and were refunded`,
    `  purchasing    ${purchasing.pos} purchase orders, ${purchasing.lines} lines, ${purchasing.ordered} units ordered, ${purchasing.accepted} accepted, ${purchasing.rejected} rejected at receiving`,
    `  shortage      ${shortage.units} units shorted and refunded (${pct(shortage.units, shortage.sold)} of units sold)`,
    `  routes        ${routes.routes} routes (${routes.outsourced} by a carrier) on ${routes.vehicles} vehicle types, ${routes.km.toFixed(1)} km, ¥${formatYuan(routes.cost)}`,
    `  trips         ${trips.vehicles} vehicles made ${routes.routes} trips (${trips.multi} went out again after reloading); ${trips.split} pickup points got one drop per temperature class`,
    `  compartments  ${compartments.trips} trip${compartments.trips === 1 ? '' : 's'} on vehicles with compartments carried ${compartments.chilled.toFixed(0)} L chilled and ${compartments.frozen.toFixed(0)} L frozen goods`,
    `  lines         ${standing.lines} standing lines; ${standing.kept} points on their line's vehicle, ${standing.moved} moved off${
      movedBy.length ? ` (${movedBy.map((m) => `${m.code} ${m.n}`).join(', ')})` : ''
    }`,
    `  breaks        ${rests.drivers} drivers rest ${rests.minutes} min on the way (the others are back before their break is due)`,
    `  warehouses    ${perWarehouse.map((w) => `${w.name}: ${w.pos} purchase orders, ${w.routes} routes, ${w.stops} stops`).join('; ') || 'none'}`,
    `  handover      ${stops.stops} stops, ${stops.discrepancies} discrepancies`,
    `  pickup        ${pickups.picked} of ${pickups.delivered} delivered orders picked up (${pct(pickups.picked, pickups.delivered)})`,
    `  outcomes      every paid order once: ${fate.outcomes.map((x) => `${x.outcome} ${x.orders}`).join(', ')}; sum ${fate.outcomes.reduce((n, x) => n + x.orders, 0)} of ${fate.paid} paid`,
    `  claims        ${claims.total} claims: ${claims.refunded} refunded, ${claims.rejected} rejected`,
    `  refunds       ${sent.total} recorded, ${sent.succeeded} settled by the provider in ${sent.calls} provider calls, ${sent.pending} still pending`,
    '  refunds by cause and blame:',
    ...byBlame.map((r) => `    ${r.kind.padEnd(20)} ${(r.blame ?? '—').padEnd(10)} ${String(r.n).padStart(5)}  ¥${formatYuan(r.fen)}`),
  ];
  const carrierNames = new Map(
    (await ctx.db.selectFrom('carriers').select(['id', 'name']).where('operator_id', '=', operatorId).execute()).map((c) => [c.id, c.name]),
  );
  // The batch: this pickup date's revenue against the cost of its goods and delivery, whichever day each was booked.
  const batch = await batchPnl(ctx.db, operatorId, pickupDate);
  lines.push(
    `  batch P&L ${pickupDate} (orders for this pickup date, whatever day booked): net revenue ¥${formatYuan(batch.netRevenueFen)}, cost of goods ¥${formatYuan(batch.costOfGoodsFen)}, commission ¥${formatYuan(batch.commissionFen)}, logistics ¥${formatYuan(batch.logisticsFen)}, gross margin ¥${formatYuan(batch.grossMarginFen)} (${pct(batch.grossMarginFen, batch.netRevenueFen)})`,
  );
  lines.push(...(await providerBillLines(ctx, operatorId, [orderDate, pickupDate])));
  lines.push(await noticeLine(ctx, operatorId));
  lines.push(...(await promotionLines(ctx, operatorId)));
  lines.push(...(await flashSaleLines(ctx, operatorId)));
  const points = await pointsTotals(ctx.db, operatorId, new Date(`${orderDate}T00:00:00+08:00`));
  lines.push(
    `  points        ${points.signedIn} residents signed in, ${points.earned} points earned (pickups, sign-ins, streak bonuses), ${points.takenBack} taken back by refunds, ${points.redemptions} redeemed for coupons (${points.redeemed} points), ${points.balanceTotal} held by residents in all`,
  );
  const lottery = await lotteryTotals(ctx.db, operatorId, new Date(`${orderDate}T00:00:00+08:00`));
  lines.push(
    `  lottery       ${lottery.draws} draws by ${lottery.residents} residents: ${lottery.coupons} coupons and ${lottery.pointsGiven} points won, ${lottery.pointsSpent} points spent, ${lottery.fellBack} fell back (prize gone); ${lottery.audited} of ${lottery.draws} audit consistent`,
  );
  const bargains = await bargainTotals(ctx.db, operatorId, new Date(`${orderDate}T00:00:00+08:00`));
  lines.push(
    `  bargain       ${bargains.bargains} started, ${bargains.cuts} cuts (¥${formatYuan(bargains.cutFen)} off), ${bargains.reachedFloor} reached the floor, ${bargains.bought} bought${bargains.consistent ? '' : '; a price BELOW ITS FLOOR'}`,
  );
  lines.push(await invitesLine(ctx, operatorId));
  lines.push(await teambuyLine(ctx, operatorId));
  lines.push(await crmLine(ctx, operatorId));
  lines.push(await trainingLine(ctx, operatorId, orderDate));
  lines.push(await transferLine(ctx, operatorId));
  lines.push(await performanceLine(ctx, operatorId));
  lines.push(await recruitingLine(ctx, operatorId));
  lines.push(await helpSellLine(ctx, operatorId));
  lines.push(await feedbackLine(ctx, operatorId, pickupDate));
  for (const date of [orderDate, pickupDate]) {
    const money = await ledgerDayReport(ctx, operatorId, date);
    const p = money.pnl;
    lines.push(
      `  ledger ${date} (as booked): GMV ¥${formatYuan(p.gmvFen)}, refunds ¥${formatYuan(p.refundsFen)}, net revenue ¥${formatYuan(p.netRevenueFen)}, cost of goods ¥${formatYuan(p.costOfGoodsFen)}, commission ¥${formatYuan(p.commissionFen)}, logistics ¥${formatYuan(p.logisticsFen)}, gross margin ¥${formatYuan(p.grossMarginFen)}`,
      `    reconciliation ${money.reconciliation.ok ? 'ok' : 'MISMATCH'}: ${money.reconciliation.checks.map((c) => `${c.name} ${c.ok ? 'ok' : `off by ${c.expectedFen - c.ledgerFen}`}`).join(', ')}`,
    );
    if (date === pickupDate) {
      const sum = (parties: typeof money.leaders, code: string) => parties.reduce((s, x) => s + (x.balances[code] ?? 0), 0);
      const yuan = (fen: number | undefined) => `¥${formatYuan(fen ?? 0)}`;
      lines.push(
        `  balances after the after-sales window:`,
        `    operator: ${Object.entries(money.operator)
          .filter(([, fen]) => fen !== 0)
          .map(([code, fen]) => `${code} ${yuan(fen)}`)
          .join(', ')}`,
        `    ${money.leaders.length} leaders: commission pending ${yuan(sum(money.leaders, 'commission_pending'))}, available ${yuan(sum(money.leaders, 'commission_available'))}; the five with most available:`,
        ...[...money.leaders]
          .sort((a, b) => (b.balances.commission_available ?? 0) - (a.balances.commission_available ?? 0))
          .slice(0, 5)
          .map(
            (l) => `      ${l.name}: available ${yuan(l.balances.commission_available)}, pending ${yuan(l.balances.commission_pending)}`,
          ),
        ...money.suppliers.map((x) => `    supplier ${x.name}: payable ${yuan(x.balances.supplier_payable)}`),
        ...money.carriers.map((x) => `    carrier ${carrierNames.get(x.partyId) ?? x.name}: payable ${yuan(x.balances.carrier_payable)}`),
      );
    }
  }
  return lines;
}
