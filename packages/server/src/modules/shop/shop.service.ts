import type { shop } from '@linli/contracts';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { Executor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { type Principal, setResidentPickupPoint } from '../identity/index.ts';
import { forgetResidentPoint } from '../ordering/index.ts';

type PickupPointSummary = z.infer<typeof shop.PickupPointSummary>;
type ShopCampaign = z.infer<typeof shop.ShopCampaign>;

/**
 * The lines of some campaigns with what a screen shows of each (product, spec, unit, photos,
 * prices, stock), in the campaigns' order; callers join and select more.
 */
export function campaignLineRows(db: Executor, campaignIds: readonly string[]) {
  return db
    .selectFrom('campaign_lines as cl')
    .innerJoin('skus as s', 's.id', 'cl.sku_id')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .select([
      'cl.id',
      'cl.campaign_id',
      'cl.sku_id',
      'cl.group_price_fen',
      'cl.stock_total',
      'cl.reserved',
      's.spec',
      's.unit',
      's.images',
      's.list_price_fen',
      'p.name as product_name',
      'p.images as product_images',
    ])
    .where('cl.campaign_id', 'in', campaignIds)
    .orderBy('cl.sort')
    .orderBy('cl.id');
}

type CampaignLineRow = Awaited<ReturnType<ReturnType<typeof campaignLineRows>['execute']>>[number];

/** A campaign line as screens show it: the SKU's photos, else the product's; stock left, or null when unlimited. */
export function campaignLineView(l: CampaignLineRow) {
  return {
    id: l.id,
    skuId: l.sku_id,
    productName: l.product_name,
    spec: l.spec,
    unit: l.unit,
    images: l.images.length > 0 ? l.images : l.product_images,
    groupPriceFen: l.group_price_fen,
    listPriceFen: l.list_price_fen,
    stockLeft: l.stock_total === null ? null : l.stock_total - l.reserved,
  };
}

/** Great-circle distance in metres, in SQL, from a point to a pickup point's coordinates. */
function distanceSql(lat: number, lng: number) {
  return sql<number>`round(12742000 * asin(sqrt(
    power(sin(radians(pp.lat - ${lat}) / 2), 2) +
    cos(radians(${lat})) * cos(radians(pp.lat)) * power(sin(radians(pp.lng - ${lng}) / 2), 2))))::int`;
}

/** The open pickup points of active leaders nearest to a coordinate, nearest first. */
export async function nearbyPickupPoints(
  db: Executor,
  operatorId: string,
  lat: number,
  lng: number,
  limit: number,
): Promise<PickupPointSummary[]> {
  const rows = await db
    .selectFrom('pickup_points as pp')
    .innerJoin('leaders as l', 'l.id', 'pp.leader_id')
    .select([
      'pp.id',
      'pp.name',
      'pp.address',
      'pp.lat',
      'pp.lng',
      'pp.opening_hours',
      'l.name as leader_name',
      distanceSql(lat, lng).as('distance'),
    ])
    .where('pp.operator_id', '=', operatorId)
    .where('pp.status', '=', 'open')
    .where('l.status', '=', 'active')
    .orderBy('distance')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...toSummary(r), distanceMeters: r.distance }));
}

function toSummary(r: {
  id: string;
  name: string;
  address: string;
  lat: number;
  lng: number;
  opening_hours: string;
  leader_name: string;
}): PickupPointSummary {
  return { id: r.id, name: r.name, address: r.address, lat: r.lat, lng: r.lng, openingHours: r.opening_hours, leaderName: r.leader_name };
}

async function pickupPointSummary(db: Executor, operatorId: string, id: string): Promise<PickupPointSummary | undefined> {
  const r = await db
    .selectFrom('pickup_points as pp')
    .innerJoin('leaders as l', 'l.id', 'pp.leader_id')
    .select(['pp.id', 'pp.name', 'pp.address', 'pp.lat', 'pp.lng', 'pp.opening_hours', 'l.name as leader_name'])
    .where('pp.id', '=', id)
    .where('pp.operator_id', '=', operatorId)
    .executeTakeFirst();
  return r ? toSummary(r) : undefined;
}

/** The resident's profile with the pickup point they are bound to. */
export async function residentProfile(ctx: AppContext, resident: Principal): Promise<z.infer<typeof shop.ResidentProfile>> {
  const r = await ctx.db
    .selectFrom('residents')
    .select(['id', 'phone', 'name', 'pickup_point_id'])
    .where('id', '=', resident.id)
    .executeTakeFirstOrThrow();
  const point = r.pickup_point_id ? await pickupPointSummary(ctx.db, resident.operatorId, r.pickup_point_id) : undefined;
  return { id: r.id, phone: r.phone, name: r.name, pickupPoint: point ?? null };
}

/** Binds the resident to an open pickup point of an active leader; orders placed from now on go there. */
export async function choosePickupPoint(
  ctx: AppContext,
  resident: Principal,
  pickupPointId: string,
): Promise<z.infer<typeof shop.ResidentProfile>> {
  const point = await ctx.db
    .selectFrom('pickup_points as pp')
    .innerJoin('leaders as l', 'l.id', 'pp.leader_id')
    .select(['pp.id', 'pp.status', 'l.status as leader_status'])
    .where('pp.id', '=', pickupPointId)
    .where('pp.operator_id', '=', resident.operatorId)
    .executeTakeFirst();
  if (!point) throw new AppError('NOT_FOUND', 'pickup point not found');
  if (point.status !== 'open' || point.leader_status !== 'active') throw new AppError('PICKUP_POINT_CLOSED', 'this pickup point is closed');
  await setResidentPickupPoint(ctx.db, resident.id, pickupPointId);
  forgetResidentPoint(resident.operatorId, resident.id);
  return residentProfile(ctx, resident);
}

/**
 * Campaigns a resident can order from now at a pickup point (their own by default): open, before
 * cutoff, and sold by that point's leader; with stock left and what the resident already bought.
 */
export async function shopCampaigns(
  ctx: AppContext,
  resident: Principal,
  pickupPointId?: string,
  campaignId?: string,
): Promise<ShopCampaign[]> {
  const now = ctx.clock.now();
  let pointId = pickupPointId;
  if (!pointId) {
    const r = await ctx.db.selectFrom('residents').select('pickup_point_id').where('id', '=', resident.id).executeTakeFirstOrThrow();
    pointId = r.pickup_point_id ?? undefined;
  }
  if (!pointId) return [];
  const point = await ctx.db
    .selectFrom('pickup_points')
    .select(['leader_id'])
    .where('id', '=', pointId)
    .where('operator_id', '=', resident.operatorId)
    .executeTakeFirst();
  if (!point) throw new AppError('NOT_FOUND', 'pickup point not found');
  let q = ctx.db
    .selectFrom('campaigns as c')
    .selectAll('c')
    .where('c.operator_id', '=', resident.operatorId)
    .where('c.status', '=', 'open')
    .where('c.opens_at', '<=', now)
    .where('c.cutoff_at', '>', now)
    .where((eb) =>
      eb.or([
        eb('c.leader_scope', '=', 'all'),
        eb.exists(
          eb
            .selectFrom('campaign_leaders as cl')
            .select('cl.leader_id')
            .whereRef('cl.campaign_id', '=', 'c.id')
            .where('cl.leader_id', '=', point.leader_id),
        ),
      ]),
    );
  if (campaignId) q = q.where('c.id', '=', campaignId);
  const campaigns = await q.orderBy('c.cutoff_at').orderBy('c.id').execute();
  if (campaigns.length === 0) return [];
  const lines = await campaignLineRows(
    ctx.db,
    campaigns.map((c) => c.id),
  )
    .leftJoin('resident_purchases as rp', (j) => j.onRef('rp.campaign_line_id', '=', 'cl.id').on('rp.resident_id', '=', resident.id))
    .select(['cl.per_resident_limit', 'rp.quantity as bought'])
    .execute();
  return campaigns.map((c) => ({
    id: c.id,
    title: c.title,
    description: c.description,
    opensAt: c.opens_at.toISOString(),
    cutoffAt: c.cutoff_at.toISOString(),
    pickupDate: c.pickup_date,
    lines: lines
      .filter((l) => l.campaign_id === c.id)
      .map((l) => ({
        ...campaignLineView(l),
        perResidentLimit: l.per_resident_limit,
        boughtByMe: l.bought ?? 0,
      })),
  }));
}

/** The resident's messages, newest first (refunds, cancellations). */
export async function residentNotifications(ctx: AppContext, resident: Principal) {
  const rows = await ctx.db
    .selectFrom('notifications')
    .select(['id', 'title', 'body', 'created_at', 'read_at'])
    .where('operator_id', '=', resident.operatorId)
    .where('recipient_kind', '=', 'resident')
    .where('recipient_id', '=', resident.id)
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, body: r.body, createdAt: r.created_at.toISOString(), read: r.read_at !== null }));
}
