import type { applications } from '@linli/contracts';
import { type Selectable, sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { fetchPage, type Page } from '../../platform/db/paging.ts';
import type { LeaderApplicationsTable } from '../../platform/db/schema.applications.ts';
import { AppError, found } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { maskPhone, type Principal } from '../identity/index.ts';
import { createLeader, createPickupPoint } from '../leader/index.ts';
import { MY_APPLICATIONS_SHOWN, assertApplicationTransition, decisionNotice } from './leader-applications.rules.ts';
import { notify } from '../../platform/notifications.ts';

type Row = Selectable<LeaderApplicationsTable> & { decided_by_name: string | null };

const toApplication = (r: Row): applications.LeaderApplication => ({
  id: r.id,
  status: r.status,
  name: r.name,
  phone: r.phone,
  note: r.note,
  pickupPoint: {
    name: r.point_name,
    address: r.point_address,
    lat: r.point_lat,
    lng: r.point_lng,
    openingHours: r.point_opening_hours,
  },
  reason: r.reason,
  leaderId: r.leader_id,
  pickupPointId: r.pickup_point_id,
  createdAt: r.created_at.toISOString(),
  decidedAt: r.decided_at?.toISOString() ?? null,
});

/** An application as staff see it: the phone masked (the reveal endpoint shows it, and logs the look). */
const toAdminApplication = (r: Row): applications.AdminLeaderApplication => ({
  ...toApplication(r),
  phone: maskPhone(r.phone),
  residentId: r.resident_id,
  decidedBy: r.decided_by_id ? { id: r.decided_by_id, name: r.decided_by_name ?? '' } : null,
});

/** The operator's applications with the name of the staff member who decided each. */
const applicationsOf = (db: Executor, operatorId: string) =>
  db
    .selectFrom('leader_applications as a')
    .leftJoin('staff as s', 's.id', 'a.decided_by_id')
    .selectAll('a')
    .select('s.name as decided_by_name')
    .where('a.operator_id', '=', operatorId);

/** The leader who already has this phone at the operator, if any (a phone logs in to one leader). */
async function leaderWithPhone(db: Executor, operatorId: string, phone: string) {
  return db
    .selectFrom('leaders')
    .select(['id', 'name', 'status'])
    .where('operator_id', '=', operatorId)
    .where('phone', '=', phone)
    .executeTakeFirst();
}

/**
 * A resident applies to become a leader with the pickup point they propose. Their login phone
 * becomes the leader's. CONFLICT when they already lead or already have a pending application.
 */
export async function applyForLeader(
  ctx: AppContext,
  resident: Principal,
  input: applications.CreateLeaderApplication,
): Promise<applications.LeaderApplication> {
  const me = found(
    await ctx.db
      .selectFrom('residents')
      .select(['id', 'phone'])
      .where('operator_id', '=', resident.operatorId)
      .where('id', '=', resident.id)
      .executeTakeFirst(),
    'resident',
  );
  const leader = await leaderWithPhone(ctx.db, resident.operatorId, me.phone);
  if (leader) {
    throw new AppError('CONFLICT', 'this phone is already a leader: log in to the leader app with it', {
      field: 'phone',
      leaderId: leader.id,
    });
  }
  const row = await ctx.db
    .insertInto('leader_applications')
    .values({
      id: newId('lap'),
      operator_id: resident.operatorId,
      resident_id: me.id,
      phone: me.phone,
      name: input.name,
      point_name: input.pickupPoint.name,
      point_address: input.pickupPoint.address,
      point_lat: input.pickupPoint.lat,
      point_lng: input.pickupPoint.lng,
      point_opening_hours: input.pickupPoint.openingHours ?? '',
      note: input.note,
      status: 'pending',
      reason: null,
      leader_id: null,
      pickup_point_id: null,
      decided_by_id: null,
      decided_at: null,
      created_at: ctx.clock.now(),
    })
    // the partial unique index's predicate, written literally so PostgreSQL can match the index
    .onConflict((oc) => oc.columns(['operator_id', 'resident_id']).where(sql<boolean>`status = 'pending'`).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError('CONFLICT', 'you already have an application waiting for review');
  return toApplication({ ...row, decided_by_name: null });
}

/** A resident's own applications, newest first. */
export async function myApplications(db: Executor, resident: Principal): Promise<applications.LeaderApplication[]> {
  const rows = await applicationsOf(db, resident.operatorId)
    .where('a.resident_id', '=', resident.id)
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(MY_APPLICATIONS_SHOWN)
    .execute();
  return rows.map(toApplication);
}

export interface ApplicationFilter {
  page: number;
  pageSize: number;
  status?: applications.ApplicationStatus | undefined;
}

/** The operator's applications, newest first, filtered by status. */
export async function listApplications(
  db: Executor,
  operatorId: string,
  filter: ApplicationFilter,
): Promise<Page<applications.AdminLeaderApplication>> {
  let base = db.selectFrom('leader_applications').where('operator_id', '=', operatorId);
  if (filter.status) base = base.where('status', '=', filter.status);
  let rows = applicationsOf(db, operatorId);
  if (filter.status) rows = rows.where('a.status', '=', filter.status);
  const listed = await fetchPage(filter, rows.orderBy('a.created_at', 'desc').orderBy('a.id', 'desc'), base);
  return { ...listed, items: listed.items.map(toAdminApplication) };
}

/** One application of the operator, or NOT_FOUND (another operator's too). */
export async function getApplication(db: Executor, operatorId: string, id: string): Promise<applications.AdminLeaderApplication> {
  const row = await applicationsOf(db, operatorId).where('a.id', '=', id).executeTakeFirst();
  return toAdminApplication(found(row, 'leader application'));
}

async function lockApplication(trx: Tx, operatorId: string, id: string) {
  const row = await trx
    .selectFrom('leader_applications')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return found(row, 'leader application');
}

async function notifyApplicant(
  trx: Tx,
  ctx: AppContext,
  row: Selectable<LeaderApplicationsTable>,
  notice: { title: string; body: string },
) {
  await notify(trx, ctx.clock.now(), row.operator_id, [{ recipientKind: 'resident', recipientId: row.resident_id, ...notice }]);
}

/**
 * Approves a pending application: registers the leader (the applicant's phone is their login)
 * and opens the proposed pickup point, in one transaction with the decision. INVALID_STATE once
 * decided; CONFLICT when the phone already belongs to a leader.
 */
export async function approveApplication(
  ctx: AppContext,
  staff: Principal,
  id: string,
  input: applications.ApproveLeaderApplication,
): Promise<applications.AdminLeaderApplication> {
  await ctx.db.transaction().execute(async (trx) => {
    const app = await lockApplication(trx, staff.operatorId, id);
    assertApplicationTransition(app.status, 'approved');
    const existing = await leaderWithPhone(trx, staff.operatorId, app.phone);
    if (existing) {
      throw new AppError(
        'CONFLICT',
        `the applicant's phone ${maskPhone(app.phone)} already belongs to leader ${existing.name} (${existing.status}); reject this application instead`,
        { field: 'phone', leaderId: existing.id },
      );
    }
    const inTx: AppContext = { ...ctx, db: trx };
    const leader = await createLeader(inTx, staff.operatorId, { phone: app.phone, name: app.name, level: input.level ?? 1 });
    const point = await createPickupPoint(inTx, staff.operatorId, leader.id, {
      name: app.point_name,
      address: app.point_address,
      lat: app.point_lat,
      lng: app.point_lng,
      openingHours: app.point_opening_hours,
    });
    await trx
      .updateTable('leader_applications')
      .set({ status: 'approved', leader_id: leader.id, pickup_point_id: point.id, decided_by_id: staff.id, decided_at: ctx.clock.now() })
      .where('id', '=', app.id)
      .execute();
    await notifyApplicant(trx, ctx, app, decisionNotice({ status: 'approved', pointName: point.name }));
  });
  return getApplication(ctx.db, staff.operatorId, id);
}

/** Rejects a pending application with a reason the applicant is told; they may apply again. */
export async function rejectApplication(
  ctx: AppContext,
  staff: Principal,
  id: string,
  input: applications.RejectLeaderApplication,
): Promise<applications.AdminLeaderApplication> {
  await ctx.db.transaction().execute(async (trx) => {
    const app = await lockApplication(trx, staff.operatorId, id);
    assertApplicationTransition(app.status, 'rejected');
    await trx
      .updateTable('leader_applications')
      .set({ status: 'rejected', reason: input.reason, decided_by_id: staff.id, decided_at: ctx.clock.now() })
      .where('id', '=', app.id)
      .execute();
    await notifyApplicant(trx, ctx, app, decisionNotice({ status: 'rejected', reason: input.reason }));
  });
  return getApplication(ctx.db, staff.operatorId, id);
}
