import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Leader applications (团长申请): a resident proposes to run a pickup point; support or an admin
 * approves (which registers the leader and opens the point in the same transaction) or rejects
 * with a reason. A resident has at most one pending application (the partial unique index).
 * Like every tenant table since 0008, operator_id has no foreign key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table leader_applications (
  id text primary key,
  operator_id text not null,
  resident_id text not null references residents(id),
  phone text not null,
  name text not null,
  point_name text not null,
  point_address text not null,
  point_lat double precision not null check (point_lat between -90 and 90),
  point_lng double precision not null check (point_lng between -180 and 180),
  point_opening_hours text not null default '',
  note text not null,
  status text not null check (status in ('pending', 'approved', 'rejected')),
  reason text,
  leader_id text references leaders(id),
  pickup_point_id text references pickup_points(id),
  decided_by_id text references staff(id),
  decided_at timestamptz,
  created_at timestamptz not null,
  check ((status = 'pending') = (decided_at is null)),
  check ((status = 'approved') = (leader_id is not null and pickup_point_id is not null)),
  check ((status = 'rejected') = (reason is not null))
);
-- one open application per resident
create unique index leader_applications_one_pending on leader_applications (operator_id, resident_id) where status = 'pending';
-- the review queue, newest first, by status
create index leader_applications_queue on leader_applications (operator_id, status, created_at);
-- a resident's own applications
create index leader_applications_resident on leader_applications (operator_id, resident_id, created_at);
`,
  );
}
