import type { shop } from '@linli/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { Executor } from '../../platform/db/database.ts';
import { AppError, found } from '../../platform/errors.ts';
import { campaignsSellingThrough } from '../campaign/index.ts';
import { type Principal, residentAccount, bindOwnPickupPoint } from '../identity/index.ts';
import { pickupPointsByIds, pickupPointsNear, type ResidentPickupPoint, residentPickupPoint } from '../leader/index.ts';
import { forgetResidentPoint, residentPurchases } from '../ordering/index.ts';
import { campaignLineRows, campaignLineView } from './campaign-lines.report.ts';

type PickupPointSummary = z.infer<typeof shop.PickupPointSummary>;
type ShopCampaign = z.infer<typeof shop.ShopCampaign>;

/** The open pickup points of active leaders nearest to a coordinate, nearest first. */
export async function nearbyPickupPoints(
  db: Executor,
  operatorId: string,
  lat: number,
  lng: number,
  limit: number,
): Promise<PickupPointSummary[]> {
  const points = await pickupPointsNear(db, operatorId, { lat, lng }, limit);
  return points.map((p) => ({ ...toSummary(p), distanceMeters: p.distanceMeters }));
}

function toSummary(p: Omit<ResidentPickupPoint, 'takesOrders'>): PickupPointSummary {
  return { id: p.id, name: p.name, address: p.address, lat: p.lat, lng: p.lng, openingHours: p.openingHours, leaderName: p.leaderName };
}

/** The resident's profile with the pickup point they are bound to. */
export async function residentProfile(ctx: AppContext, resident: Principal): Promise<z.infer<typeof shop.ResidentProfile>> {
  const r = found(await residentAccount(ctx.db, resident.operatorId, resident.id), 'resident');
  const point = r.pickupPointId ? await residentPickupPoint(ctx.db, resident.operatorId, r.pickupPointId) : undefined;
  return { id: r.id, phone: r.phone, name: r.name, pickupPoint: point ? toSummary(point) : null };
}

/** Binds the resident to an open pickup point of an active leader; orders placed from now on go there. */
export async function choosePickupPoint(
  ctx: AppContext,
  resident: Principal,
  pickupPointId: string,
): Promise<z.infer<typeof shop.ResidentProfile>> {
  const point = await residentPickupPoint(ctx.db, resident.operatorId, pickupPointId);
  if (!point) throw new AppError('NOT_FOUND', 'pickup point not found');
  if (!point.takesOrders) throw new AppError('PICKUP_POINT_CLOSED', 'this pickup point is closed');
  await bindOwnPickupPoint(ctx.db, resident, pickupPointId);
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
  const pointId = pickupPointId ?? found(await residentAccount(ctx.db, resident.operatorId, resident.id), 'resident').pickupPointId;
  if (!pointId) return [];
  const point = (await pickupPointsByIds(ctx.db, resident.operatorId, [pointId])).get(pointId);
  if (!point) throw new AppError('NOT_FOUND', 'pickup point not found');
  const campaigns = await campaignsSellingThrough(ctx.db, resident.operatorId, point.leaderId, now, campaignId);
  if (campaigns.length === 0) return [];
  const lines = await campaignLineRows(
    ctx.db,
    campaigns.map((c) => c.id),
  ).execute();
  const bought = await residentPurchases(
    ctx.db,
    resident.operatorId,
    resident.id,
    lines.map((l) => l.id),
  );
  return campaigns.map((c) => ({
    id: c.id,
    title: c.title,
    description: c.description,
    opensAt: c.opensAt.toISOString(),
    cutoffAt: c.cutoffAt.toISOString(),
    pickupDate: c.pickupDate,
    lines: lines
      .filter((l) => l.campaign_id === c.id)
      .map((l) => ({
        ...campaignLineView(l),
        perResidentLimit: l.per_resident_limit,
        boughtByMe: bought.get(l.id) ?? 0,
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
