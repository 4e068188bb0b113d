import type { points } from '@linli/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { PointsOffersTable } from '../../platform/db/schema.points.ts';
import { AppError, found } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { Principal } from '../identity/index.ts';
import { issueCoupon } from '../promotions/index.ts';
import { debit, lockBalance } from './points.ledger.ts';
import { pointsSettings } from './points.settings.ts';

type Offer = z.infer<typeof points.PointsOffer>;

const toOffer = (o: Pick<PointsOffersTable, 'id' | 'coupon_template_id' | 'title' | 'points_cost'> & { active: boolean }): Offer => ({
  id: o.id,
  couponTemplateId: o.coupon_template_id,
  title: o.title,
  pointsCost: o.points_cost,
  active: o.active,
});

/** The operator's offers, cheapest first (`activeOnly`: what residents may redeem now). */
export async function listOffers(db: Executor, operatorId: string, activeOnly: boolean): Promise<Offer[]> {
  let q = db.selectFrom('points_offers').selectAll().where('operator_id', '=', operatorId);
  if (activeOnly) q = q.where('active', '=', true);
  return (await q.orderBy('points_cost').orderBy('id').execute()).map(toOffer);
}

/** Staff offer a coupon template for points (the template is checked when a resident redeems). */
export async function createOffer(
  db: Executor,
  now: Date,
  operatorId: string,
  o: z.infer<typeof points.CreatePointsOffer>,
): Promise<Offer> {
  const row = {
    id: newId('pof'),
    operator_id: operatorId,
    coupon_template_id: o.couponTemplateId,
    title: o.title,
    points_cost: o.pointsCost,
    active: o.active,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('points_offers').values(row).execute();
  return toOffer(row);
}

/** Changes an offer's title, cost or whether it is offered; another operator's is NOT_FOUND. */
export async function updateOffer(
  db: Executor,
  now: Date,
  operatorId: string,
  id: string,
  patch: z.infer<typeof points.UpdatePointsOffer>,
): Promise<Offer> {
  const row = await db
    .updateTable('points_offers')
    .set({
      updated_at: now,
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.pointsCost !== undefined ? { points_cost: patch.pointsCost } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
    })
    .where('operator_id', '=', operatorId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return toOffer(found(row, 'offer'));
}

/**
 * A resident redeems points for an offer's coupon: in one transaction the balance is locked and
 * checked, the coupon issued (promotions' `issueCoupon`: sold out or at the resident's limit is its
 * AppError) and the points spent, soonest-expiring first, as a `redeemed` entry naming the coupon.
 * Any refusal (POINTS_DISABLED, an inactive or unknown offer, POINTS_INSUFFICIENT, the coupon's own)
 * changes nothing.
 */
export async function redeemOffer(ctx: AppContext, me: Principal, offerId: string): Promise<z.infer<typeof points.Redeemed>> {
  const now = ctx.clock.now();
  const settings = await pointsSettings(ctx.db, me.operatorId);
  if (!settings.enabled) throw new AppError('POINTS_DISABLED', 'points are switched off');
  return ctx.db.transaction().execute(async (trx) => {
    const offer = await trx
      .selectFrom('points_offers')
      .selectAll()
      .where('operator_id', '=', me.operatorId)
      .where('id', '=', offerId)
      .where('active', '=', true)
      .executeTakeFirst();
    if (!offer) throw new AppError('NOT_FOUND', 'offer not found');
    const balance = await lockBalance(trx, now, me.operatorId, me.id);
    if (balance < offer.points_cost) {
      throw new AppError('POINTS_INSUFFICIENT', `the balance is ${balance} points, ${offer.points_cost} are needed`, {
        balance,
        needed: offer.points_cost,
      });
    }
    const redemptionId = newId('prd');
    const { couponId } = await issueCoupon(trx, now, {
      operatorId: me.operatorId,
      templateId: offer.coupon_template_id,
      residentId: me.id,
      source: 'points',
      sourceId: redemptionId,
    });
    const posted = await debit(
      trx,
      now,
      {
        operatorId: me.operatorId,
        residentId: me.id,
        key: `redeem:${redemptionId}`,
        reason: 'redeemed',
        documentId: couponId,
        note: offer.title,
      },
      offer.points_cost,
      { strict: true },
    );
    if (!posted) throw new Error('a fresh redemption key was already posted');
    return { couponId, pointsSpent: -posted.delta, balance: posted.balance };
  });
}
