import type { feedback } from '@linli/contracts';
import { type Selectable, sql } from 'kysely';
import type { z } from 'zod';
import { addDays, businessDay } from '../../platform/calendar.ts';
import type { Executor } from '../../platform/db/database.ts';
import { fetchPage, type Page } from '../../platform/db/paging.ts';
import type { ComplaintState, ComplaintsTable, ComplaintTargetKind } from '../../platform/db/schema.feedback.ts';
import { supplierNames } from '../catalog/index.ts';
import { businessToday, operatorTimeZone, staffNames } from '../identity/index.ts';
import { leadersByIds } from '../leader/index.ts';
import { driverAccounts } from '../logistics/index.ts';
import { ordersByIds } from '../ordering/index.ts';
import { MAX_APPEALS, averageScore } from './feedback.rules.ts';

/** A period of business days, both included ('YYYY-MM-DD'). */
export interface Period {
  from: string;
  to: string;
}

/** The period asked for, or its defaults: up to today, the 30 days before `to`. */
export async function periodOf(db: Executor, operatorId: string, now: Date, asked: { from?: string | undefined; to?: string | undefined }) {
  const to = asked.to ?? (await businessToday(db, operatorId, now));
  const from = asked.from ?? addDays(to, -29);
  return { from, to };
}

/**
 * A leader's newest ratings and the complaints against them over a period (business days, both
 * included), at most 20 of each, without the residents who gave them.
 */
export async function leaderRecentFeedback(db: Executor, operatorId: string, leaderId: string, from: string, to: string) {
  const tz = await operatorTimeZone(db, operatorId);
  const [ratings, complaints] = await Promise.all([
    db
      .selectFrom('order_ratings')
      .select(['items_score', 'freshness_score', 'service_score', 'comment', 'created_at'])
      .where('operator_id', '=', operatorId)
      .where('leader_id', '=', leaderId)
      .where(businessDay('created_at', tz), '>=', from)
      .where(businessDay('created_at', tz), '<=', to)
      .orderBy('created_at', 'desc')
      .limit(20)
      .execute(),
    db
      .selectFrom('complaints')
      .select(['description', 'state', 'outcome', 'resolution', 'created_at'])
      .where('operator_id', '=', operatorId)
      .where('target_kind', '=', 'leader')
      .where('target_id', '=', leaderId)
      .where(businessDay('created_at', tz), '>=', from)
      .where(businessDay('created_at', tz), '<=', to)
      .orderBy('created_at', 'desc')
      .limit(20)
      .execute(),
  ]);
  return {
    ratings: ratings.map((r) => ({
      itemsScore: r.items_score,
      freshnessScore: r.freshness_score,
      serviceScore: r.service_score,
      comment: r.comment,
      createdAt: r.created_at.toISOString(),
    })),
    complaints: complaints.map((c) => ({
      description: c.description,
      state: c.state,
      outcome: c.outcome,
      resolution: c.resolution,
      createdAt: c.created_at.toISOString(),
    })),
  };
}

/** Per leader with complaints or ratings in the period: complaints against them, ratings of their orders and the average service score. */
export interface LeaderFeedback {
  leaderId: string;
  complaints: number;
  ratings: number;
  serviceScoreSum: number;
  avgServiceScore: number | null;
}

/** A complaint counts against its target unless it is resolved as dismissed (an appealed one counts until resolved again). */
const countsAgainstTarget = sql<boolean>`not (state = 'resolved' and outcome is not distinct from 'dismissed')`;

/**
 * Complaints against each leader (filed in the period, not dismissed) and ratings of their orders (given in the
 * period) with the average service score, set-based: one grouped read of each table. Leaders with
 * neither are absent. Days are the operator's business days; `from` and `to` are included.
 */
export async function leaderFeedbackRates(db: Executor, operatorId: string, from: string, to: string): Promise<LeaderFeedback[]> {
  const tz = await operatorTimeZone(db, operatorId);
  const [complaints, ratings] = await Promise.all([
    db
      .selectFrom('complaints')
      .select(['target_id as leaderId', (eb) => eb.fn.countAll<string>().as('n')])
      .where('operator_id', '=', operatorId)
      .where('target_kind', '=', 'leader')
      .where(countsAgainstTarget)
      .where(businessDay('created_at', tz), '>=', from)
      .where(businessDay('created_at', tz), '<=', to)
      .groupBy('target_id')
      .execute(),
    db
      .selectFrom('order_ratings')
      .select(['leader_id as leaderId', (eb) => eb.fn.countAll<string>().as('n'), (eb) => eb.fn.sum<string>('service_score').as('sum')])
      .where('operator_id', '=', operatorId)
      .where(businessDay('created_at', tz), '>=', from)
      .where(businessDay('created_at', tz), '<=', to)
      .groupBy('leader_id')
      .execute(),
  ]);
  const out = new Map<string, LeaderFeedback>();
  const entry = (leaderId: string) => {
    const e = out.get(leaderId) ?? { leaderId, complaints: 0, ratings: 0, serviceScoreSum: 0, avgServiceScore: null };
    out.set(leaderId, e);
    return e;
  };
  for (const c of complaints) entry(c.leaderId).complaints = Number(c.n);
  for (const r of ratings) {
    const e = entry(r.leaderId);
    e.ratings = Number(r.n);
    e.serviceScoreSum = Number(r.sum);
    e.avgServiceScore = averageScore(e.serviceScoreSum, e.ratings);
  }
  return [...out.values()].sort((a, b) => (a.leaderId < b.leaderId ? -1 : 1));
}

/** Per supplier with complaints or ratings in the period: complaints against them and the average items and freshness scores of orders with their goods. */
export interface SupplierFeedback {
  supplierId: string;
  complaints: number;
  ratings: number;
  avgItemsScore: number | null;
  avgFreshnessScore: number | null;
}

/**
 * Complaints against each supplier (filed in the period) and ratings of orders carrying their
 * goods (given in the period) with the average items and freshness scores, set-based. A rating of
 * an order with several suppliers' goods counts for each of them. Business days, both included.
 */
export async function supplierFeedbackRates(db: Executor, operatorId: string, from: string, to: string): Promise<SupplierFeedback[]> {
  const tz = await operatorTimeZone(db, operatorId);
  const [complaints, ratings] = await Promise.all([
    db
      .selectFrom('complaints')
      .select(['target_id as supplierId', (eb) => eb.fn.countAll<string>().as('n')])
      .where('operator_id', '=', operatorId)
      .where('target_kind', '=', 'supplier')
      .where(countsAgainstTarget)
      .where(businessDay('created_at', tz), '>=', from)
      .where(businessDay('created_at', tz), '<=', to)
      .groupBy('target_id')
      .execute(),
    db
      .selectFrom('order_rating_suppliers as s')
      .innerJoin('order_ratings as r', 'r.id', 's.rating_id')
      .select([
        's.supplier_id as supplierId',
        (eb) => eb.fn.countAll<string>().as('n'),
        (eb) => eb.fn.sum<string>('r.items_score').as('items'),
        (eb) => eb.fn.sum<string>('r.freshness_score').as('freshness'),
      ])
      .where('s.operator_id', '=', operatorId)
      .where(businessDay('s.created_at', tz), '>=', from)
      .where(businessDay('s.created_at', tz), '<=', to)
      .groupBy('s.supplier_id')
      .execute(),
  ]);
  const out = new Map<string, SupplierFeedback>();
  const entry = (supplierId: string) => {
    const e = out.get(supplierId) ?? { supplierId, complaints: 0, ratings: 0, avgItemsScore: null, avgFreshnessScore: null };
    out.set(supplierId, e);
    return e;
  };
  for (const c of complaints) entry(c.supplierId).complaints = Number(c.n);
  for (const r of ratings) {
    const e = entry(r.supplierId);
    e.ratings = Number(r.n);
    e.avgItemsScore = averageScore(Number(r.items), e.ratings);
    e.avgFreshnessScore = averageScore(Number(r.freshness), e.ratings);
  }
  return [...out.values()].sort((a, b) => (a.supplierId < b.supplierId ? -1 : 1));
}

type ComplaintDto = z.infer<typeof feedback.Complaint>;
type AdminComplaintDto = z.infer<typeof feedback.AdminComplaint>;

export interface ComplaintFilter {
  residentId?: string | undefined;
  orderId?: string | undefined;
  ids?: readonly string[] | undefined;
  status?: ComplaintState | 'unresolved' | undefined;
  target?: ComplaintTargetKind | undefined;
  targetId?: string | undefined;
}

function filtered(db: Executor, operatorId: string, f: ComplaintFilter) {
  let q = db.selectFrom('complaints').where('operator_id', '=', operatorId);
  if (f.residentId) q = q.where('resident_id', '=', f.residentId);
  if (f.orderId) q = q.where('order_id', '=', f.orderId);
  if (f.ids) q = q.where('id', 'in', f.ids.length ? [...f.ids] : ['']);
  if (f.status === 'unresolved') q = q.where('state', 'in', ['open', 'assigned', 'appealed']);
  else if (f.status) q = q.where('state', '=', f.status);
  if (f.target) q = q.where('target_kind', '=', f.target);
  if (f.targetId) q = q.where('target_id', '=', f.targetId);
  return q;
}

/** Complaints of the operator as staff see them, newest first, a page at a time, with names, steps and assignees. */
export async function complaintPage(
  db: Executor,
  operatorId: string,
  f: ComplaintFilter & { page: number; pageSize: number },
): Promise<Page<Omit<AdminComplaintDto, 'leaderRates'>>> {
  const page = await fetchPage(
    f,
    filtered(db, operatorId, f).selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc'),
    filtered(db, operatorId, f),
  );
  return { ...page, items: await withDetails(db, operatorId, page.items) };
}

/** The complaints matching a filter (a resident's, an order's, some ids), newest first, as the resident sees them. */
export async function complaintsOf(db: Executor, operatorId: string, f: ComplaintFilter): Promise<ComplaintDto[]> {
  const rows = await filtered(db, operatorId, f).selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(200).execute();
  return (await withDetails(db, operatorId, rows)).map(
    ({ residentId: _r, leaderId: _l, leaderName: _n, assigneeId: _a, assigneeName: _an, ...dto }) => dto,
  );
}

type ComplaintRow = Selectable<ComplaintsTable>;

async function withDetails(
  db: Executor,
  operatorId: string,
  rows: readonly ComplaintRow[],
): Promise<Array<Omit<AdminComplaintDto, 'leaderRates'>>> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const of = (kind: ComplaintTargetKind) => rows.filter((r) => r.target_kind === kind).map((r) => r.target_id);
  const driverIds = [...new Set(of('driver'))];
  const [steps, orders, leaders, suppliers, staff, drivers] = await Promise.all([
    db.selectFrom('complaint_steps').selectAll().where('complaint_id', 'in', ids).orderBy('at').orderBy('id').execute(),
    ordersByIds(
      db,
      operatorId,
      rows.map((r) => r.order_id),
    ),
    leadersByIds(
      db,
      operatorId,
      rows.map((r) => r.leader_id),
    ),
    supplierNames(db, operatorId, of('supplier')),
    staffNames(
      db,
      operatorId,
      rows.flatMap((r) => (r.assignee_id ? [r.assignee_id] : [])),
    ),
    Promise.all(driverIds.map(async (id) => [id, (await driverAccounts.contact(db, operatorId, id)).name] as const)),
  ]);
  const driverName = new Map(drivers);
  const targetName = (r: ComplaintRow) =>
    (r.target_kind === 'leader'
      ? leaders.get(r.target_id)?.name
      : r.target_kind === 'supplier'
        ? suppliers.get(r.target_id)
        : driverName.get(r.target_id)) ?? r.target_id;
  return rows.map((r) => ({
    id: r.id,
    orderId: r.order_id,
    orderNo: orders.get(r.order_id)?.order_no ?? '',
    orderLineId: r.order_line_id,
    target: r.target_kind,
    targetId: r.target_id,
    targetName: targetName(r),
    description: r.description,
    state: r.state,
    resolution: r.resolution,
    outcome: r.outcome,
    appealReason: r.appeal_reason,
    mayAppeal: r.state === 'resolved' && r.appeals < MAX_APPEALS,
    createdAt: r.created_at.toISOString(),
    resolvedAt: r.resolved_at?.toISOString() ?? null,
    steps: steps
      .filter((s) => s.complaint_id === r.id)
      .map((s) => ({ step: s.step, actorKind: s.actor_kind, note: s.note, at: s.at.toISOString() })),
    residentId: r.resident_id,
    leaderId: r.leader_id,
    leaderName: leaders.get(r.leader_id)?.name ?? r.leader_id,
    assigneeId: r.assignee_id,
    assigneeName: r.assignee_id ? (staff.get(r.assignee_id) ?? null) : null,
  }));
}

/** The resident's rating of an order, if given. */
export async function ratingOf(db: Executor, operatorId: string, orderId: string) {
  const r = await db
    .selectFrom('order_ratings')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('order_id', '=', orderId)
    .executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id,
    orderId: r.order_id,
    itemsScore: r.items_score,
    freshnessScore: r.freshness_score,
    serviceScore: r.service_score,
    comment: r.comment,
    createdAt: r.created_at.toISOString(),
  };
}

/** How many ratings and complaints the period holds, the average service score, and how many complaints are resolved and dismissed (the demo's line). */
export async function feedbackTotals(db: Executor, operatorId: string) {
  const [ratings, complaints] = await Promise.all([
    db
      .selectFrom('order_ratings')
      .select([(eb) => eb.fn.countAll<string>().as('n'), (eb) => eb.fn.sum<string>('service_score').as('sum')])
      .where('operator_id', '=', operatorId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('complaints')
      .select([
        (eb) => eb.fn.countAll<string>().as('n'),
        sql<string>`count(*) filter (where state = 'resolved')`.as('resolved'),
        sql<string>`count(*) filter (where state = 'resolved' and outcome = 'dismissed')`.as('dismissed'),
      ])
      .where('operator_id', '=', operatorId)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    ratings: Number(ratings.n),
    avgServiceScore: averageScore(Number(ratings.sum ?? 0), Number(ratings.n)),
    complaints: Number(complaints.n),
    resolved: Number(complaints.resolved),
    dismissed: Number(complaints.dismissed),
  };
}
