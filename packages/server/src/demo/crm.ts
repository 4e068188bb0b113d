import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import { campaignsSellingThrough } from '../modules/campaign/index.ts';
import { computeCrmPeriod, latestPeriod, segmentSizes, todayPushes } from '../modules/crm/index.ts';
import { createPromotion, issueCoupon } from '../modules/promotions/index.ts';
import { DAY } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';

const WIN_BACK = '老客回归券 满30减8';
/** A costly win-back coupon is not for members who just came, nor for those who spend little. */
const WIN_BACK_EXCLUDES = ['new', 'low_value'] as const;

/**
 * The leader CRM at the end of the demo: every member's RFM computed (as staff's "compute now"),
 * a claimable win-back coupon that leaves new and low-value members out (made once per database),
 * and one claim by a member of an excluded segment, refused. On a database holding a single
 * simulated day every member is new: the segments spread out as days accumulate.
 */
export async function demoCrm(ctx: AppContext, operatorId: string, staffId: string, log: (line: string) => void): Promise<void> {
  const period = await computeCrmPeriod(ctx, operatorId);
  log(`  RFM computed for ${period.period}: ${period.members} members`);
  const now = ctx.clock.now();
  const existing = await sql<{ id: string }>`select id from promotions where operator_id = ${operatorId} and name = ${WIN_BACK}`.execute(
    ctx.db,
  );
  const templateId =
    existing.rows[0]?.id ??
    (
      await createPromotion(ctx, operatorId, staffId, {
        startsAt: new Date(now.getTime() - DAY).toISOString(),
        endsAt: new Date(now.getTime() + 30 * DAY).toISOString(),
        name: WIN_BACK,
        trigger: 'coupon',
        discountKind: 'amount',
        amountOffFen: 800,
        thresholdFen: 3000,
        scope: { kind: 'operator', ids: [] },
        newcomerOnly: false,
        stackable: true,
        perResidentLimit: 1,
        couponValidDays: 7,
        fundedBy: 'operator',
        claimable: true,
        excludedSegments: [...WIN_BACK_EXCLUDES],
      })
    ).id;
  const excluded = await sql<{ resident_id: string }>`
    select resident_id from crm_member_rfm
    where operator_id = ${operatorId} and period = ${period.period} and leader_id is null and segment in ('new', 'low_value')
    order by resident_id limit 1`.execute(ctx.db);
  const resident = excluded.rows[0]?.resident_id;
  if (!resident) return;
  try {
    await ctx.db.transaction().execute((trx) => issueCoupon(trx, now, { operatorId, templateId, residentId: resident, source: 'claim' }));
    log('  win-back coupon: a claim by an excluded member was GIVEN');
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    log(`  win-back coupon: a claim by an excluded member refused (${err.code})`);
  }
}

/** The day report's CRM line: members by segment, the busiest leader's pushes, and offers with excluded segments. */
export async function crmLine(ctx: AppContext, operatorId: string): Promise<string> {
  const period = await latestPeriod(ctx.db, operatorId);
  if (!period) return '  crm           not computed';
  const sizes = await segmentSizes(ctx.db, operatorId);
  const segments = [...sizes.entries()].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const busiest = await sql<{ leader_id: string; name: string }>`
    select m.leader_id, l.name from crm_member_rfm m join leaders l on l.id = m.leader_id
    where m.operator_id = ${operatorId} and m.period = ${period.period}
    group by m.leader_id, l.name order by count(*) desc, m.leader_id limit 1`.execute(ctx.db);
  const leader = busiest.rows[0];
  const pushes = leader
    ? await todayPushes(
        ctx,
        operatorId,
        leader.leader_id,
        await campaignsSellingThrough(ctx.db, operatorId, leader.leader_id, ctx.clock.now()),
      )
    : [];
  const pushText = pushes.map((p) => `${p.segment} ← ${p.lines.length} lines in ${p.categories.join('/') || '—'}`).join(', ') || 'none';
  const offers = await sql<{ name: string; excluded_segments: string[] }>`
    select name, excluded_segments from promotions
    where operator_id = ${operatorId} and cardinality(excluded_segments) > 0 order by created_at, id`.execute(ctx.db);
  const offerText = offers.rows
    .map(
      (o) =>
        `offer ${o.name} excludes ${o.excluded_segments.join(', ')} (${o.excluded_segments.reduce((n, s) => n + (sizes.get(s as never) ?? 0), 0)} residents)`,
    )
    .join('; ');
  return `  crm           ${period.members} members in ${segments.length} segments (${segments.map(([s, n]) => `${s} ${n}`).join(', ') || 'none'}); today's pushes${leader ? ` (${leader.name})` : ''}: ${pushText}${offerText ? `; ${offerText}` : ''}`;
}
