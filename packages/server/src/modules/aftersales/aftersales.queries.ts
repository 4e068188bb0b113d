import type { aftersales } from '@linli/contracts';
import { type Selectable, sql } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../platform/db/database.ts';
import type { AftersaleCasesTable, CaseBlame, CaseStatus, ClaimType } from '../../platform/db/schema.aftersales.ts';
import { AppError } from '../../platform/errors.ts';

export type CaseView = z.infer<typeof aftersales.AftersaleCase>;

/** The case as the API shows it (`title` is the order line's). */
export function toCaseView(r: Selectable<AftersaleCasesTable> & { title: string }): CaseView {
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
    refundId: r.refund_id,
    createdAt: r.created_at.toISOString(),
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
  page: number;
  pageSize: number;
}

function scoped(db: Executor, scope: CaseScope) {
  let q = db
    .selectFrom('aftersale_cases as c')
    .innerJoin('order_lines as l', 'l.id', 'c.order_line_id')
    .where('c.operator_id', '=', scope.operatorId);
  if (scope.residentId) q = q.where('c.resident_id', '=', scope.residentId);
  if (scope.pickupPointIds) {
    q = scope.pickupPointIds.length ? q.where('c.pickup_point_id', 'in', [...scope.pickupPointIds]) : q.where(sql<boolean>`false`);
  }
  return q;
}

/** A page of cases in scope, oldest first (a queue), filtered. */
export async function listCases(db: Executor, scope: CaseScope, f: CaseFilter): Promise<{ items: CaseView[]; total: number }> {
  let q = scoped(db, scope);
  if (f.status) q = q.where('c.status', '=', f.status);
  if (f.type) q = q.where('c.type', '=', f.type);
  if (f.blame) q = q.where('c.blame', '=', f.blame);
  if (f.pickupPointId) q = q.where('c.pickup_point_id', '=', f.pickupPointId);
  if (f.orderId) q = q.where('c.order_id', '=', f.orderId);
  if (f.residentId) q = q.where('c.resident_id', '=', f.residentId);
  const [{ total }, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    q
      .selectAll('c')
      .select('l.title')
      .orderBy('c.created_at')
      .orderBy('c.id')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
  ]);
  return { items: rows.map(toCaseView), total: Number(total) };
}

/** One case in scope, or NOT_FOUND. */
export async function getCase(db: Executor, scope: CaseScope, caseId: string): Promise<CaseView> {
  const row = await scoped(db, scope).selectAll('c').select('l.title').where('c.id', '=', caseId).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'after-sales case not found');
  return toCaseView(row);
}
