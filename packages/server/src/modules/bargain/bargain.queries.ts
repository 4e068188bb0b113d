import type { bargain } from '@linli/contracts';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../platform/db/database.ts';
import { fetchPage, type PageRequest } from '../../platform/db/paging.ts';
import type { BargainOffersTable, BargainsTable } from '../../platform/db/schema.bargain.ts';
import { AppError } from '../../platform/errors.ts';
import { residentsSeenByLeader } from '../identity/index.ts';
import { promotionUsage } from '../promotions/index.ts';
import { bargainState } from './bargain.rules.ts';

type Offer = z.infer<typeof bargain.BargainOffer>;
type Results = z.infer<typeof bargain.OfferResults>;

const toOffer = (o: Selectable<BargainOffersTable>): Offer => ({
  id: o.id,
  campaignLineId: o.campaign_line_id,
  title: o.title,
  priceFen: o.price_fen,
  floorFen: o.floor_fen,
  helpersNeeded: o.helpers_needed,
  durationMinutes: o.duration_minutes,
  newcomerOnly: o.newcomer_only,
  dailyCutLimit: o.daily_cut_limit,
  promotionId: o.promotion_id,
  startsAt: o.starts_at.toISOString(),
  endsAt: o.ends_at.toISOString(),
  status: o.status,
  createdAt: o.created_at.toISOString(),
});

/**
 * An offer's profit and loss: bargains started, reaching the floor and bought, the cuts and
 * helpers (the new residents among them), and the orders at a bargain price with their discounts
 * (the marketing cost the ledger posts with their sales).
 */
export async function offerResults(db: Executor, operatorId: string, offer: { id: string; promotion_id: string }): Promise<Results> {
  const bargains = await db
    .selectFrom('bargains')
    .select(['id', 'state', 'current_price_fen', 'floor_fen'])
    .where('offer_id', '=', offer.id)
    .execute();
  const cuts =
    bargains.length === 0
      ? []
      : await db
          .selectFrom('bargain_cuts')
          .select(['helper_id', 'newcomer'])
          .where(
            'bargain_id',
            'in',
            bargains.map((b) => b.id),
          )
          .execute();
  const usage = (await promotionUsage(db, operatorId, [offer.promotion_id])).get(offer.promotion_id);
  return {
    bargains: bargains.length,
    reachedFloor: bargains.filter((b) => b.current_price_fen === b.floor_fen).length,
    bought: bargains.filter((b) => b.state === 'bought').length,
    cuts: cuts.length,
    helpers: new Set(cuts.map((c) => c.helper_id)).size,
    newResidents: new Set(cuts.filter((c) => c.newcomer).map((c) => c.helper_id)).size,
    orders: usage?.orders ?? 0,
    costFen: usage?.discountFen ?? 0,
  };
}

/** An offer of the operator with its results, or undefined. */
export async function offerView(db: Executor, operatorId: string, id: string) {
  const o = await db.selectFrom('bargain_offers').selectAll().where('operator_id', '=', operatorId).where('id', '=', id).executeTakeFirst();
  return o ? { ...toOffer(o), results: await offerResults(db, operatorId, o) } : undefined;
}

/** The operator's offers, newest first, each with its results. */
export async function listOffers(db: Executor, operatorId: string) {
  const rows = await db
    .selectFrom('bargain_offers')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  const items = [];
  for (const o of rows) items.push({ ...toOffer(o), results: await offerResults(db, operatorId, o) });
  return { items };
}

type BargainRow = Selectable<BargainsTable> & { title: string; campaign_line_id: string; newcomer_only: boolean };

function bargainBase(b: BargainRow, now: Date, starterName: string) {
  return {
    id: b.id,
    offerId: b.offer_id,
    title: b.title,
    campaignLineId: b.campaign_line_id,
    priceFen: b.price_fen,
    floorFen: b.floor_fen,
    currentPriceFen: b.current_price_fen,
    helpersNeeded: b.helpers_needed,
    helpers: b.helpers,
    state: bargainState({ state: b.state, expiresAt: b.expires_at }, now),
    startedAt: b.started_at.toISOString(),
    expiresAt: b.expires_at.toISOString(),
    orderId: b.order_id,
    newcomerOnly: b.newcomer_only,
    starterName,
  };
}

const withOffer = (db: Executor) =>
  db
    .selectFrom('bargains as b')
    .innerJoin('bargain_offers as o', 'o.id', 'b.offer_id')
    .selectAll('b')
    .select(['o.title', 'o.campaign_line_id', 'o.newcomer_only']);

const nameOf = (r: { name: string; phone: string } | undefined) => (r ? r.name || r.phone : '');

/** A bargain as a logged-in resident sees it (its starter, or a friend asked to help): the price now, the helpers' cuts, newest first. */
export async function bargainView(
  db: Executor,
  operatorId: string,
  viewerId: string,
  id: string,
  now: Date,
): Promise<z.infer<typeof bargain.Bargain>> {
  const b = await withOffer(db).where('b.operator_id', '=', operatorId).where('b.id', '=', id).executeTakeFirst();
  if (!b) throw new AppError('NOT_FOUND', 'bargain not found');
  const cuts = await db
    .selectFrom('bargain_cuts')
    .selectAll()
    .where('bargain_id', '=', b.id)
    .orderBy('at', 'desc')
    .orderBy('helper_id')
    .execute();
  const people = await residentsSeenByLeader(db, operatorId, [b.starter_id, ...cuts.map((c) => c.helper_id)]);
  return {
    ...bargainBase(b, now, nameOf(people.get(b.starter_id))),
    mine: b.starter_id === viewerId,
    helpedByMe: cuts.some((c) => c.helper_id === viewerId),
    cuts: cuts.map((c) => ({
      helperName: nameOf(people.get(c.helper_id)),
      amountFen: c.amount_fen,
      priceAfterFen: c.price_after_fen,
      newcomer: c.newcomer,
      at: c.at.toISOString(),
    })),
    sharePath: `/shop/bargain/${b.id}`,
  };
}

/** An offer's bargains for staff, newest first. */
export async function offerBargains(db: Executor, operatorId: string, offerId: string, paging: PageRequest, now: Date) {
  const base = db.selectFrom('bargains').where('operator_id', '=', operatorId).where('offer_id', '=', offerId);
  const page = await fetchPage(
    paging,
    withOffer(db)
      .where('b.operator_id', '=', operatorId)
      .where('b.offer_id', '=', offerId)
      .orderBy('b.started_at', 'desc')
      .orderBy('b.id', 'desc'),
    base,
  );
  const people = await residentsSeenByLeader(
    db,
    operatorId,
    page.items.map((b) => b.starter_id),
  );
  return { ...page, items: page.items.map((b) => ({ ...bargainBase(b, now, nameOf(people.get(b.starter_id))), starterId: b.starter_id })) };
}

/** The offers open now, each with my bargain on it if I started one. */
export async function shopOffers(db: Executor, operatorId: string, residentId: string, now: Date) {
  const rows = await db
    .selectFrom('bargain_offers as o')
    .selectAll('o')
    .select((eb) =>
      eb
        .selectFrom('bargains as b')
        .select('b.id')
        .whereRef('b.offer_id', '=', 'o.id')
        .where('b.starter_id', '=', residentId)
        .as('my_bargain_id'),
    )
    .where('o.operator_id', '=', operatorId)
    .where('o.status', '=', 'active')
    .where('o.starts_at', '<=', now)
    .where('o.ends_at', '>', now)
    .orderBy('o.ends_at')
    .orderBy('o.id')
    .limit(50)
    .execute();
  return {
    items: rows.map((o) => ({
      id: o.id,
      title: o.title,
      campaignLineId: o.campaign_line_id,
      priceFen: o.price_fen,
      floorFen: o.floor_fen,
      helpersNeeded: o.helpers_needed,
      durationMinutes: o.duration_minutes,
      newcomerOnly: o.newcomer_only,
      endsAt: o.ends_at.toISOString(),
      myBargainId: o.my_bargain_id ?? null,
    })),
  };
}

/** The offers open now for a leader to share, with the bargains their links started and bought. */
export async function leaderOffers(db: Executor, operatorId: string, leaderId: string, now: Date) {
  const rows = await db
    .selectFrom('bargain_offers as o')
    .select((eb) => [
      'o.id',
      'o.title',
      'o.price_fen',
      'o.floor_fen',
      'o.ends_at',
      eb
        .selectFrom('bargains as b')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('b.offer_id', '=', 'o.id')
        .where('b.shared_by_leader_id', '=', leaderId)
        .as('bargains'),
      eb
        .selectFrom('bargains as b')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('b.offer_id', '=', 'o.id')
        .where('b.shared_by_leader_id', '=', leaderId)
        .where('b.state', '=', 'bought')
        .as('bought'),
    ])
    .where('o.operator_id', '=', operatorId)
    .where('o.status', '=', 'active')
    .where('o.starts_at', '<=', now)
    .where('o.ends_at', '>', now)
    .orderBy('o.ends_at')
    .orderBy('o.id')
    .limit(50)
    .execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      priceFen: r.price_fen,
      floorFen: r.floor_fen,
      endsAt: r.ends_at.toISOString(),
      sharePath: `/shop/bargain?offer=${r.id}&leader=${leaderId}`,
      bargains: Number(r.bargains ?? 0),
      bought: Number(r.bought ?? 0),
    })),
  };
}

/** The operator's bargains started since an instant, for the day's report. */
export async function bargainTotals(db: Executor, operatorId: string, since: Date) {
  const bargains = await db
    .selectFrom('bargains')
    .select(['id', 'state', 'current_price_fen', 'floor_fen', 'price_fen'])
    .where('operator_id', '=', operatorId)
    .where('started_at', '>=', since)
    .execute();
  const cuts =
    bargains.length === 0
      ? []
      : await db
          .selectFrom('bargain_cuts')
          .select(['amount_fen'])
          .where(
            'bargain_id',
            'in',
            bargains.map((b) => b.id),
          )
          .execute();
  return {
    bargains: bargains.length,
    cuts: cuts.length,
    cutFen: cuts.reduce((s, c) => s + c.amount_fen, 0),
    reachedFloor: bargains.filter((b) => b.current_price_fen === b.floor_fen).length,
    bought: bargains.filter((b) => b.state === 'bought').length,
    /** Every bargain's price is its start less its cuts, never below its floor. */
    consistent: bargains.every((b) => b.current_price_fen >= b.floor_fen),
  };
}
