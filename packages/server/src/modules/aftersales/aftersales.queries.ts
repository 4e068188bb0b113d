import type { aftersales } from '@linli/contracts';
import { type Selectable, sql } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../platform/db/database.ts';
import { fetchPage, type Page } from '../../platform/db/paging.ts';
import type { AftersaleCasesTable, CaseBlame, CaseStatus, ClaimType } from '../../platform/db/schema.aftersales.ts';
import { AppError } from '../../platform/errors.ts';
import { dayEnd, dayStart } from '../../platform/calendar.ts';
import { maskPhone, operatorTimeZone } from '../identity/index.ts';

/** A case with who made it (name, masked phone): support's answer; the resident's and leader's leave those out. */
export type CaseView = z.infer<typeof aftersales.AdminAftersaleCase>;

/** The case as the API shows it (`title` is the order line's; the resident's name and phone, masked). */
export function toCaseView(
  r: Selectable<AftersaleCasesTable> & { title: string; resident_name: string; resident_phone: string; decided_by_name: string | null },
): CaseView {
  return {
    id: r.id,
    orderId: r.order_id,
    orderLineId: r.order_line_id,
    title: r.title,
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
    decidedByName: r.decided_by_name,
    refundId: r.refund_id,
    createdAt: r.created_at.toISOString(),
    residentName: r.resident_name,
    residentPhone: maskPhone(r.resident_phone),
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
  let q = db
    .selectFrom('aftersale_cases as c')
    .innerJoin('order_lines as l', 'l.id', 'c.order_line_id')
    .innerJoin('residents as r', 'r.id', 'c.resident_id')
    .where('c.operator_id', '=', scope.operatorId);
  if (scope.residentId) q = q.where('c.resident_id', '=', scope.residentId);
  if (scope.pickupPointIds) {
    q = scope.pickupPointIds.length ? q.where('c.pickup_point_id', 'in', [...scope.pickupPointIds]) : q.where(sql<boolean>`false`);
  }
  return q;
}

/** The row's columns and those it is shown with: the line's title, the resident, and the name of who decided it. */
function withDetails(q: ReturnType<typeof scoped>) {
  return q
    .selectAll('c')
    .select(['l.title', 'r.name as resident_name', 'r.phone as resident_phone'])
    .select((eb) =>
      eb
        .case()
        .when('c.decided_by_kind', '=', 'staff')
        .then(
          eb
            .selectFrom('staff as s')
            .select('s.name')
            .whereRef('s.id', '=', 'c.decided_by_id')
            .whereRef('s.operator_id', '=', 'c.operator_id'),
        )
        .when('c.decided_by_kind', '=', 'leader')
        .then(
          eb
            .selectFrom('leaders as d')
            .select('d.name')
            .whereRef('d.id', '=', 'c.decided_by_id')
            .whereRef('d.operator_id', '=', 'c.operator_id'),
        )
        .else(null)
        .end()
        .as('decided_by_name'),
    );
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
    const leaderId = f.leaderId;
    q = q.where('c.pickup_point_id', 'in', (eb) =>
      eb.selectFrom('pickup_points').select('id').where('operator_id', '=', scope.operatorId).where('leader_id', '=', leaderId),
    );
  }
  if (f.from || f.to) {
    const tz = await operatorTimeZone(db, scope.operatorId);
    if (f.from) q = q.where('c.created_at', '>=', dayStart(f.from, tz));
    if (f.to) q = q.where('c.created_at', '<', dayEnd(f.to, tz));
  }
  const dir = f.order ?? 'asc';
  const listed = await fetchPage(f, withDetails(q).orderBy('c.created_at', dir).orderBy('c.id', dir), q);
  return { ...listed, items: listed.items.map(toCaseView) };
}

/** One case in scope, or NOT_FOUND. */
export async function getCase(db: Executor, scope: CaseScope, caseId: string): Promise<CaseView> {
  const row = await withDetails(scoped(db, scope)).where('c.id', '=', caseId).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'after-sales case not found');
  return toCaseView(row);
}
