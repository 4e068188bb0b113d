import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import type { ManualClock } from '../platform/clock.ts';
import type { Principal } from '../modules/identity/index.ts';
import { applyForLeader, approveApplication } from '../modules/leader-applications/index.ts';
import { DEFAULT_TERMS, referralSummary, saveTerms, sweepRecruiting } from '../modules/leader-recruiting/index.ts';
import { formatYuan } from '../platform/money.ts';

const HOUR = 3_600_000;

/**
 * Leaders recruit leaders (团长拉新): staff turn recruiting on with the default terms; a demo
 * leader shares their recruit link and a resident of another point applies through it and is
 * approved (the referral waits for the recruit's first pickups); a member of the leader's own point
 * applies through the same link and the referral is refused (self-recruiting). Runs once per database.
 */
export async function demoRecruiting(
  ctx: AppContext,
  clock: ManualClock,
  o: {
    operatorId: string;
    day: string;
    staff: (role: string) => Promise<Principal>;
    settle: () => Promise<void>;
    log: (line: string) => void;
  },
): Promise<void> {
  const { operatorId } = o;
  const done = await ctx.db.selectFrom('recruit_referrals').select('id').where('operator_id', '=', operatorId).executeTakeFirst();
  if (done) return;
  clock.set(new Date(`${o.day}T09:00:00+08:00`));
  await saveTerms(ctx.db, operatorId, clock.now(), { ...DEFAULT_TERMS, enabled: true });
  // The referrer: an active leader with members, not being transferred.
  const referrer = (
    await sql<{ id: string; name: string; lat: number; lng: number; point_id: string }>`
      select l.id, l.name, pp.lat, pp.lng, pp.id as point_id
      from leaders l join pickup_points pp on pp.leader_id = l.id
      where l.operator_id = ${operatorId} and l.status = 'active'
        and not exists (select 1 from leader_transfers t where t.leader_id = l.id)
        and exists (select 1 from residents r where r.pickup_point_id = pp.id)
      order by l.id, pp.id limit 1
    `.execute(ctx.db)
  ).rows[0];
  if (!referrer) return;
  // Residents who are no leader and never applied: one of another point, one of the referrer's own.
  const applicant = async (own: boolean) =>
    (
      await sql<{ id: string }>`
        select r.id from residents r
        where r.operator_id = ${operatorId} and r.pickup_point_id is not null
          and (r.pickup_point_id = ${referrer.point_id}) = ${own}
          and not exists (select 1 from leaders l where l.operator_id = r.operator_id and l.phone = r.phone)
          and not exists (select 1 from leader_applications a where a.resident_id = r.id)
        order by r.id limit 1
      `.execute(ctx.db)
    ).rows[0];
  const support = await o.staff('support');
  const apply = async (residentId: string, name: string, at: { lat: number; lng: number }) => {
    const resident: Principal = { kind: 'resident', id: residentId, operatorId, sessionId: 'demo', roles: [] };
    const app = await applyForLeader(ctx, resident, {
      name,
      pickupPoint: { name: `${name}的自提点`, address: '岳麓区望岳街道', ...at, openingHours: '08:00-21:00' },
      note: `${referrer.name}邀请我来做团长。`,
      ref: referrer.id,
    });
    clock.advance(HOUR);
    return approveApplication(ctx, support, app.id, {});
  };
  const stranger = await applicant(false);
  if (stranger) await apply(stranger.id, '易春华', { lat: referrer.lat + 0.02, lng: referrer.lng + 0.02 });
  const member = await applicant(true);
  if (member) await apply(member.id, '邹美玲', { lat: referrer.lat - 0.02, lng: referrer.lng - 0.02 });
  await o.settle();
  await sweepRecruiting(ctx);
  o.log(
    `  recruiting: ${referrer.name} shared /shop/apply?ref=${referrer.id}; support approved ${(stranger ? 1 : 0) + (member ? 1 : 0)} applicants who came through it`,
  );
}

/** The report's line: the referrals, those qualified and the bonuses posted, the refusals and why. */
export async function recruitingLine(ctx: AppContext, operatorId: string): Promise<string> {
  const s = await referralSummary(ctx.db, operatorId);
  const refused = s.refused > 0 ? ` (${s.refusals.join(', ')})` : '';
  return `  recruiting    ${s.referrals} referrals (${s.qualified} qualified, ${s.bonuses} bonuses ¥${formatYuan(s.bonusFen)}), ${s.pending} pending, ${s.refused} refused${refused}; override ¥${formatYuan(s.overrideFen)}`;
}
