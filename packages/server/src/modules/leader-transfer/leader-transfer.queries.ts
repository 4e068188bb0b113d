import type { leaderTransfer } from '@linli/contracts';
import type { z } from 'zod';
import type { Executor } from '../../platform/db/database.ts';
import { fetchPage, type Page } from '../../platform/db/paging.ts';
import type { LeaderTransferStatus } from '../../platform/db/schema.leader-transfer.ts';
import { AppError } from '../../platform/errors.ts';
import { membersOfPoints } from '../identity/index.ts';
import { leadersByIds, type PickupPointView, pickupPointsByIds } from '../leader/index.ts';
import type { Waiting } from './leader-transfer.rules.ts';
import { rankTargets } from './leader-transfer.rules.ts';
import { leadersOnProbation } from '../leader-performance/index.ts';
import { candidatesOf, type ExcludedLeaders, windingDown } from './leader-transfer.service.ts';

type Transfer = z.infer<typeof leaderTransfer.LeaderTransfer>;
type Summary = z.infer<typeof leaderTransfer.TransferSummary>;
type Brief = z.infer<typeof leaderTransfer.TransferPointBrief>;

const CANDIDATES_SHOWN = 5;

const waitingOf = (w: string | null): Waiting[] => (w ? (w.split(',') as Waiting[]) : []);

/** One transfer with its points (from, proposed and chosen targets, the ranked candidates while proposed), open orders and commission. */
export async function transferDetail(
  db: Executor,
  operatorId: string,
  id: string,
  excluded: ExcludedLeaders = leadersOnProbation,
): Promise<Transfer> {
  const t = await db
    .selectFrom('leader_transfers')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!t) throw new AppError('NOT_FOUND', 'transfer not found');
  const rows = await db.selectFrom('leader_transfer_points').selectAll().where('transfer_id', '=', id).orderBy('from_point_id').execute();
  const proposed = t.status === 'proposed';
  const candidates = proposed ? await candidatesOf(db, operatorId) : [];
  const skip = proposed ? await excluded(db, operatorId) : new Set<string>();
  const ranked = new Map(
    rows.map((r) => {
      const from = candidates.find((c) => c.pointId === r.from_point_id);
      return [r.from_point_id, from ? rankTargets(from, t.leader_id, candidates, skip).slice(0, CANDIDATES_SHOWN) : []];
    }),
  );
  const pointIds = new Set<string>();
  for (const r of rows) {
    pointIds.add(r.from_point_id);
    if (r.proposed_point_id) pointIds.add(r.proposed_point_id);
    if (r.to_point_id) pointIds.add(r.to_point_id);
  }
  for (const list of ranked.values()) for (const c of list) pointIds.add(c.pointId);
  const points = await pickupPointsByIds(db, operatorId, pointIds);
  const leaders = await leadersByIds(db, operatorId, [t.leader_id, ...[...points.values()].map((p) => p.leaderId)]);
  const brief = (p: PickupPointView | undefined): Brief | null =>
    p
      ? {
          id: p.id,
          name: p.name,
          address: p.address,
          lat: p.lat,
          lng: p.lng,
          status: p.status,
          leaderId: p.leaderId,
          leaderName: leaders.get(p.leaderId)?.name ?? '',
          leaderLevel: leaders.get(p.leaderId)?.level ?? 0,
        }
      : null;
  const members = proposed
    ? await membersOfPoints(
        db,
        operatorId,
        rows.map((r) => r.from_point_id),
      )
    : new Map(rows.map((r) => [r.from_point_id, r.members]));
  const { openOrders, commission } = await windingDown(db, operatorId, t.leader_id);
  const leader = leaders.get(t.leader_id);
  return {
    id: t.id,
    leaderId: t.leader_id,
    leaderName: leader?.name ?? '',
    leaderStatus: leader?.status ?? 'suspended',
    reason: t.reason,
    note: t.note,
    status: t.status,
    requestedBy: t.requested_by_kind,
    createdAt: t.created_at.toISOString(),
    confirmedAt: t.confirmed_at?.toISOString() ?? null,
    completedAt: t.completed_at?.toISOString() ?? null,
    cancelledAt: t.cancelled_at?.toISOString() ?? null,
    membersMoved: t.members_moved,
    withdrawalId: t.withdrawal_id,
    waitingFor: waitingOf(t.waiting_for),
    openOrders,
    commission,
    points: rows.flatMap((r) => {
      const from = brief(points.get(r.from_point_id));
      if (!from) return [];
      return [
        {
          from,
          members: members.get(r.from_point_id) ?? 0,
          proposed: brief(r.proposed_point_id ? points.get(r.proposed_point_id) : undefined),
          to: brief(r.to_point_id ? points.get(r.to_point_id) : undefined),
          distanceMeters: r.distance_m,
          candidates: (ranked.get(r.from_point_id) ?? []).flatMap((c) => {
            const point = brief(points.get(c.pointId));
            return point ? [{ point, distanceMeters: c.distanceMeters }] : [];
          }),
        },
      ];
    }),
  };
}

/** The operator's transfers, newest first (the history), filtered by status and leader. */
export async function listTransfers(
  db: Executor,
  operatorId: string,
  filter: { page: number; pageSize: number; status?: LeaderTransferStatus | undefined; leaderId?: string | undefined },
): Promise<Page<Summary>> {
  let base = db.selectFrom('leader_transfers').where('operator_id', '=', operatorId);
  if (filter.status) base = base.where('status', '=', filter.status);
  if (filter.leaderId) base = base.where('leader_id', '=', filter.leaderId);
  const listed = await fetchPage(filter, base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc'), base);
  const ids = listed.items.map((t) => t.id);
  const points =
    ids.length === 0
      ? []
      : await db
          .selectFrom('leader_transfer_points')
          .select(['transfer_id', 'members', 'from_point_id'])
          .where('transfer_id', 'in', ids)
          .execute();
  const live = await membersOfPoints(
    db,
    operatorId,
    points.map((p) => p.from_point_id),
  );
  const leaders = await leadersByIds(
    db,
    operatorId,
    listed.items.map((t) => t.leader_id),
  );
  return {
    ...listed,
    items: listed.items.map((t) => {
      const own = points.filter((p) => p.transfer_id === t.id);
      return {
        id: t.id,
        leaderId: t.leader_id,
        leaderName: leaders.get(t.leader_id)?.name ?? '',
        reason: t.reason,
        status: t.status,
        requestedBy: t.requested_by_kind,
        createdAt: t.created_at.toISOString(),
        confirmedAt: t.confirmed_at?.toISOString() ?? null,
        completedAt: t.completed_at?.toISOString() ?? null,
        points: own.length,
        members: own.reduce((s, p) => s + (t.status === 'proposed' ? (live.get(p.from_point_id) ?? 0) : p.members), 0),
        membersMoved: t.members_moved,
        waitingFor: waitingOf(t.waiting_for),
      };
    }),
  };
}

/** A leader's open transfer, else their last one, for the leader's own screen. */
export async function myLeave(db: Executor, operatorId: string, leaderId: string): Promise<z.infer<typeof leaderTransfer.MyLeave>> {
  const t = await db
    .selectFrom('leader_transfers')
    .select(['id', 'status', 'reason', 'created_at', 'confirmed_at'])
    .where('operator_id', '=', operatorId)
    .where('leader_id', '=', leaderId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return {
    transfer: t
      ? {
          id: t.id,
          status: t.status,
          reason: t.reason,
          createdAt: t.created_at.toISOString(),
          confirmedAt: t.confirmed_at?.toISOString() ?? null,
        }
      : null,
  };
}

/** The members a transfer moved, by resident (exactly once each: the table's key). */
export async function movesOf(db: Executor, operatorId: string, id: string) {
  return db
    .selectFrom('leader_transfer_moves')
    .select(['resident_id as residentId', 'from_point_id as fromPointId', 'to_point_id as toPointId'])
    .where('operator_id', '=', operatorId)
    .where('transfer_id', '=', id)
    .orderBy('resident_id')
    .execute();
}
