/**
 * Report: staff's CRM of a region (the pickup points a warehouse serves, or all of them): the
 * residents' segments across leaders and each leader's members by segment, in the latest period.
 *
 * Why it joins across modules: a read model by nature. The RFM rows (crm) are placed in the region
 * by the resident's pickup point and the leader's pickup points (leader, identity), and shown with
 * the leader's name.
 */
import type { crm } from '@linli/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { MemberSegment } from '../../platform/db/schema.crm.ts';
import { SEGMENTS } from './crm.rules.ts';
import { latestPeriod } from './crm.service.ts';
import { segmentCounts, toPeriodDto } from './members.report.ts';

/** The region's segments and leaders; `warehouseId` undefined: the whole operator. */
export async function regionCrm(
  ctx: AppContext,
  operatorId: string,
  warehouseId: string | undefined,
): Promise<z.infer<typeof crm.RegionCrm>> {
  const period = await latestPeriod(ctx.db, operatorId);
  if (!period) return { period: null, segments: segmentCounts([]), leaders: [] };
  let residents = ctx.db
    .selectFrom('crm_member_rfm as m')
    .where('m.operator_id', '=', operatorId)
    .where('m.period', '=', period.period)
    .where('m.leader_id', 'is', null);
  if (warehouseId !== undefined) {
    residents = residents
      .innerJoin('residents as r', 'r.id', 'm.resident_id')
      .innerJoin('pickup_points as rp', 'rp.id', 'r.pickup_point_id')
      .where('rp.warehouse_id', '=', warehouseId);
  }
  let byLeader = ctx.db
    .selectFrom('crm_member_rfm as m')
    .innerJoin('leaders as l', 'l.id', 'm.leader_id')
    .where('m.operator_id', '=', operatorId)
    .where('m.period', '=', period.period)
    .where('m.leader_id', 'is not', null);
  if (warehouseId !== undefined) {
    byLeader = byLeader.where((eb) =>
      eb.exists(
        eb
          .selectFrom('pickup_points as pp')
          .select('pp.id')
          .whereRef('pp.leader_id', '=', 'm.leader_id')
          .where('pp.warehouse_id', '=', warehouseId),
      ),
    );
  }
  const [segments, leaders] = await Promise.all([
    residents
      .select(['m.segment', (eb) => eb.fn.countAll<number>().as('members'), (eb) => eb.fn.sum<number>('m.monetary_fen').as('monetary')])
      .groupBy('m.segment')
      .execute(),
    byLeader
      .select([
        'l.id',
        'l.name',
        'm.segment',
        (eb) => eb.fn.countAll<number>().as('members'),
        (eb) => eb.fn.sum<number>('m.monetary_fen').as('monetary'),
      ])
      .groupBy(['l.id', 'l.name', 'm.segment'])
      .execute(),
  ]);
  const perLeader = new Map<string, { leaderId: string; leaderName: string; rows: typeof leaders }>();
  for (const r of leaders) {
    const entry = perLeader.get(r.id) ?? { leaderId: r.id, leaderName: r.name, rows: [] };
    entry.rows.push(r);
    perLeader.set(r.id, entry);
  }
  return {
    period: toPeriodDto(period),
    segments: segmentCounts(segments),
    leaders: [...perLeader.values()]
      .map((l) => ({
        leaderId: l.leaderId,
        leaderName: l.leaderName,
        members: l.rows.reduce((s, r) => s + Number(r.members), 0),
        monetaryFen: l.rows.reduce((s, r) => s + Number(r.monetary), 0),
        segments: SEGMENTS.map((segment: MemberSegment) => ({
          segment,
          members: Number(l.rows.find((r) => r.segment === segment)?.members ?? 0),
        })),
      }))
      .sort((a, b) => b.monetaryFen - a.monetaryFen || a.leaderId.localeCompare(b.leaderId)),
  };
}
