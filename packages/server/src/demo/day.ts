import { sql } from 'kysely';
import type { App } from '../app.ts';
import { approveClaim, createClaim, rejectClaim } from '../modules/aftersales/index.ts';
import type { Principal } from '../modules/identity/index.ts';
import {
  decideUnrouted,
  unroutedPoints,
  planRoutes,
  publishRoute,
  departRoute,
  driverStopStep,
  confirmHandover,
  createDriver,
  updateDeliverySettings,
} from '../modules/logistics/index.ts';
import { cancelOrder, payOrder, placeOrder } from '../modules/ordering/index.ts';
import { demoRedemptions } from './points.ts';
import { demoFlashSale } from './flashsale.ts';
import { demoLottery } from './lottery.ts';
import { demoBargain } from './bargain.ts';
import { demoPromotions, usableCoupon } from './promotions.ts';
import { demoTeamBuys } from './teambuys.ts';
import { demoRecruiting } from './recruiting.ts';
import { demoHelpSell } from './help-sell.ts';
import { demoCrm } from './crm.ts';
import { demoTraining } from './training.ts';
import { demoTransfer } from './transfer.ts';
import { demoPerformance } from './performance.ts';
import { demoFeedback } from './feedback.ts';
import { remindAgain, verifyPickup } from '../modules/pickup/index.ts';
import { signIn } from '../modules/points/index.ts';
import {
  completeReceiving,
  receivePurchaseOrder,
  confirmPurchaseOrder,
  sendPurchaseOrder,
  listPurchaseOrders,
} from '../modules/procurement/index.ts';
import type { ManualClock } from '../platform/clock.ts';
import { HOUR, MINUTE } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import { ensureFleet } from './fleet.ts';
import { inviteSlots, inviteeOrdering } from './invites.ts';
import { adoptLines, discardDrafts } from './lines.ts';
import { DEMO_OPERATOR, maybeSeedDemo } from './seed.ts';

/**
 * A whole simulated day on the demo city, driven through the services with the clock moved:
 * ordering during the day, cutoff, purchasing with some short-shipping, receiving with rejects
 * and a few units damaged in the warehouse (each short line with its reason), shortage refunds, routes, delivery with a few handover discrepancies, pickups over the next day
 * and some claims. Each step records that it is done, so a run that stops resumes where it was,
 * and a finished run only prints its report again.
 */

export interface DemoDayOptions {
  /** The order day (cutoff tonight, pickup tomorrow), 'YYYY-MM-DD' in Shanghai time. */
  date: string;
  orders: number;
  log: (line: string) => void;
  /** Time the route planner may take (the test suite gives it less). */
  routeTimeLimitMs?: number;
  /** How a resident pays an order; absent: the dev provider pays at once. */
  pay?: (resident: Principal, orderId: string) => Promise<void>;
}

const STEPS = [
  'signins',
  'orders',
  'teambuys',
  'cutoff',
  'purchasing',
  'receiving',
  'routes',
  'delivery',
  'morning-signins',
  'pickups',
  'redemptions',
  'claims',
  'feedback',
  'settle',
  'crm',
  'training',
  'performance',
  'transfer',
  'recruiting',
  'help-sell',
] as const;
type Step = (typeof STEPS)[number];

/** A small deterministic generator, so a rerun of a day makes the same choices. */
function generator(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), chance: (p: number) => next() < p };
}

/** Shanghai wall time on a date as an instant (Shanghai has no daylight saving). */
export function shanghai(date: string, time: string): Date {
  return new Date(`${date}T${time}:00+08:00`);
}

/** Pickup points served by the routes (a point split over drops counts once). */
function pointCountOf(routes: ReadonlyArray<{ stops: ReadonlyArray<{ pickupPointId: string }> }>): number {
  return new Set(routes.flatMap((r) => r.stops.map((s) => s.pickupPointId))).size;
}

function nextDate(date: string, days = 1): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * When the residents order: 08:00 to 22:30 on the order day, within the hours every campaign for
 * the pickup is open (a database seeded by `linli start` in the afternoon opened its campaigns then).
 */
export function orderingWindow(
  date: string,
  campaigns: ReadonlyArray<{ opens_at: Date; cutoff_at: Date }>,
): { start: number; span: number } {
  const opens = Math.max(...campaigns.map((c) => new Date(c.opens_at).getTime()));
  const closes = Math.min(...campaigns.map((c) => new Date(c.cutoff_at).getTime()));
  const start = Math.max(shanghai(date, '08:00').getTime(), opens + MINUTE);
  const end = Math.min(shanghai(date, '22:30').getTime(), closes - 30 * MINUTE);
  return end > start ? { start, span: end - start } : { start, span: Math.max(0, (closes - start) / 2) };
}

export async function runDemoDay(app: App, clock: ManualClock, o: DemoDayOptions): Promise<void> {
  const { ctx } = app;
  const key = `demo_day:${o.date}`;
  const progress = await ctx.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  const done = new Set<string>(progress ? (JSON.parse(progress.value) as string[]) : []);
  const mark = async (step: Step) => {
    done.add(step);
    const value = JSON.stringify([...done]);
    await sql`insert into settings (key, value) values (${key}, ${value}) on conflict (key) do update set value = excluded.value`.execute(
      ctx.db,
    );
  };
  const pickupDate = nextDate(o.date);

  clock.set(shanghai(o.date, '07:00'));
  const seeded = await maybeSeedDemo(ctx);
  if (!seeded) throw new Error(`this database holds another operator; run the demo on an empty data directory`);
  const operator = await ctx.db.selectFrom('operators').select('id').where('slug', '=', DEMO_OPERATOR.slug).executeTakeFirstOrThrow();
  const operatorId = operator.id;
  // Both warehouses exist before the cutoff, so it buys per warehouse: the west one serves the points across the river.
  await ensureFleet(app, operatorId, { westWarehouse: true });
  const staff = async (role: string): Promise<Principal> => {
    const s = await ctx.db
      .selectFrom('staff')
      .select(['id', 'roles'])
      .where('operator_id', '=', operatorId)
      .where(sql<boolean>`${role} = any(roles)`)
      .executeTakeFirstOrThrow();
    return { kind: 'staff', id: s.id, operatorId, sessionId: 'demo', roles: s.roles };
  };
  const as = (kind: Principal['kind'], id: string): Principal => ({ kind, id, operatorId, sessionId: 'demo', roles: [] });
  const settle = async () => {
    for (let i = 0; i < 20; i++) {
      const ran = await ctx.jobs.tick();
      const delivered = await ctx.events.drain();
      if (ran === 0 && delivered === 0) return;
    }
  };

  /**
   * Some residents sign in (签到) in the morning, between `from` and half an hour later (never
   * moving the clock back): their own generator, so the other steps' choices stay the same.
   */
  const signIns = async (seed: number, from: Date) => {
    const rng = generator(seed);
    const residents = await ctx.db.selectFrom('residents').select('id').where('operator_id', '=', operatorId).orderBy('id').execute();
    const who = residents.filter(() => rng.chance(0.08));
    const start = Math.max(from.getTime(), clock.now().getTime());
    for (const [i, r] of who.entries()) {
      clock.set(new Date(start + (30 * MINUTE * i) / Math.max(who.length, 1)));
      try {
        await signIn(ctx, as('resident', r.id));
      } catch (err) {
        if (!(err instanceof AppError)) throw err; // already signed in today (a resumed run)
      }
    }
  };

  const steps: Record<Step, () => Promise<void>> = {
    signins: () => signIns(23, shanghai(o.date, '07:00')),

    orders: async () => {
      const rng = generator(Number(o.date.replaceAll('-', '')));
      const lines = await sql<{
        id: string;
        leader_scope: string;
        leaders: string[] | null;
        list_price: number;
        group_price: number;
        limit: number | null;
        opens_at: Date;
        cutoff_at: Date;
      }>`
        select cl.id, c.leader_scope, cl.per_resident_limit as limit, s.list_price_fen as list_price, cl.group_price_fen as group_price, c.opens_at, c.cutoff_at,
               (select array_agg(leader_id) from campaign_leaders cld where cld.campaign_id = c.id) as leaders
        from campaign_lines cl join campaigns c on c.id = cl.campaign_id join skus s on s.id = cl.sku_id
        where c.operator_id = ${operatorId} and c.status = 'open' and c.pickup_date = ${pickupDate}
        order by cl.id`.execute(ctx.db);
      // The seeded residents: the neighbours who sign up through invite links today order in their places.
      const residents = await sql<{ id: string; leader_id: string; pickup_point_id: string }>`
        select r.id, pp.leader_id, r.pickup_point_id from residents r join pickup_points pp on pp.id = r.pickup_point_id
        where r.operator_id = ${operatorId} and not exists (select 1 from invites i where i.invitee_id = r.id) order by r.id`.execute(
        ctx.db,
      );
      const placed = await ctx.db
        .selectFrom('orders')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('operator_id', '=', operatorId)
        .where('pickup_date', '=', pickupDate)
        .executeTakeFirstOrThrow();
      if (lines.rows.length === 0) {
        throw new Error(`no open campaign picks up on ${pickupDate} in this database; run the demo on an empty data directory`);
      }
      const { start, span } = orderingWindow(o.date, lines.rows);
      const coupons = await demoPromotions(ctx, operatorId, new Date(start), Math.min(400, (residents.rows.length / 5) | 0));
      // At the first full hour of the ordering window a flash sale opens, and a crowd taps at once.
      const hour = new Date(Math.ceil(start / (60 * MINUTE)) * 60 * MINUTE);
      let flashDone = placed.n > 0 || hour.getTime() + 30 * MINUTE >= start + span;
      const flashSale = async () => {
        clock.set(hour);
        const frng = generator(31);
        const cheapest = lines.rows
          .filter((l) => l.leader_scope === 'all')
          .sort((a, b) => a.list_price - b.list_price || a.id.localeCompare(b.id))[0];
        const groupPrice = cheapest
          ? await ctx.db.selectFrom('campaign_lines').select('group_price_fen').where('id', '=', cheapest.id).executeTakeFirst()
          : undefined;
        const crowd = residents.rows.filter(() => frng.chance(0.05)).map((r) => as('resident', r.id));
        const flash = await demoFlashSale(
          ctx,
          operatorId,
          hour,
          cheapest && groupPrice ? { id: cheapest.id, groupPriceFen: Number(groupPrice.group_price_fen) } : undefined,
          crowd,
          await staff('merchandiser'),
          (resident, orderId) => (o.pay ? o.pay(resident, orderId) : payOrder(ctx, resident, orderId, 'instant').then(() => undefined)),
          () => frng.chance(0.85),
        );
        if (flash) {
          const answers = Object.entries(flash.answers).map(([k, v]) => `${v} ${k}`);
          o.log(
            `  flash sale at ${hour.toISOString()}: ${flash.attempts} residents tapped at once (${answers.join(', ')}); ${flash.paid} winners paid`,
          );
        }
      };
      for (let i = 0; i < placed.n; i++) rng.next(); // resume: skip the choices already made
      const slots = inviteSlots(o.orders);
      let n = placed.n;
      let attempts = 0;
      while (n < o.orders && attempts < o.orders * 3) {
        attempts++;
        const at = start + (span * n) / o.orders;
        if (!flashDone && at >= hour.getTime()) {
          flashDone = true;
          await flashSale();
        }
        clock.set(new Date(at));
        const r = residents.rows[rng.int(residents.rows.length)] as { id: string; leader_id: string; pickup_point_id: string };
        const sellable = lines.rows.filter((l) => l.leader_scope === 'all' || l.leaders?.includes(r.leader_id));
        const basket = new Map<string, number>();
        const size = 1 + rng.int(rng.chance(0.6) ? 2 : 4);
        for (let k = 0; k < size && sellable.length > 0; k++) {
          // Cheaper items sell more often: traffic items drive the baskets.
          const pick = sellable[Math.min(rng.int(sellable.length), rng.int(sellable.length))] as (typeof sellable)[number];
          basket.set(pick.id, Math.min(pick.limit ?? 9, (basket.get(pick.id) ?? 0) + 1 + (rng.chance(0.3) ? 1 : 0)));
        }
        // Now and then a neighbour new to the shop, come by an invite link, places this order at the same point.
        const invitee = slots.get(n);
        const resident = invitee === undefined ? as('resident', r.id) : await inviteeOrdering(ctx, operatorId, invitee, r.pickup_point_id);
        try {
          const order = await placeOrder(ctx, resident, {
            lines: [...basket].map(([campaignLineId, quantity]) => ({ campaignLineId, quantity })),
            // A resident who claimed the shared coupon uses it while it applies (their first basket above its threshold).
            ...(coupons.has(r.id) ? { couponId: await usableCoupon(ctx, resident, basket) } : {}),
          });
          n++;
          if (rng.chance(0.92)) {
            if (o.pay) await o.pay(resident, order.id);
            else await payOrder(ctx, resident, order.id, 'instant');
            if (rng.chance(0.03)) await cancelOrder(ctx, resident, order.id, '不想要了');
          }
        } catch (err) {
          if (!(err instanceof AppError)) throw err; // sold out, above the limit: the resident moves on
        }
        if (n % 500 === 0) o.log(`  ${n} orders placed`);
      }
      // One resident bargains the dearest line down with five neighbours' help and buys it (one order more).
      const bargainLine = lines.rows
        .filter((l) => l.leader_scope === 'all')
        .sort((a, b) => b.list_price - a.list_price || a.id.localeCompare(b.id))[0];
      const bargained =
        bargainLine &&
        (await demoBargain(
          ctx,
          operatorId,
          { id: bargainLine.id, groupPriceFen: bargainLine.group_price },
          residents.rows.map((r) => r.id),
          (id) => as('resident', id),
          (resident, orderId) => (o.pay ? o.pay(resident, orderId) : payOrder(ctx, resident, orderId, 'instant').then(() => undefined)),
        ));
      if (bargained)
        o.log(
          `  a bargain: ${bargained.cuts} friends cut ¥${(bargained.cutFen / 100).toFixed(2)}, bought at ¥${(bargained.priceFen / 100).toFixed(2)}`,
        );
    },

    // Late in the evening a few team buys open; some fill, the others fail and refund themselves.
    teambuys: () => demoTeamBuys(ctx, clock, { operatorId, pickupDate, as: (id) => as('resident', id), pay: o.pay, settle, log: o.log }),

    cutoff: async () => {
      const cutoffs = await ctx.db
        .selectFrom('campaigns')
        .select('cutoff_at')
        .where('operator_id', '=', operatorId)
        .where('pickup_date', '=', pickupDate)
        .orderBy('cutoff_at', 'desc')
        .executeTakeFirst();
      clock.set(new Date((cutoffs?.cutoff_at ?? shanghai(o.date, '23:00')).getTime() + 20 * MINUTE));
      await settle();
      clock.advance(30 * MINUTE);
      await settle();
    },

    purchasing: async () => {
      clock.set(shanghai(o.date, '23:30'));
      const rng = generator(7);
      const purchaser = await staff('purchaser');
      const drafts = await listPurchaseOrders(
        ctx.db,
        { operatorId },
        { deliveryDate: pickupDate, status: 'draft', page: 1, pageSize: 200 },
      );
      for (const po of drafts.items) await sendPurchaseOrder(ctx, purchaser.operatorId, po.id);
      const sent = await listPurchaseOrders(ctx.db, { operatorId }, { deliveryDate: pickupDate, status: 'sent', page: 1, pageSize: 200 });
      for (const po of sent.items) {
        // About one line in eight is shipped short by the supplier.
        const short = po.lines
          .filter(() => rng.chance(0.12))
          .map((l) => ({ lineId: l.id, confirmedQuantity: Math.max(0, Math.floor(l.orderedQuantity * (0.6 + rng.next() * 0.3))) }));
        await confirmPurchaseOrder(ctx, { operatorId, supplierId: po.supplierId }, po.id, { lines: short });
      }
      await settle();
    },

    receiving: async () => {
      clock.set(shanghai(pickupDate, '03:00'));
      const rng = generator(11);
      const pos = await listPurchaseOrders(ctx.db, { operatorId }, { deliveryDate: pickupDate, page: 1, pageSize: 200 });
      for (const po of pos.items) {
        if (po.status === 'received' || po.status === 'cancelled' || po.status === 'draft') continue;
        const lines = po.lines.map((l) => {
          const expected = l.confirmedQuantity ?? l.orderedQuantity;
          const rejected = expected > 4 && rng.chance(0.04) ? 1 + rng.int(2) : 0;
          // Now and then the warehouse drops a crate: fewer units reach stock, and the clerk says whose fault it is.
          const damaged = rejected === 0 && expected > 2 && rng.chance(0.03) ? 1 + rng.int(2) : 0;
          return {
            lineId: l.id,
            receivedQuantity: expected - damaged,
            rejectedQuantity: rejected,
            lotCode: `L${pickupDate.replaceAll('-', '')}-${l.skuId.slice(-4)}`,
            expiresOn: nextDate(pickupDate, 3),
            ...(damaged > 0 ? { shortReason: 'damaged_in_warehouse' as const } : {}),
          };
        });
        if (po.status !== 'receiving') await receivePurchaseOrder(ctx, operatorId, po.id, { lines });
        await completeReceiving(ctx, operatorId, po.id);
      }
      await settle();
      // Lines short, by the reason the warehouse gave (the supplier is blamed only for its own short-shipping and rejects).
      const reasons = await ctx.db
        .selectFrom('purchase_order_lines as l')
        .innerJoin('purchase_orders as po', 'po.id', 'l.purchase_order_id')
        .select(['l.short_reason', (eb) => eb.fn.countAll<number>().as('n')])
        .where('po.operator_id', '=', operatorId)
        .where('po.delivery_date', '=', pickupDate)
        .where('l.short_reason', 'is not', null)
        .groupBy('l.short_reason')
        .orderBy('l.short_reason')
        .execute();
      o.log(`  short lines: ${reasons.map((r) => `${r.short_reason} ${Number(r.n)}`).join(', ') || 'none'}`);
    },

    routes: async () => {
      clock.set(shanghai(pickupDate, '04:00'));
      await ensureFleet(app, operatorId, { westWarehouse: true });
      // Drivers rest 20 minutes between three and four hours after leaving (four hours at most at the wheel).
      await updateDeliverySettings(ctx, operatorId, { driverBreak: { minutes: 20, fromMinutes: 180, untilMinutes: 240 } });
      const warehouses = await ctx.db
        .selectFrom('warehouses')
        .select(['id', 'name'])
        .where('operator_id', '=', operatorId)
        .where('active', '=', true)
        .orderBy('id')
        .execute();
      let planned: Awaited<ReturnType<typeof planRoutes>>['routes'] = [];
      const lineChanges: Awaited<ReturnType<typeof planRoutes>>['lineChanges'] = [];
      const drivers = await ctx.db
        .selectFrom('drivers')
        .select('id')
        .where('operator_id', '=', operatorId)
        .where('active', '=', true)
        .orderBy('id')
        .execute();
      // Each warehouse plans the points it serves; the vehicles are shared, so the second plans with what the first left.
      const planWarehouses = async () => {
        planned = [];
        lineChanges.length = 0;
        for (const warehouse of warehouses) {
          const planDay = (extraVehicles: Array<{ vehicleTypeId: string; count: number }> = []) =>
            planRoutes(ctx, operatorId, {
              warehouseId: warehouse.id,
              deliveryDate: pickupDate,
              // Leaders open their points from late morning: every drop is due by 11:00.
              deadline: '11:00',
              timeLimitMs: o.routeTimeLimitMs ?? 10_000,
              extraVehicles,
            });
          let plan = await planDay();
          // As a dispatcher would: hire what the shortfall asks for and plan again.
          if (plan.unserved.length > 0) {
            for (const s of plan.shortfall) {
              const what = s.suggestion
                ? `${s.suggestion.count} more ${s.suggestion.vehicleTypeName} would serve them`
                : 'no vehicle type carries them';
              o.log(`  ${warehouse.name}: ${s.pickupPointIds.length} points left out (${s.goods} goods): ${what}`);
            }
            const extra = plan.shortfall.flatMap((s) =>
              s.suggestion ? [{ vehicleTypeId: s.suggestion.vehicleTypeId, count: s.suggestion.count }] : [],
            );
            if (extra.length) plan = await planDay(extra);
          }
          const points = new Set(plan.routes.flatMap((r) => r.stops.map((s) => s.pickupPointId))).size;
          const vehicles = new Set(plan.routes.map((r) => r.vehicleNo ?? r.id)).size;
          o.log(`  ${warehouse.name}: ${points} pickup points on ${plan.routes.length} trips of ${vehicles} vehicles`);
          planned.push(...plan.routes);
          lineChanges.push(...plan.lineChanges);
        }
      };
      await planWarehouses();
      // The first plan becomes the standing lines, each with its driver; the day is planned again
      // keeping them, as every later day is (points move off a line only when it pays or must).
      const addDriver = async () => {
        const i = drivers.length;
        const d = await createDriver(ctx, operatorId, { name: `司机${i + 1}`, phone: `1360001${String(i).padStart(4, '0')}` });
        drivers.push({ id: d.id });
        return d.id;
      };
      while (drivers.length < planned.length) await addDriver();
      const adopted = await adoptLines(
        ctx,
        operatorId,
        pickupDate,
        warehouses.map((w) => w.id),
        drivers.map((d) => d.id),
      );
      o.log(`  standing lines: the first plan saved as ${adopted.lines} lines with their drivers; planning again on them`);
      await discardDrafts(ctx, operatorId, pickupDate);
      await planWarehouses();
      const moved = new Map<string, number>();
      for (const c of lineChanges) moved.set(c.code, (moved.get(c.code) ?? 0) + 1);
      o.log(
        `  kept on their lines: ${pointCountOf(planned) - lineChanges.length} points; moved off: ${lineChanges.length}${
          moved.size ? ` (${[...moved].map(([code, n]) => `${code} ${n}`).join(', ')})` : ''
        }`,
      );
      // What is still left is postponed to the next day.
      const left = (await unroutedPoints(ctx.db, operatorId, pickupDate)).items.map((p) => p.pickupPointId);
      if (left.length) {
        const dispatcher = await staff('dispatcher');
        const moved = await decideUnrouted(ctx, operatorId, dispatcher.id, {
          deliveryDate: pickupDate,
          pickupPointIds: left,
          decision: 'postpone',
        });
        o.log(`  postponed ${moved.orders} orders at ${left.length} points to ${moved.postponeTo} (${moved.residentsTold} residents told)`);
      }
      const boxes = planned.reduce((n, r) => n + r.insulatedBoxes, 0);
      const stopCount = planned.reduce((n, r) => n + r.stops.length, 0);
      const pointCount = new Set(planned.flatMap((r) => r.stops.map((s) => s.pickupPointId))).size;
      o.log(`  ${pointCount} pickup points in ${stopCount} drops on ${planned.length} routes, ${boxes} insulated boxes on warmer vehicles`);
      const routes = await ctx.db
        .selectFrom('delivery_routes as r')
        .leftJoin('standing_lines as l', 'l.id', 'r.standing_line_id')
        .select(['r.id', 'r.vehicle_no', 'l.driver_id as line_driver'])
        .where('r.operator_id', '=', operatorId)
        .where('r.delivery_date', '=', pickupDate)
        .where('r.status', '=', 'draft')
        .orderBy('r.route_no')
        .execute();
      // A line's trips go to its driver; a vehicle of no line gets a driver of no line, all its trips.
      const free = drivers.map((d) => d.id).filter((id) => !adopted.drivers.has(id));
      const driverOfVehicle = new Map<string, string>();
      for (const route of routes) {
        const vehicle = route.vehicle_no === null ? route.id : `#${route.vehicle_no}`;
        if (!driverOfVehicle.has(vehicle)) {
          driverOfVehicle.set(vehicle, route.line_driver ?? free.shift() ?? (await addDriver()));
        }
        await publishRoute(ctx, operatorId, route.id, { driverId: driverOfVehicle.get(vehicle)! });
      }
    },

    delivery: async () => {
      clock.set(shanghai(pickupDate, '05:00'));
      const rng = generator(13);
      const routes = await ctx.db
        .selectFrom('delivery_routes')
        .select(['id', 'driver_id', 'status'])
        .where('operator_id', '=', operatorId)
        .where('delivery_date', '=', pickupDate)
        .where('status', 'in', ['published', 'loading', 'in_transit'])
        .execute();
      // The routes run side by side: each starts when the fleet leaves, and the clock ends at the last one back.
      const leave = clock.now().getTime();
      let back = leave;
      for (const route of routes) {
        clock.set(new Date(leave));
        const driver = as('driver', route.driver_id as string);
        if (route.status !== 'in_transit') await departRoute(ctx, driver, route.id);
        const stops = await ctx.db
          .selectFrom('route_stops as s')
          .innerJoin('pickup_points as p', 'p.id', 's.pickup_point_id')
          .select(['s.id', 's.status', 'p.leader_id'])
          .where('s.route_id', '=', route.id)
          .orderBy('s.seq')
          .execute();
        for (const stop of stops) {
          clock.advance(6 * MINUTE);
          if (stop.status === 'pending') await driverStopStep(ctx, driver, route.id, stop.id, 'arrived');
          if (stop.status === 'pending' || stop.status === 'arrived') await driverStopStep(ctx, driver, route.id, stop.id, 'handed_over');
          if (stop.status === 'confirmed') continue;
          const bundle = await sql<{ sku_id: string; quantity: number }>`
            select l.sku_id, sum(l.quantity - l.refunded_quantity)::int as quantity
            from order_lines l join orders o on o.id = l.order_id join route_stops s on s.pickup_point_id = o.pickup_point_id
              join skus k on k.id = l.sku_id join products pr on pr.id = k.product_id
            where s.id = ${stop.id} and o.pickup_date = ${pickupDate} and o.status in ('paid', 'allocated')
              -- a drop of a point split per temperature class carries only its classes
              and (s.goods_classes is null or pr.temperature_class = any(s.goods_classes))
            group by l.sku_id having sum(l.quantity - l.refunded_quantity) > 0 order by l.sku_id`.execute(ctx.db);
          const missing = rng.chance(0.05) ? bundle.rows[rng.int(bundle.rows.length)] : undefined;
          await confirmHandover(
            ctx,
            as('leader', stop.leader_id),
            stop.id,
            missing ? { lines: [{ skuId: missing.sku_id, received: missing.quantity - 1 }], sealIntact: rng.chance(0.5) } : {},
          );
        }
        back = Math.max(back, clock.now().getTime());
      }
      clock.set(new Date(back));
      await settle();
    },

    'morning-signins': () => signIns(29, shanghai(pickupDate, '07:00')),

    pickups: async () => {
      const rng = generator(17);
      const orders = await ctx.db
        .selectFrom('orders')
        .select(['id', 'leader_id', 'pickup_code', 'pickup_point_id'])
        .where('operator_id', '=', operatorId)
        .where('pickup_date', '=', pickupDate)
        .where('status', '=', 'delivered')
        .orderBy('id')
        .execute();
      // Arrival notices held by residents' quiet hours go out at 08:00.
      clock.set(shanghai(pickupDate, '08:00'));
      await settle();
      const start = shanghai(pickupDate, '09:00').getTime();
      const remindAt = shanghai(pickupDate, '18:00').getTime();
      let reminded = false;
      for (const [i, order] of orders.entries()) {
        if (!rng.chance(0.93)) continue; // some residents never come
        clock.set(new Date(start + (12 * HOUR * i) / Math.max(orders.length, 1)));
        if (!reminded && clock.now().getTime() >= remindAt) {
          // 18:00: residents whose goods still wait are reminded; a few leaders remind one more by hand.
          await settle();
          const waiting = await ctx.db
            .selectFrom('orders')
            .select(['id', 'leader_id'])
            .where('operator_id', '=', operatorId)
            .where('pickup_date', '=', pickupDate)
            .where('status', '=', 'delivered')
            .orderBy('id')
            .limit(3)
            .execute();
          for (const w of waiting) await remindAgain(ctx, { operatorId, leaderId: w.leader_id, orderId: w.id });
          await settle();
          reminded = true;
        }
        await verifyPickup(ctx, as('leader', order.leader_id), {
          code: order.pickup_code,
          pickupDate,
          pickupPointId: order.pickup_point_id,
        });
      }
      await settle();
    },

    redemptions: async () => {
      // In the evening some residents whose pickups earned enough points redeem them for a coupon.
      clock.set(new Date(Math.max(clock.now().getTime(), shanghai(pickupDate, '21:15').getTime())));
      const rng = generator(31);
      const redeemed = await demoRedemptions(
        ctx,
        operatorId,
        (id) => as('resident', id),
        () => rng.chance(0.5),
      );
      o.log(`  ${redeemed} residents redeemed points for a coupon`);
      const drew = await demoLottery(
        ctx,
        operatorId,
        pickupDate,
        (id) => as('resident', id),
        () => rng.chance(0.3),
      );
      o.log(`  ${drew} residents drew the lucky wheel`);
      await settle();
    },

    claims: async () => {
      clock.set(shanghai(pickupDate, '21:30'));
      const rng = generator(19);
      const picked = await ctx.db
        .selectFrom('orders as o')
        .innerJoin('order_lines as l', 'l.order_id', 'o.id')
        .select(['o.id', 'o.resident_id', 'o.leader_id', 'l.id as line_id', 'l.quantity', 'l.refunded_quantity'])
        .where('o.operator_id', '=', operatorId)
        .where('o.pickup_date', '=', pickupDate)
        .where('o.status', '=', 'picked_up')
        .orderBy('l.id')
        .execute();
      for (const line of picked) {
        if (line.quantity - line.refunded_quantity < 1 || !rng.chance(0.015)) continue;
        const claim = await createClaim(ctx, as('resident', line.resident_id), {
          orderLineId: line.line_id,
          type: rng.chance(0.6) ? 'quality' : 'damaged',
          quantity: 1,
          description: '到货有损坏',
          evidenceUrls: [],
        });
        const decider = { kind: 'leader' as const, id: line.leader_id, scope: { operatorId, leaderId: line.leader_id } };
        if (rng.chance(0.75))
          await approveClaim(ctx, decider, claim.id, { reason: '核实属实', blame: rng.chance(0.5) ? 'supplier' : 'warehouse' });
        else await rejectClaim(ctx, decider, claim.id, '照片无法证明问题');
      }
      await settle();
    },

    // The evening of the pickup date: residents rate their orders, a few complain, support resolves one.
    feedback: async () => {
      clock.set(shanghai(pickupDate, '21:45'));
      await demoFeedback(ctx, { operatorId, pickupDate, as: (id) => as('resident', id), support: await staff('support'), log: o.log });
      await settle();
    },

    settle: async () => {
      // The after-sales window passes: commission is released, unpicked orders are recorded.
      clock.set(shanghai(nextDate(pickupDate, 3), '12:00'));
      await settle();
    },

    // Staff compute the members' RFM now; a win-back coupon leaves new and low-value members out.
    crm: async () => demoCrm(ctx, operatorId, (await staff('merchandiser')).id, o.log),
    // That afternoon a new leader, approved while the required course is published, passes it on
    // the phone and their point opens; the evening's sales training takes check-ins.
    training: () => demoTraining(ctx, clock, { operatorId, day: nextDate(pickupDate, 3), staff, log: o.log }),
    // Leader performance: levels and rules set up, three earlier weeks of orders generated, those weeks and the day's closed.
    performance: async () => {
      await demoPerformance(ctx, clock, { operatorId, log: o.log });
      await settle();
    },
    // Staff remove the leader who sold least: the members move to the nearest good leaders (末位淘汰).
    transfer: async () => {
      clock.set(shanghai(nextDate(pickupDate, 4), '10:00'));
      await demoTransfer(ctx, { operatorId, pickupDate, staff: await staff('support'), log: o.log });
      await settle();
    },
    // A leader's recruit link brings two applicants: one approved and waiting for their first
    // pickups, one of the leader's own members refused (self-recruiting).
    recruiting: () => demoRecruiting(ctx, clock, { operatorId, day: nextDate(pickupDate, 4), staff, settle, log: o.log }),
    // A leader's campaign is made help-sell; three leaders resell it and their members order.
    'help-sell': () => demoHelpSell(ctx, clock, { operatorId, day: nextDate(pickupDate, 4), settle, log: o.log }),
  };

  for (const step of STEPS) {
    if (done.has(step)) continue;
    o.log(`- ${step}`);
    await steps[step]();
    await mark(step);
  }
}
