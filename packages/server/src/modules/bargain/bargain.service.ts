import { createHmac, randomInt } from 'node:crypto';
import type { bargain } from '@linli/contracts';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { dayStart, localDate } from '../../platform/calendar.ts';
import { AppError, found } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { orderableLines } from '../campaign/index.ts';
import { operatorTimeZone, type Principal, residentPhone, residentsSignedUpSince } from '../identity/index.ts';
import { existingLeaderIds } from '../leader/index.ts';
import { checkoutPlay } from '../ordering/index.ts';
import { createPlayPromotion, setPlayPromotionStatus } from '../promotions/index.ts';
import { offerView } from './bargain.queries.ts';
import { bargainState, cutRefusal, nextCut, offerProblem, RANDOM_RANGE } from './bargain.rules.ts';

type CreateOffer = z.infer<typeof bargain.CreateBargainOffer>;

/** An identifier the abuse limits compare, as stored: an HMAC under the installation secret (never the value). */
function fingerprint(secret: string, kind: 'phone' | 'device', value: string): string {
  return createHmac('sha256', secret).update(`bargain:${kind}:${value}`).digest('base64url');
}

/** A device id a client sends (X-Device-Id): 8 to 128 letters, digits, `-` or `_`; anything else is none. */
export function deviceIdOf(header: unknown): string | null {
  return typeof header === 'string' && /^[A-Za-z0-9_-]{8,128}$/.test(header) ? header : null;
}

/**
 * Staff offer a campaign line for bargaining: from its group price down to the floor with the
 * helpers needed (price − floor ≥ helpers, VALIDATION_FAILED), with the play promotion its orders
 * are priced by (made in the same transaction, its window the offer's plus a bargain's time).
 */
export async function createOffer(ctx: AppContext, staff: Principal, input: CreateOffer) {
  const now = ctx.clock.now();
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (endsAt <= startsAt || endsAt <= now)
    throw new AppError('VALIDATION_FAILED', 'an offer ends after it starts, in the future', { field: 'endsAt' });
  const [line] = await orderableLines(ctx.db, staff.operatorId, [input.campaignLineId]);
  if (!line) throw new AppError('VALIDATION_FAILED', 'not a campaign line of yours', { field: 'campaignLineId' });
  const problem = offerProblem({ priceFen: line.groupPriceFen, floorFen: input.floorFen, helpers: input.helpersNeeded });
  if (problem) throw new AppError('VALIDATION_FAILED', problem, { field: 'floorFen', priceFen: line.groupPriceFen });
  const id = newId('bgo');
  await ctx.db.transaction().execute(async (trx) => {
    const promotionId = await createPlayPromotion(trx, now, {
      operatorId: staff.operatorId,
      name: `砍价 ${input.title}`,
      scope: { kind: 'sku', ids: [line.skuId] },
      startsAt,
      endsAt: new Date(endsAt.getTime() + input.durationMinutes * 60_000),
      totalLimit: input.totalLimit,
      budgetFen: null,
      createdBy: staff.id,
    });
    await trx
      .insertInto('bargain_offers')
      .values({
        id,
        operator_id: staff.operatorId,
        campaign_line_id: line.id,
        title: input.title,
        price_fen: line.groupPriceFen,
        floor_fen: input.floorFen,
        helpers_needed: input.helpersNeeded,
        duration_minutes: input.durationMinutes,
        newcomer_only: input.newcomerOnly,
        daily_cut_limit: input.dailyCutLimit,
        promotion_id: promotionId,
        starts_at: startsAt,
        ends_at: endsAt,
        created_by: staff.id,
        created_at: now,
        updated_at: now,
      })
      .execute();
  });
  return found(await offerView(ctx.db, staff.operatorId, id), 'offer');
}

/** Staff pause, resume or end an offer, and its promotion with it (paused, bargains are neither started, cut nor bought); an ended one stays ended. */
export async function setOfferStatus(ctx: AppContext, staff: Principal, id: string, status: 'active' | 'paused' | 'ended') {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const offer = found(
      await trx
        .selectFrom('bargain_offers')
        .select(['status', 'promotion_id'])
        .where('operator_id', '=', staff.operatorId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst(),
      'offer',
    );
    if (offer.status === 'ended' && status !== 'ended')
      throw new AppError('INVALID_STATE', 'an ended offer is not started again', { status: offer.status });
    await trx.updateTable('bargain_offers').set({ status, updated_at: now }).where('id', '=', id).execute();
    await setPlayPromotionStatus(trx, now, staff.operatorId, offer.promotion_id, status);
  });
  return found(await offerView(ctx.db, staff.operatorId, id), 'offer');
}

/**
 * A resident starts a bargain on an offer (one per resident and offer: asking again answers the
 * one they have). It runs for the offer's time, never past the campaign's cutoff. An offer paused,
 * ended or outside its window is BARGAIN_UNAVAILABLE.
 */
export async function startBargain(ctx: AppContext, me: Principal, offerId: string, leaderId?: string): Promise<string> {
  const now = ctx.clock.now();
  const offer = await ctx.db
    .selectFrom('bargain_offers')
    .selectAll()
    .where('operator_id', '=', me.operatorId)
    .where('id', '=', offerId)
    .executeTakeFirst();
  if (!offer) throw new AppError('NOT_FOUND', 'offer not found');
  const mine = await ctx.db
    .selectFrom('bargains')
    .select('id')
    .where('offer_id', '=', offer.id)
    .where('starter_id', '=', me.id)
    .executeTakeFirst();
  if (mine) return mine.id;
  const [line] = await orderableLines(ctx.db, me.operatorId, [offer.campaign_line_id]);
  if (offer.status !== 'active' || now < offer.starts_at || now >= offer.ends_at || !line || line.cutoffAt <= now) {
    throw new AppError('BARGAIN_UNAVAILABLE', 'this bargain offer is not open now', { status: offer.status });
  }
  const sharedBy = leaderId && (await existingLeaderIds(ctx.db, me.operatorId, [leaderId])).has(leaderId) ? leaderId : null;
  const id = newId('bgn');
  await ctx.db
    .insertInto('bargains')
    .values({
      id,
      operator_id: me.operatorId,
      offer_id: offer.id,
      starter_id: me.id,
      price_fen: offer.price_fen,
      floor_fen: offer.floor_fen,
      current_price_fen: offer.price_fen,
      helpers_needed: offer.helpers_needed,
      shared_by_leader_id: sharedBy,
      started_at: now,
      expires_at: new Date(Math.min(now.getTime() + offer.duration_minutes * 60_000, line.cutoffAt.getTime())),
    })
    .onConflict((oc) => oc.columns(['offer_id', 'starter_id']).doNothing())
    .execute();
  const row = await ctx.db
    .selectFrom('bargains')
    .select('id')
    .where('offer_id', '=', offer.id)
    .where('starter_id', '=', me.id)
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * A logged-in resident helps cut a bargain. In one transaction the bargain is locked (its cuts run
 * one after the other), then the helper and their device (their limits across bargains count what
 * came before). Refused with BARGAIN_CUT_REFUSED (`details.reason`) when it is not open, it is the
 * helper's own, they or their phone or device helped it already, it is for newcomers and they are
 * not, or the helper or device made the day's cuts. The cut is drawn from the CSPRNG (larger
 * first, the last helper's reaching the floor exactly), recorded with its value.
 */
export async function cutBargain(ctx: AppContext, me: Principal, bargainId: string, deviceHeader: unknown) {
  const now = ctx.clock.now();
  const timeZone = await operatorTimeZone(ctx.db, me.operatorId);
  const today = dayStart(localDate(now, timeZone), timeZone);
  const phone = await residentPhone(ctx.db, me.operatorId, me.id);
  if (!phone) throw new AppError('NOT_FOUND', 'resident not found');
  const phoneHash = fingerprint(ctx.secret, 'phone', phone);
  const device = deviceIdOf(deviceHeader);
  const deviceHash = device ? fingerprint(ctx.secret, 'device', device) : null;
  return ctx.db.transaction().execute(async (trx) => {
    const b = await trx
      .selectFrom('bargains')
      .selectAll()
      .where('operator_id', '=', me.operatorId)
      .where('id', '=', bargainId)
      .forUpdate()
      .executeTakeFirst();
    if (!b) throw new AppError('NOT_FOUND', 'bargain not found');
    const offer = await trx
      .selectFrom('bargain_offers')
      .select(['status', 'newcomer_only', 'daily_cut_limit'])
      .where('id', '=', b.offer_id)
      .executeTakeFirstOrThrow();
    await sql`select pg_advisory_xact_lock(hashtextextended(${`bargain-helper:${me.id}`}, 0))`.execute(trx);
    if (deviceHash) await sql`select pg_advisory_xact_lock(hashtextextended(${`bargain-device:${deviceHash}`}, 0))`.execute(trx);
    const count = async (q: Promise<{ n: number | string | bigint }>) => Number((await q).n);
    const cutsOf = trx.selectFrom('bargain_cuts').select((eb) => eb.fn.countAll<number>().as('n'));
    const state = offer.status === 'active' ? bargainState({ state: b.state, expiresAt: b.expires_at }, now) : 'expired';
    const refusal = cutRefusal({
      state,
      helperIsStarter: b.starter_id === me.id,
      helpedBefore: (await count(cutsOf.where('bargain_id', '=', b.id).where('helper_id', '=', me.id).executeTakeFirstOrThrow())) > 0,
      helpersLeft: b.helpers_needed - b.helpers,
      newcomerOnly: offer.newcomer_only,
      helperIsNewcomer: (await residentsSignedUpSince(trx, me.operatorId, [me.id], b.started_at)) === 1,
      phoneCutBefore:
        (await count(cutsOf.where('bargain_id', '=', b.id).where('phone_hash', '=', phoneHash).executeTakeFirstOrThrow())) > 0,
      deviceCutBefore:
        deviceHash !== null &&
        (await count(cutsOf.where('bargain_id', '=', b.id).where('device_hash', '=', deviceHash).executeTakeFirstOrThrow())) > 0,
      helperCutsToday: await count(
        cutsOf.where('operator_id', '=', me.operatorId).where('helper_id', '=', me.id).where('at', '>=', today).executeTakeFirstOrThrow(),
      ),
      deviceCutsToday:
        deviceHash === null
          ? 0
          : await count(
              cutsOf
                .where('operator_id', '=', me.operatorId)
                .where('device_hash', '=', deviceHash)
                .where('at', '>=', today)
                .executeTakeFirstOrThrow(),
            ),
      dailyCutLimit: offer.daily_cut_limit,
    });
    if (refusal) throw new AppError('BARGAIN_CUT_REFUSED', `this bargain cannot be cut by you now (${refusal})`, { reason: refusal });
    const randomValue = randomInt(0, RANDOM_RANGE);
    const helpersLeft = b.helpers_needed - b.helpers;
    const amount = nextCut(b.current_price_fen - b.floor_fen, helpersLeft, randomValue);
    const priceAfter = b.current_price_fen - amount;
    await trx
      .insertInto('bargain_cuts')
      .values({
        bargain_id: b.id,
        helper_id: me.id,
        operator_id: me.operatorId,
        amount_fen: amount,
        random_value: randomValue,
        price_after_fen: priceAfter,
        phone_hash: phoneHash,
        device_hash: deviceHash,
        newcomer: (await residentsSignedUpSince(trx, me.operatorId, [me.id], b.started_at)) === 1,
        at: now,
      })
      .execute();
    await trx
      .updateTable('bargains')
      .set((eb) => ({ current_price_fen: priceAfter, helpers: eb('helpers', '+', 1) }))
      .where('id', '=', b.id)
      .execute();
    return { amountFen: amount, priceAfterFen: priceAfter, helpersLeft: helpersLeft - 1 };
  });
}

/**
 * The starter buys their bargain at its price now, once, before it expires: the order of its one
 * line at that price through checkout's play hook (its discount the offer's promotion's), with its
 * payment. Another's bargain is NOT_FOUND; one bought, past its time or whose offer is paused is
 * BARGAIN_UNAVAILABLE. A retry answers the same order (the bargain's idempotency key).
 */
export async function buyBargain(ctx: AppContext, me: Principal, bargainId: string, ip?: string) {
  const now = ctx.clock.now();
  const b = await ctx.db
    .selectFrom('bargains as b')
    .innerJoin('bargain_offers as o', 'o.id', 'b.offer_id')
    .select([
      'b.id',
      'b.starter_id',
      'b.state',
      'b.expires_at',
      'b.current_price_fen',
      'b.order_id',
      'o.campaign_line_id',
      'o.promotion_id',
      'o.status',
    ])
    .where('b.operator_id', '=', me.operatorId)
    .where('b.id', '=', bargainId)
    .executeTakeFirst();
  if (!b || b.starter_id !== me.id) throw new AppError('NOT_FOUND', 'bargain not found');
  const state = bargainState({ state: b.state, expiresAt: b.expires_at }, now);
  if (state !== 'open' || b.status !== 'active') {
    throw new AppError('BARGAIN_UNAVAILABLE', `this bargain is ${state === 'open' ? 'paused' : state}`, { state, orderId: b.order_id });
  }
  const placed = await checkoutPlay(
    ctx,
    me,
    { campaignLineId: b.campaign_line_id, quantity: 1, play: { promotionId: b.promotion_id, unitPriceFen: b.current_price_fen } },
    `bargain:${b.id}`,
    ip,
  );
  await ctx.db
    .updateTable('bargains')
    .set({ state: 'bought', order_id: placed.order.id, bought_at: now })
    .where('id', '=', b.id)
    .where('state', '=', 'open')
    .execute();
  return placed;
}
