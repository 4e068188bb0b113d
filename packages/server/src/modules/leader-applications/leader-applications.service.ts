import type { applications } from '@linli/contracts';
import { type Selectable, sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { fetchPage, type Page } from '../../platform/db/paging.ts';
import type { LeaderApplicationsTable } from '../../platform/db/schema.applications.ts';
import { AppError, found } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { maskPhone, type Principal, residentPhone, staffNames } from '../identity/index.ts';
import { createLeader, createPickupPoint, leadersByIds, leaderWithPhone } from '../leader/index.ts';
import { MY_APPLICATIONS_SHOWN, assertApplicationTransition, decisionNotice } from './leader-applications.rules.ts';
import { notify } from '../../platform/notifications.ts';
import { emit } from '../../platform/events.ts';
import { holdPointForTraining } from '../training/index.ts';

type Row = Selectable<LeaderApplicationsTable>;

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

/**
 * An application as staff see it: the phone masked (the reveal endpoint shows it, and logs the
 * look), with the name of the staff member who decided it (`deciders`, by id).
 */
const toAdminApplication = (r: Row, deciders: Map<string, string>): applications.AdminLeaderApplication => ({
  ...toApplication(r),
  phone: maskPhone(r.phone),
  residentId: r.resident_id,
  decidedBy: r.decided_by_id ? { id: r.decided_by_id, name: deciders.get(r.decided_by_id) ?? '' } : null,
});

/** The names of the staff members who decided these applications, by id. */
const decidersOf = (db: Executor, operatorId: string, rows: Row[]) =>
  staffNames(
    db,
    operatorId,
    rows.map((r) => r.decided_by_id),
  );

/** The operator's applications. */
const applicationsOf = (db: Executor, operatorId: string) => db.selectFrom('leader_applications').where('operator_id', '=', operatorId);

/**
 * A resident applies to become a leader with the pickup point they propose. Their login phone
 * becomes the leader's. CONFLICT when they already lead or already have a pending application.
 */
export async function applyForLeader(
  ctx: AppContext,
  resident: Principal,
  input: applications.CreateLeaderApplication,
): Promise<applications.LeaderApplication> {
  const phone = found(await residentPhone(ctx.db, resident.operatorId, resident.id), 'resident');
  const leader = await leaderWithPhone(ctx.db, resident.operatorId, phone);
  if (leader) {
    throw new AppError('CONFLICT', 'this phone is already a leader: log in to the leader app with it', {
      field: 'phone',
      leaderId: leader.id,
    });
  }
  // a recruit link's referrer counts only when it is an active leader of the operator (else ignored)
  const referrer = input.ref ? (await leadersByIds(ctx.db, resident.operatorId, [input.ref])).get(input.ref) : undefined;
  const row = await ctx.db
    .insertInto('leader_applications')
    .values({
      id: newId('lap'),
      operator_id: resident.operatorId,
      resident_id: resident.id,
      phone,
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
      referrer_id: referrer?.status === 'active' ? referrer.id : null,
    })
    // the partial unique index's predicate, written literally so PostgreSQL can match the index
    .onConflict((oc) => oc.columns(['operator_id', 'resident_id']).where(sql<boolean>`status = 'pending'`).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError('CONFLICT', 'you already have an application waiting for review');
  return toApplication(row);
}

/** A resident's own applications, newest first. */
export async function myApplications(db: Executor, resident: Principal): Promise<applications.LeaderApplication[]> {
  const rows = await applicationsOf(db, resident.operatorId)
    .selectAll()
    .where('resident_id', '=', resident.id)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
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
  let base = applicationsOf(db, operatorId);
  if (filter.status) base = base.where('status', '=', filter.status);
  const listed = await fetchPage(filter, base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc'), base);
  const deciders = await decidersOf(db, operatorId, listed.items);
  return { ...listed, items: listed.items.map((r) => toAdminApplication(r, deciders)) };
}

/** One application of the operator, or NOT_FOUND (another operator's too). */
export async function getApplication(db: Executor, operatorId: string, id: string): Promise<applications.AdminLeaderApplication> {
  const row = found(await applicationsOf(db, operatorId).selectAll().where('id', '=', id).executeTakeFirst(), 'leader application');
  return toAdminApplication(row, await decidersOf(db, operatorId, [row]));
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
 * and opens the proposed pickup point, in one transaction with the decision. When the operator
 * has published required training courses, the point starts closed and opens itself once the
 * leader has completed them (module training). INVALID_STATE once
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
    // required courses published: the point stays closed until the new leader has done them
    const held = await holdPointForTraining(trx, ctx.clock.now(), staff.operatorId, leader.id, point.id);
    await trx
      .updateTable('leader_applications')
      .set({ status: 'approved', leader_id: leader.id, pickup_point_id: point.id, decided_by_id: staff.id, decided_at: ctx.clock.now() })
      .where('id', '=', app.id)
      .execute();
    await notifyApplicant(trx, ctx, app, decisionNotice({ status: 'approved', pointName: point.name, heldForTraining: held }));
    await emit(trx, ctx.clock, {
      type: 'leader_application.approved',
      operatorId: staff.operatorId,
      aggregateId: app.id,
      payload: {
        applicationId: app.id,
        residentId: app.resident_id,
        leaderId: leader.id,
        pickupPointId: point.id,
        referrerId: app.referrer_id,
        at: ctx.clock.now().toISOString(),
      },
    });
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
