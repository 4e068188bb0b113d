import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Leader transfer (module leader-transfer): a leader removed by staff, or leaving at their own
 * request, hands their members to the nearest good leaders. A transfer is proposed (a target
 * pickup point for each of the leader's points, which staff may change), then confirmed in one
 * transaction: every member of a point is moved to its target once (`leader_transfer_moves`, one
 * row per transfer and resident), the points close to new orders, and the members are told. It
 * is completed (the leader suspended) once the orders placed at the old points are handed out and
 * the commission held for after-sales is released and withdrawn. One open transfer per leader.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table leader_transfers (
  id text primary key,
  operator_id text not null,
  leader_id text not null,
  reason text not null check (reason in ('removal', 'leaving')),
  note text not null default '',
  status text not null default 'proposed' check (status in ('proposed', 'confirmed', 'completed', 'cancelled')),
  requested_by_kind text not null check (requested_by_kind in ('staff', 'leader')),
  requested_by_id text not null,
  created_at timestamptz not null,
  confirmed_by text,
  confirmed_at timestamptz,
  completed_at timestamptz,
  cancelled_at timestamptz,
  members_moved integer not null default 0,
  withdrawal_id text,
  waiting_for text,
  check ((status in ('confirmed', 'completed')) = (confirmed_at is not null)),
  check ((status = 'completed') = (completed_at is not null)),
  check ((status = 'cancelled') = (cancelled_at is not null))
);
create index leader_transfers_operator on leader_transfers (operator_id, created_at desc);
create unique index leader_transfers_one_open on leader_transfers (operator_id, leader_id) where status in ('proposed', 'confirmed');
create index leader_transfers_confirmed on leader_transfers (operator_id) where status = 'confirmed';

-- Each of the leader's pickup points: where its members go (the rule's proposal, staff's choice).
create table leader_transfer_points (
  transfer_id text not null references leader_transfers(id),
  operator_id text not null,
  from_point_id text not null,
  proposed_point_id text,
  to_point_id text,
  distance_m integer,
  members integer not null default 0,
  primary key (transfer_id, from_point_id)
);

-- Every member moved: once per transfer and resident, whatever runs the confirmation.
create table leader_transfer_moves (
  transfer_id text not null references leader_transfers(id),
  operator_id text not null,
  resident_id text not null,
  from_point_id text not null,
  to_point_id text not null,
  moved_at timestamptz not null,
  primary key (transfer_id, resident_id)
);
create index leader_transfer_moves_resident on leader_transfer_moves (operator_id, resident_id);
`,
  );
}
