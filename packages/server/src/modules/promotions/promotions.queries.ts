import type { promotions } from '@linli/contracts';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../platform/db/database.ts';
import { fetchPage, type Page, type PageRequest } from '../../platform/db/paging.ts';
import type { CouponSource, CouponStatus } from '../../platform/db/schema.promotions.ts';
import { currentSegment } from '../crm/index.ts';
import { offerKind } from './promotions.plays.ts';
import { offeredTo } from './promotions.rules.ts';

type CouponDto = z.infer<typeof promotions.Coupon>;
type ClaimableDto = z.infer<typeof promotions.ClaimableCoupon>;

/** The numbers of orders by id (ordering's, handed in by the caller: promotions reads no orders). */
export type OrderNumbers = (orderIds: readonly string[]) => Promise<ReadonlyMap<string, string>>;

/**
 * A resident's coupons in any of the states asked (all when none), soonest to expire first; one
 * past its window reads expired before the sweep marks it. A coupon an order holds or used names
 * the order by id and number (`orderNumbers`).
 */
export async function myCoupons(
  db: Executor,
  operatorId: string,
  residentId: string,
  now: Date,
  paging: PageRequest & { status?: readonly CouponStatus[] | undefined },
  orderNumbers: OrderNumbers,
): Promise<Page<CouponDto>> {
  let base = db.selectFrom('coupons as c').where('c.operator_id', '=', operatorId).where('c.resident_id', '=', residentId);
  const statuses = paging.status ?? [];
  if (statuses.length > 0) {
    // An available coupon past its window is expired here, before the sweep marks it.
    base = base.where((eb) =>
      eb.or(
        statuses.map((s) =>
          s === 'expired'
            ? eb.or([eb('c.status', '=', 'expired'), eb.and([eb('c.status', '=', 'available'), eb('c.valid_until', '<=', now)])])
            : s === 'available'
              ? eb.and([eb('c.status', '=', 'available'), eb('c.valid_until', '>', now)])
              : eb('c.status', '=', s),
        ),
      ),
    );
  }
  const page = await fetchPage(
    paging,
    base
      .innerJoin('promotions as p', 'p.id', 'c.promotion_id')
      .select([
        'c.id',
        'c.promotion_id',
        'c.status',
        'c.source',
        'c.valid_from',
        'c.valid_until',
        'c.order_id',
        'c.used_at',
        'c.returned_count',
        'p.name',
        'p.description',
        'p.discount_kind',
        'p.amount_off_fen',
        'p.percent_off',
        'p.max_off_fen',
        'p.threshold_fen',
        'p.scope_kind',
        'p.scope_ids',
        'p.newcomer_only',
      ])
      .orderBy('c.valid_until')
      .orderBy('c.id'),
    base,
  );
  const orderNos = await orderNumbers([...new Set(page.items.flatMap((c) => (c.order_id ? [c.order_id] : [])))]);
  return {
    ...page,
    items: page.items.map((c) => ({
      id: c.id,
      promotionId: c.promotion_id,
      name: c.name,
      description: c.description,
      discountKind: offerKind(c.discount_kind),
      amountOffFen: c.amount_off_fen,
      percentOff: c.percent_off,
      maxOffFen: c.max_off_fen,
      thresholdFen: c.threshold_fen,
      scope: { kind: c.scope_kind, ids: c.scope_ids },
      newcomerOnly: c.newcomer_only,
      status: c.status === 'available' && c.valid_until <= now ? 'expired' : c.status,
      source: c.source,
      validFrom: c.valid_from.toISOString(),
      validUntil: c.valid_until.toISOString(),
      orderId: c.order_id,
      orderNo: c.order_id ? (orderNos.get(c.order_id) ?? null) : null,
      usedAt: c.used_at ? c.used_at.toISOString() : null,
      returnedCount: c.returned_count,
    })),
  };
}

/** The coupon templates residents may claim now (not those leaving the resident's segment out), with how many are left and how many this resident holds. */
export async function claimableCoupons(db: Executor, operatorId: string, residentId: string | null, now: Date): Promise<ClaimableDto[]> {
  const rows = await db
    .selectFrom('promotions as p')
    .selectAll('p')
    .select((eb) =>
      eb
        .selectFrom('coupons as c')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('c.promotion_id', '=', 'p.id')
        .where('c.resident_id', '=', residentId ?? '')
        .as('held'),
    )
    .where('p.operator_id', '=', operatorId)
    .where('p.trigger', '=', 'coupon')
    .where('p.claimable', '=', true)
    .where('p.status', '=', 'active')
    .where('p.starts_at', '<=', now)
    .where('p.ends_at', '>', now)
    .orderBy('p.ends_at')
    .orderBy('p.id')
    .execute();
  // A template that leaves the resident's segment out is not listed to them (the claim would be refused).
  const segment = residentId && rows.some((p) => p.excluded_segments.length > 0) ? await currentSegment(db, operatorId, residentId) : null;
  return rows
    .filter((p) => offeredTo(p.excluded_segments, segment))
    .map((p) => {
      const held = Number(p.held ?? 0);
      const left = p.total_limit === null ? null : Math.max(0, p.total_limit - p.issued_count);
      return {
        promotionId: p.id,
        name: p.name,
        description: p.description,
        discountKind: offerKind(p.discount_kind),
        amountOffFen: p.amount_off_fen,
        percentOff: p.percent_off,
        maxOffFen: p.max_off_fen,
        thresholdFen: p.threshold_fen,
        newcomerOnly: p.newcomer_only,
        endsAt: p.ends_at.toISOString(),
        left,
        held,
        mayClaim: left !== 0 && (p.per_resident_limit === null || held < p.per_resident_limit),
      };
    });
}

/** The coupons given for these causes (a source's ids: after-sales cases, invites …), by cause. */
export async function couponsOfCauses(db: Executor, operatorId: string, source: CouponSource, causeIds: readonly string[]) {
  if (causeIds.length === 0) return new Map<string, string>();
  const rows = await db
    .selectFrom('coupons')
    .select(['id', 'source_id'])
    .where('operator_id', '=', operatorId)
    .where('source', '=', source)
    .where('source_id', 'in', [...causeIds])
    .orderBy('issued_at')
    .execute();
  return new Map(rows.map((r) => [r.source_id as string, r.id]));
}

/** The operator's running coupon templates (active, in their window), soonest to end first: what staff may give coupons of now. */
export async function runningCouponTemplates(db: Executor, operatorId: string, now: Date) {
  const rows = await db
    .selectFrom('promotions')
    .select(['id', 'name', 'ends_at', 'total_limit', 'issued_count'])
    .where('operator_id', '=', operatorId)
    .where('trigger', '=', 'coupon')
    .where('status', '=', 'active')
    .where('starts_at', '<=', now)
    .where('ends_at', '>', now)
    .orderBy('ends_at')
    .orderBy('id')
    .limit(500)
    .execute();
  return rows.map((p) => ({
    id: p.id,
    name: p.name,
    endsAt: p.ends_at.toISOString(),
    left: p.total_limit === null ? null : Math.max(0, p.total_limit - p.issued_count),
  }));
}

/** The operator's promotions, newest first. */
export async function listPromotions(
  db: Executor,
  operatorId: string,
  paging: PageRequest & { status?: 'active' | 'paused' | 'ended' | undefined },
) {
  // A play's promotion is the play's: its screens show it.
  let base = db.selectFrom('promotions').where('operator_id', '=', operatorId).where('trigger', '<>', 'play');
  if (paging.status) base = base.where('status', '=', paging.status);
  return fetchPage(paging, base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc'), base);
}

/** What the promotions' coupons and recorded discounts say of each (the ledger's cost is added by the caller). */
export async function promotionUsage(db: Executor, operatorId: string, promotionIds: readonly string[]) {
  if (promotionIds.length === 0) return new Map<string, PromotionUsage>();
  const ids = [...promotionIds];
  const [coupons, discounts] = await Promise.all([
    db
      .selectFrom('coupons')
      .select((eb) => [
        'promotion_id',
        eb.fn.countAll<number>().as('issued'),
        eb.fn.count<number>('id').filterWhere('status', '=', 'used').as('used'),
        eb.fn.sum<number>('returned_count').as('returned'),
      ])
      .where('operator_id', '=', operatorId)
      .where('promotion_id', 'in', ids)
      .groupBy('promotion_id')
      .execute(),
    db
      .selectFrom('order_discounts')
      .select((eb) => [
        'promotion_id',
        eb.fn.count<number>('order_id').filterWhere('status', '=', 'applied').as('orders'),
        eb.fn.sum<number>(sql`case when status = 'applied' then amount_fen else 0 end`).as('discount'),
        eb.fn.agg<string[]>('array_agg', ['order_id']).filterWhere('status', '=', 'applied').as('order_ids'),
      ])
      .where('operator_id', '=', operatorId)
      .where('promotion_id', 'in', ids)
      .groupBy('promotion_id')
      .execute(),
  ]);
  const usage = new Map<string, PromotionUsage>();
  for (const id of ids) usage.set(id, { issued: 0, used: 0, returned: 0, orders: 0, discountFen: 0, orderIds: [] });
  for (const c of coupons)
    Object.assign(usage.get(c.promotion_id) ?? {}, { issued: Number(c.issued), used: Number(c.used), returned: Number(c.returned ?? 0) });
  for (const d of discounts) {
    Object.assign(usage.get(d.promotion_id) ?? {}, {
      orders: Number(d.orders),
      discountFen: Number(d.discount ?? 0),
      orderIds: d.order_ids ?? [],
    });
  }
  return usage;
}

export interface PromotionUsage {
  issued: number;
  used: number;
  returned: number;
  /** Orders with the promotion applied (not given back), paid or not yet. */
  orders: number;
  discountFen: number;
  orderIds: string[];
}

/** The discounts of orders per line with who funds each, for the ledger's marketing postings (orders without any are absent). */
export async function discountLinesOfOrders(db: Executor, orderIds: readonly string[]) {
  if (orderIds.length === 0) return [];
  const { rows } = await sql<{
    order_id: string;
    order_line_id: string;
    promotion_id: string;
    amount_fen: number;
    funded_by: string;
    supplier_id: string | null;
    name: string;
  }>`
    select d.order_id, l.order_line_id, d.promotion_id, l.amount_fen, p.funded_by, p.supplier_id, p.name
    from order_discounts d
    cross join lateral jsonb_to_recordset(d.lines) as l(order_line_id text, amount_fen bigint)
    join promotions p on p.id = d.promotion_id
    where d.order_id in (${sql.join(orderIds)})
    order by d.order_id, d.promotion_id, l.order_line_id`.execute(db);
  return rows.map((r) => ({ ...r, amount_fen: Number(r.amount_fen) }));
}

/** A leader's claimable coupons with what their share links brought. */
export async function leaderCoupons(db: Executor, operatorId: string, leaderId: string, now: Date) {
  return db
    .selectFrom('promotions as p')
    .select((eb) => [
      'p.id',
      'p.name',
      'p.discount_kind',
      'p.threshold_fen',
      'p.amount_off_fen',
      'p.percent_off',
      'p.max_off_fen',
      'p.newcomer_only',
      'p.ends_at',
      eb
        .selectFrom('coupons as c')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('c.promotion_id', '=', 'p.id')
        .where('c.shared_by_leader_id', '=', leaderId)
        .as('claimed'),
      eb
        .selectFrom('coupons as c')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('c.promotion_id', '=', 'p.id')
        .where('c.shared_by_leader_id', '=', leaderId)
        .where('c.status', '=', 'used')
        .as('used'),
    ])
    .where('p.operator_id', '=', operatorId)
    .where('p.trigger', '=', 'coupon')
    .where('p.claimable', '=', true)
    .where('p.status', '=', 'active')
    .where('p.ends_at', '>', now)
    .orderBy('p.ends_at')
    .orderBy('p.id')
    .execute();
}

/** The coupons claimed through a leader's links, newest first. */
export async function leaderCouponUses(db: Executor, operatorId: string, leaderId: string, paging: PageRequest) {
  const base = db.selectFrom('coupons as c').where('c.operator_id', '=', operatorId).where('c.shared_by_leader_id', '=', leaderId);
  return fetchPage(
    paging,
    base
      .innerJoin('promotions as p', 'p.id', 'c.promotion_id')
      .select(['c.id', 'c.resident_id', 'c.status', 'c.issued_at', 'c.used_at', 'p.name'])
      .orderBy('c.issued_at', 'desc')
      .orderBy('c.id', 'desc'),
    base,
  );
}

/**
 * What these coupons did at checkout: how many were used (held or used by an order now), and
 * the discounts applied with them (not given back) with their orders. A play's cost (the lottery's coupons).
 */
export async function couponsUse(db: Executor, operatorId: string, couponIds: readonly string[]) {
  if (couponIds.length === 0) return { used: 0, discountFen: 0, orderIds: [] as string[] };
  const ids = [...new Set(couponIds)];
  const [used, discounts] = await Promise.all([
    db
      .selectFrom('coupons')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('operator_id', '=', operatorId)
      .where('id', 'in', ids)
      .where('status', 'in', ['held', 'used'])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('order_discounts')
      .select(['order_id', 'amount_fen'])
      .where('operator_id', '=', operatorId)
      .where('coupon_id', 'in', ids)
      .where('status', '=', 'applied')
      .execute(),
  ]);
  return {
    used: Number(used.n),
    discountFen: discounts.reduce((sum, d) => sum + d.amount_fen, 0),
    orderIds: [...new Set(discounts.map((d) => d.order_id))],
  };
}
