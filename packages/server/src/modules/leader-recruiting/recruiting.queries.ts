import type { recruiting } from '@linli/contracts';
import type { z } from 'zod';
import type { Executor } from '../../platform/db/database.ts';
import type { ReferralState } from '../../platform/db/schema.recruiting.ts';
import { leadersByIds } from '../leader/index.ts';
import { recruitPickups } from './recruiting.report.ts';

type Referral = z.output<typeof recruiting.AdminReferral>;

/** Referrals of the operator, newest first, with what each has posted (the ledger's amounts as recorded, corrections included). */
async function referrals(
  db: Executor,
  operatorId: string,
  filter: { referrerId?: string; state?: ReferralState | undefined },
): Promise<Referral[]> {
  let q = db
    .selectFrom('recruit_referrals as r')
    .selectAll('r')
    .select((eb) =>
      eb
        .selectFrom('recruit_override_postings as p')
        .select((e) => e.fn.coalesce(e.fn.sum<number>('p.amount_fen'), e.lit(0)).as('s'))
        .whereRef('p.referral_id', '=', 'r.id')
        .as('override_fen'),
    )
    .select((eb) =>
      eb
        .selectFrom('recruit_override_corrections as c')
        .select((e) => e.fn.coalesce(e.fn.sum<number>('c.amount_fen'), e.lit(0)).as('s'))
        .whereRef('c.referral_id', '=', 'r.id')
        .as('corrected_fen'),
    )
    .where('r.operator_id', '=', operatorId);
  if (filter.referrerId) q = q.where('r.referrer_id', '=', filter.referrerId);
  if (filter.state) q = q.where('r.state', '=', filter.state);
  const rows = await q.orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(500).execute();
  const leaders = await leadersByIds(
    db,
    operatorId,
    rows.flatMap((r) => [r.referrer_id, r.recruit_leader_id]),
  );
  const picked = await recruitPickups(
    db,
    operatorId,
    rows.map((r) => r.recruit_leader_id),
  );
  return rows.map((r) => ({
    id: r.id,
    referrer: { id: r.referrer_id, name: leaders.get(r.referrer_id)?.name ?? '' },
    recruit: { id: r.recruit_leader_id, name: leaders.get(r.recruit_leader_id)?.name ?? '' },
    state: r.state,
    refusalReason: r.refusal_reason,
    approvedAt: r.approved_at.toISOString(),
    pickups: picked.get(r.recruit_leader_id) ?? 0,
    bonusPickups: r.bonus_pickups,
    bonusFen: r.bonus_fen,
    bonusPaidFen: r.state === 'bonus_paid' ? r.bonus_fen : 0,
    overrideBp: r.override_bp,
    overrideFrom: r.override_from,
    overrideUntil: r.override_until,
    overrideFen: Number(r.override_fen ?? 0) + Number(r.corrected_fen ?? 0),
  }));
}

/** A leader's recruits, with the bonuses and overrides posted to them. */
export async function myRecruits(db: Executor, operatorId: string, leaderId: string) {
  const items = (await referrals(db, operatorId, { referrerId: leaderId })).map(({ referrer: _, ...r }) => r);
  return {
    recruits: items,
    bonusFen: items.reduce((s, r) => s + r.bonusPaidFen, 0),
    overrideFen: items.reduce((s, r) => s + r.overrideFen, 0),
  };
}

/** The operator's referrals, refusals included, for staff. */
export async function listReferrals(db: Executor, operatorId: string, state?: ReferralState) {
  return { items: await referrals(db, operatorId, { state }) };
}

/** The operator's referrals counted for the demo report: by state, the bonuses posted, refusals by reason. */
export async function referralSummary(db: Executor, operatorId: string) {
  const { items } = await listReferrals(db, operatorId);
  const refused = items.filter((r) => r.state === 'refused');
  return {
    referrals: items.length,
    qualified: items.filter((r) => r.state === 'qualified' || r.state === 'bonus_paid').length,
    bonuses: items.filter((r) => r.state === 'bonus_paid').length,
    bonusFen: items.reduce((s, r) => s + r.bonusPaidFen, 0),
    overrideFen: items.reduce((s, r) => s + r.overrideFen, 0),
    pending: items.filter((r) => r.state === 'pending').length,
    refused: refused.length,
    refusals: [...new Set(refused.map((r) => r.refusalReason ?? ''))],
  };
}
