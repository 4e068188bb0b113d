import type { Selectable } from 'kysely';
import type { AppContext } from '../../context.ts';
import { addDays } from '../../platform/calendar.ts';
import type { Executor, Tx } from '../../platform/db/database.ts';
import type { RecruitReferralsTable } from '../../platform/db/schema.recruiting.ts';
import { newId } from '../../platform/ids.ts';
import { notify } from '../../platform/notifications.ts';
import { businessToday, operatorTimeZones, residentPhone, residentPickupPointId } from '../identity/index.ts';
import { leadersByIds, pickupPointIdsOfLeader, pickupPointsByIds, residentPickupPoint } from '../leader/index.ts';
import { referredApplication } from '../leader-applications/index.ts';
import { postCommissionAdjustments } from '../ledger/index.ts';
import { ordersByIds } from '../ordering/index.ts';
import { overrideDaysDue, overrideDaysToCorrect, recruitPickups } from './recruiting.report.ts';
import { bonusNotice, DEFAULT_TERMS, overrideFen, overrideUntil, type RecruitTerms, refusalOf } from './recruiting.rules.ts';

/** The operator's recruiting terms (the defaults, off, until staff save them). */
export async function getTerms(db: Executor, operatorId: string): Promise<RecruitTerms> {
  const row = await db.selectFrom('recruit_settings').selectAll().where('operator_id', '=', operatorId).executeTakeFirst();
  if (!row) return { ...DEFAULT_TERMS };
  return {
    enabled: row.enabled,
    bonusFen: row.bonus_fen,
    bonusPickups: row.bonus_pickups,
    overrideBp: row.override_bp,
    overrideDays: row.override_days,
  };
}

/** Saves the operator's terms; referrals already recorded keep the terms of their approval day. */
export async function saveTerms(db: Executor, operatorId: string, now: Date, terms: RecruitTerms): Promise<RecruitTerms> {
  const values = {
    enabled: terms.enabled,
    bonus_fen: terms.bonusFen,
    bonus_pickups: terms.bonusPickups,
    override_bp: terms.overrideBp,
    override_days: terms.overrideDays,
    updated_at: now,
  };
  await db
    .insertInto('recruit_settings')
    .values({ operator_id: operatorId, ...values })
    .onConflict((oc) => oc.column('operator_id').doUpdateSet(values))
    .execute();
  return getTerms(db, operatorId);
}

/**
 * Records the referral of an approved application that names a referrer, once per application
 * (a redelivered event changes nothing): refused with its reason when an abuse limit applies,
 * else pending with the operator's terms of the day (no money while recruiting is off).
 */
export async function recordReferral(
  trx: Tx,
  now: Date,
  operatorId: string,
  approved: { applicationId: string; leaderId: string; referrerId: string | null },
): Promise<Selectable<RecruitReferralsTable> | undefined> {
  if (!approved.referrerId) return undefined;
  const app = await referredApplication(trx, operatorId, approved.applicationId);
  if (!app) return undefined;
  const referrer = (await leadersByIds(trx, operatorId, [approved.referrerId])).get(approved.referrerId);
  if (!referrer) return undefined;
  const [points, phone, bound, terms, today] = await Promise.all([
    pickupPointIdsOfLeader(trx, operatorId, referrer.id).then((ids) => pickupPointsByIds(trx, operatorId, ids)),
    residentPhone(trx, operatorId, app.residentId),
    residentPickupPoint(trx, operatorId, residentPickupPointId(app.residentId)),
    getTerms(trx, operatorId),
    businessToday(trx, operatorId, now),
  ]);
  const reason = refusalOf({
    referrerId: referrer.id,
    referrer: { phone: referrer.phone, active: referrer.status === 'active', points: [...points.values()] },
    recruit: {
      phone: app.phone,
      residentPhone: phone ?? null,
      point: { lat: app.lat, lng: app.lng },
      boundToLeaderId: bound?.leaderId ?? null,
    },
  });
  const paid = terms.enabled && !reason;
  return trx
    .insertInto('recruit_referrals')
    .values({
      id: newId('rrf'),
      operator_id: operatorId,
      referrer_id: referrer.id,
      recruit_leader_id: approved.leaderId,
      application_id: app.id,
      state: reason ? 'refused' : 'pending',
      refusal_reason: reason,
      approved_at: now,
      bonus_fen: paid ? terms.bonusFen : 0,
      bonus_pickups: terms.bonusPickups,
      override_bp: paid ? terms.overrideBp : 0,
      override_from: today,
      override_until: overrideUntil(today, paid ? terms.overrideDays : 0),
      qualified_at: null,
      bonus_entry_id: null,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['operator_id', 'application_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

/**
 * The bonus sweep of one operator: every pending referral whose recruit has had its N orders
 * picked up qualifies, and its bonus is posted through the ledger once — the referral is claimed
 * (pending → bonus_paid, or qualified when its terms pay nothing) and the ledger's key is per
 * referral, so a second or concurrent run posts nothing. The referrer is told. Returns how many qualified.
 */
export async function sweepBonuses(ctx: AppContext, operatorId: string): Promise<number> {
  const pending = await ctx.db
    .selectFrom('recruit_referrals')
    .select(['id', 'recruit_leader_id', 'bonus_pickups'])
    .where('operator_id', '=', operatorId)
    .where('state', '=', 'pending')
    .execute();
  if (pending.length === 0) return 0;
  const picked = await recruitPickups(
    ctx.db,
    operatorId,
    pending.map((p) => p.recruit_leader_id),
  );
  const due = pending.filter((p) => (picked.get(p.recruit_leader_id) ?? 0) >= p.bonus_pickups).map((p) => p.id);
  if (due.length === 0) return 0;
  return ctx.db.transaction().execute(async (trx) => {
    const now = ctx.clock.now();
    const claimed = await trx
      .updateTable('recruit_referrals')
      .set((eb) => ({
        state: eb
          .case()
          .when('bonus_fen', '>', 0)
          .then('bonus_paid' as const)
          .else('qualified' as const)
          .end(),
        qualified_at: now,
      }))
      .where('operator_id', '=', operatorId)
      .where('id', 'in', due)
      .where('state', '=', 'pending')
      .returningAll()
      .execute();
    const paying = claimed.filter((r) => r.bonus_fen > 0);
    const month = (await businessToday(trx, operatorId, now)).slice(0, 7);
    const posted = await postCommissionAdjustments(
      trx,
      now,
      paying.map((r) => ({
        operatorId,
        leaderId: r.referrer_id,
        key: `recruit-bonus:${r.id}`,
        amountFen: r.bonus_fen,
        rule: { id: r.id, name: '拉新奖励' },
        period: { label: month, start: `${month}-01`, kind: 'month' },
        occurredAt: now,
      })),
    );
    for (const [i, r] of paying.entries()) {
      const entryId = posted[i]?.entryId ?? null;
      if (entryId) await trx.updateTable('recruit_referrals').set({ bonus_entry_id: entryId }).where('id', '=', r.id).execute();
    }
    const names = await leadersByIds(
      trx,
      operatorId,
      paying.map((r) => r.recruit_leader_id),
    );
    await notify(
      trx,
      now,
      operatorId,
      paying.map((r) => ({
        recipientKind: 'leader' as const,
        recipientId: r.referrer_id,
        ...bonusNotice(names.get(r.recruit_leader_id)?.name ?? '', r.bonus_fen, r.bonus_pickups),
      })),
    );
    return claimed.length;
  });
}

/**
 * The override sweep of one operator: for every referral's override day up to yesterday not yet
 * posted, its row is claimed (one per referral and day, so a second or concurrent run does
 * nothing) and the override — `override_bp` of the recruit's picked-up sales of that day — is
 * posted to the referrer through the ledger, keyed per referral and day. A day with nothing to
 * pay is recorded with 0 and posts nothing. Returns how many days were recorded.
 */
export async function sweepOverrides(ctx: AppContext, operatorId: string): Promise<number> {
  const now = ctx.clock.now();
  const yesterday = addDays(await businessToday(ctx.db, operatorId, now), -1);
  const due = await overrideDaysDue(ctx.db, operatorId, yesterday);
  if (due.length === 0) return 0;
  return ctx.db.transaction().execute(async (trx) => {
    const claimed = await trx
      .insertInto('recruit_override_postings')
      .values(
        due.map((d) => ({
          referral_id: d.referralId,
          day: d.day,
          operator_id: operatorId,
          referrer_id: d.referrerId,
          base_fen: d.baseFen,
          amount_fen: overrideFen(d.baseFen, d.overrideBp),
          entry_id: null,
          posted_at: now,
        })),
      )
      .onConflict((oc) => oc.columns(['referral_id', 'day']).doNothing())
      .returningAll()
      .execute();
    const paying = claimed.filter((c) => c.amount_fen > 0);
    const posted = await postCommissionAdjustments(
      trx,
      now,
      paying.map((c) => ({
        operatorId,
        leaderId: c.referrer_id,
        key: `recruit-override:${c.referral_id}:${c.day}`,
        amountFen: c.amount_fen,
        rule: { id: c.referral_id, name: '拉新分成' },
        period: { label: c.day, start: c.day, kind: 'day' },
        occurredAt: now,
      })),
    );
    for (const [i, c] of paying.entries()) {
      const entryId = posted[i]?.entryId ?? null;
      if (entryId)
        await trx
          .updateTable('recruit_override_postings')
          .set({ entry_id: entryId })
          .where('referral_id', '=', c.referral_id)
          .where('day', '=', c.day)
          .execute();
    }
    return claimed.length;
  });
}

/**
 * How many days after an override day the sweep follows it for late pickups and refunds. A refund
 * later than that corrects its day at once (correctOverrideAfterRefund).
 */
export const OVERRIDE_CORRECTION_DAYS = 30;

/**
 * The override corrections of one operator: for every override day posted within the last
 * OVERRIDE_CORRECTION_DAYS days, the override its sales owe now (an order of that pickup date
 * picked up after the day was posted adds; a refund since takes away) against what was posted for
 * it; a difference is claimed as the day's next correction (one per referral, day and number, so a
 * second or concurrent run posts nothing) and posted to the referrer through the ledger, a
 * claw-back when negative. Returns how many corrections were posted.
 */
export async function sweepOverrideCorrections(ctx: AppContext, operatorId: string): Promise<number> {
  const now = ctx.clock.now();
  const yesterday = addDays(await businessToday(ctx.db, operatorId, now), -1);
  const days = await overrideDaysToCorrect(ctx.db, operatorId, {
    fromDay: addDays(yesterday, -OVERRIDE_CORRECTION_DAYS),
    lastDay: yesterday,
  });
  if (!days.some(owesDifference)) return 0;
  return ctx.db.transaction().execute((trx) => postCorrections(trx, now, operatorId, days));
}

/**
 * A refund of an order of a recruit's pickup date that is an override day already posted: the
 * day's difference is posted at once, in the refund's delivery, however long after the day it
 * comes (within the sweep's window the sweep would find it too; the correction's number keeps the
 * two from posting it twice). Returns how many corrections were posted (0 or 1).
 */
export async function correctOverrideAfterRefund(trx: Tx, now: Date, operatorId: string, orderId: string): Promise<number> {
  const order = (await ordersByIds(trx, operatorId, [orderId])).get(orderId);
  if (!order) return 0;
  const days = await overrideDaysToCorrect(trx, operatorId, { recruit: { leaderId: order.leader_id, day: order.pickup_date } });
  return days.some(owesDifference) ? postCorrections(trx, now, operatorId, days) : 0;
}

type DayToCorrect = Awaited<ReturnType<typeof overrideDaysToCorrect>>[number];

const differenceOf = (d: DayToCorrect) => overrideFen(d.baseFen, d.overrideBp) - d.postedFen;
const owesDifference = (d: DayToCorrect) => differenceOf(d) !== 0;

/** Claims and posts the next correction of each day whose sales owe a difference from what was posted. */
async function postCorrections(trx: Tx, now: Date, operatorId: string, days: readonly DayToCorrect[]): Promise<number> {
  const off = days.filter(owesDifference).map((d) => ({ ...d, deltaFen: differenceOf(d) }));
  if (off.length === 0) return 0;
  const claimed = await trx
    .insertInto('recruit_override_corrections')
    .values(
      off.map((d) => ({
        referral_id: d.referralId,
        day: d.day,
        seq: d.lastSeq + 1,
        operator_id: operatorId,
        referrer_id: d.referrerId,
        base_fen: d.baseFen,
        amount_fen: d.deltaFen,
        entry_id: null,
        posted_at: now,
      })),
    )
    .onConflict((oc) => oc.columns(['referral_id', 'day', 'seq']).doNothing())
    .returningAll()
    .execute();
  const posted = await postCommissionAdjustments(
    trx,
    now,
    claimed.map((c) => ({
      operatorId,
      leaderId: c.referrer_id,
      key: `recruit-override:${c.referral_id}:${c.day}:${c.seq}`,
      amountFen: c.amount_fen,
      rule: { id: c.referral_id, name: '拉新分成调整' },
      period: { label: c.day, start: c.day, kind: 'day' },
      occurredAt: now,
    })),
  );
  for (const [i, c] of claimed.entries()) {
    const entryId = posted[i]?.entryId ?? null;
    if (entryId)
      await trx
        .updateTable('recruit_override_corrections')
        .set({ entry_id: entryId })
        .where('referral_id', '=', c.referral_id)
        .where('day', '=', c.day)
        .where('seq', '=', c.seq)
        .execute();
  }
  return claimed.length;
}

/** The sweeps (bonuses, overrides, their corrections) for every operator: what the job runner calls. */
export async function sweepRecruiting(ctx: AppContext): Promise<number> {
  let n = 0;
  for (const op of await operatorTimeZones(ctx.db)) {
    n += await sweepBonuses(ctx, op.id);
    n += await sweepOverrides(ctx, op.id);
    n += await sweepOverrideCorrections(ctx, op.id);
  }
  return n;
}
