import type { aftersales } from '@linli/contracts';
import { type Selectable, sql } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../platform/db/database.ts';
import { fetchPage, type Page } from '../../platform/db/paging.ts';
import type { AftersaleCasesTable, CaseBlame, CaseStatus, ClaimType } from '../../platform/db/schema.aftersales.ts';
import { AppError } from '../../platform/errors.ts';
import { dayEnd, dayStart } from '../../platform/calendar.ts';
import { operatorTimeZone, residentsSeenByLeader, staffNames } from '../identity/index.ts';
import { leadersByIds, pickupPointIdsOfLeader } from '../leader/index.ts';
import { linesOfOrders } from '../ordering/index.ts';
import { couponsOfCauses } from '../promotions/index.ts';

/** A case with who made it (name, masked phone): support's answer; the resident's and leader's leave those out. */
export type CaseView = z.infer<typeof aftersales.AdminAftersaleCase>;

/** What a case is shown with: its line's title, who made it (name, masked phone) and the name of who decided it. */
interface CaseDetails {
  title: string;
  residentName: string;
  residentPhone: string;
  decidedByName: string | null;
  compensationCouponId: string | null;
}

/** The case as the API shows it. */
export function toCaseView(r: Selectable<AftersaleCasesTable>, d: CaseDetails): CaseView {
  return {
    id: r.id,
    orderId: r.order_id,
    orderLineId: r.order_line_id,
    title: d.title,
    residentId: r.resident_id,
    pickupPointId: r.pickup_point_id,
    type: r.type,
    quantity: r.quantity,
    requestedFen: r.requested_fen,
    description: r.description,
    evidenceUrls: r.evidence_urls,
    status: r.status,
    blame: r.blame,
    approvedFen: r.approved_fen,
    decisionReason: r.decision_reason,
    decidedBy: r.decided_by_kind && r.decided_by_id ? { kind: r.decided_by_kind, id: r.decided_by_id } : null,
    decidedAt: r.decided_at?.toISOString() ?? null,
    decidedByName: d.decidedByName,
    refundId: r.refund_id,
    createdAt: r.created_at.toISOString(),
    residentName: d.residentName,
    residentPhone: d.residentPhone,
    compensationCouponId: d.compensationCouponId,
  };
}

/** Who may see a case: a resident their own, a leader those at their pickup points, staff all of the operator's. */
export interface CaseScope {
  operatorId: string;
  residentId?: string | undefined;
  pickupPointIds?: readonly string[] | undefined;
}

export interface CaseFilter {
  status?: CaseStatus | undefined;
  type?: ClaimType | undefined;
  blame?: CaseBlame | undefined;
  pickupPointId?: string | undefined;
  orderId?: string | undefined;
  residentId?: string | undefined;
  /** Claims at the pickup points of this leader. */
  leaderId?: string | undefined;
  /** Created on or after / on or before these business days (operator's time zone). */
  from?: string | undefined;
  to?: string | undefined;
  /** Oldest first (a queue, the default) or newest first. */
  order?: 'asc' | 'desc' | undefined;
  page: number;
  pageSize: number;
}

function scoped(db: Executor, scope: CaseScope) {
  let q = db.selectFrom('aftersale_cases as c').where('c.operator_id', '=', scope.operatorId);
  if (scope.residentId) q = q.where('c.resident_id', '=', scope.residentId);
  if (scope.pickupPointIds) {
    q = scope.pickupPointIds.length ? q.where('c.pickup_point_id', 'in', [...scope.pickupPointIds]) : q.where(sql<boolean>`false`);
  }
  return q;
}

/** The cases as shown: each with its line's title, the resident, and the name of who decided it (from their owners). */
async function withDetails(db: Executor, operatorId: string, rows: ReadonlyArray<Selectable<AftersaleCasesTable>>): Promise<CaseView[]> {
  const decidedBy = (kind: 'staff' | 'leader') =>
    rows.flatMap((r) => (r.decided_by_kind === kind && r.decided_by_id ? [r.decided_by_id] : []));
  const [lines, residents, staff, leaders, coupons] = await Promise.all([
    linesOfOrders(
      db,
      operatorId,
      rows.map((r) => r.order_id),
    ),
    residentsSeenByLeader(
      db,
      operatorId,
      rows.map((r) => r.resident_id),
    ),
    staffNames(db, operatorId, decidedBy('staff')),
    leadersByIds(db, operatorId, decidedBy('leader')),
    couponsOfCauses(
      db,
      operatorId,
      'compensation',
      rows.filter((r) => r.decided_at !== null).map((r) => r.id),
    ),
  ]);
  const titleOf = new Map(lines.map((l) => [l.id, l.title]));
  return rows.map((r) => {
    const resident = residents.get(r.resident_id);
    const deciderId = r.decided_by_id ?? '';
    const decidedByName =
      r.decided_by_kind === 'staff'
        ? (staff.get(deciderId) ?? null)
        : r.decided_by_kind === 'leader'
          ? (leaders.get(deciderId)?.name ?? null)
          : null;
    return toCaseView(r, {
      title: titleOf.get(r.order_line_id) ?? '',
      residentName: resident?.name ?? '',
      residentPhone: resident?.phone ?? '',
      decidedByName,
      compensationCouponId: coupons.get(r.id) ?? null,
    });
  });
}

/** A page of cases in scope, filtered; oldest first (a queue) unless asked newest first. */
export async function listCases(db: Executor, scope: CaseScope, f: CaseFilter): Promise<Page<CaseView>> {
  let q = scoped(db, scope);
  if (f.status) q = q.where('c.status', '=', f.status);
  if (f.type) q = q.where('c.type', '=', f.type);
  if (f.blame) q = q.where('c.blame', '=', f.blame);
  if (f.pickupPointId) q = q.where('c.pickup_point_id', '=', f.pickupPointId);
  if (f.orderId) q = q.where('c.order_id', '=', f.orderId);
  if (f.residentId) q = q.where('c.resident_id', '=', f.residentId);
  if (f.leaderId) {
    const points = await pickupPointIdsOfLeader(db, scope.operatorId, f.leaderId);
    q = points.length ? q.where('c.pickup_point_id', 'in', points) : q.where(sql<boolean>`false`);
  }
  if (f.from || f.to) {
    const tz = await operatorTimeZone(db, scope.operatorId);
    if (f.from) q = q.where('c.created_at', '>=', dayStart(f.from, tz));
    if (f.to) q = q.where('c.created_at', '<', dayEnd(f.to, tz));
  }
  const dir = f.order ?? 'asc';
  const listed = await fetchPage(f, q.selectAll('c').orderBy('c.created_at', dir).orderBy('c.id', dir), q);
  return { ...listed, items: await withDetails(db, scope.operatorId, listed.items) };
}

/** One case in scope, or NOT_FOUND. */
export async function getCase(db: Executor, scope: CaseScope, caseId: string): Promise<CaseView> {
  const row = await scoped(db, scope).selectAll('c').where('c.id', '=', caseId).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'after-sales case not found');
  const [view] = await withDetails(db, scope.operatorId, [row]);
  return view as CaseView;
}
