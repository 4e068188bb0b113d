import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * The residents' voice (module feedback): a rating of each picked-up order by its resident (items,
 * freshness and the leader's service, 1–5, once), with the suppliers of its lines as they were
 * when it was rated; complaint tickets against a leader, a supplier or a driver resolved from one
 * of the resident's orders, with a workflow (open → assigned → resolved → appealed → resolved) and
 * the history of each ticket's steps. One complaint per order and target.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table order_ratings (
  id text primary key,
  operator_id text not null,
  order_id text not null unique,
  resident_id text not null,
  leader_id text not null,
  pickup_point_id text not null,
  items_score integer not null check (items_score between 1 and 5),
  freshness_score integer not null check (freshness_score between 1 and 5),
  service_score integer not null check (service_score between 1 and 5),
  comment text,
  created_at timestamptz not null
);
create index order_ratings_leader on order_ratings (operator_id, leader_id, created_at);
create index order_ratings_resident on order_ratings (operator_id, resident_id, created_at desc);

-- The suppliers of a rated order's lines: a rating of items and freshness counts for each of them.
create table order_rating_suppliers (
  rating_id text not null references order_ratings(id),
  operator_id text not null,
  supplier_id text not null,
  created_at timestamptz not null,
  primary key (rating_id, supplier_id)
);
create index order_rating_suppliers_supplier on order_rating_suppliers (operator_id, supplier_id, created_at);

create table complaints (
  id text primary key,
  operator_id text not null,
  order_id text not null,
  order_line_id text,
  resident_id text not null,
  target_kind text not null check (target_kind in ('leader', 'supplier', 'driver')),
  target_id text not null,
  -- The order's leader, whatever the target: the queue shows the leader beside every ticket.
  leader_id text not null,
  description text not null,
  state text not null default 'open' check (state in ('open', 'assigned', 'resolved', 'appealed')),
  assignee_id text,
  resolution text,
  appeal_reason text,
  appeals integer not null default 0 check (appeals between 0 and 1),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  resolved_at timestamptz,
  check ((state = 'resolved') = (resolved_at is not null and resolution is not null)),
  check (state <> 'assigned' or assignee_id is not null),
  unique (order_id, target_kind, target_id)
);
create index complaints_queue on complaints (operator_id, state, created_at desc);
create index complaints_target on complaints (operator_id, target_kind, target_id, created_at);
create index complaints_resident on complaints (operator_id, resident_id, created_at desc);

create table complaint_steps (
  id text primary key,
  operator_id text not null,
  complaint_id text not null references complaints(id),
  step text not null check (step in ('opened', 'assigned', 'resolved', 'appealed')),
  actor_kind text not null check (actor_kind in ('resident', 'staff')),
  actor_id text not null,
  note text,
  at timestamptz not null
);
create index complaint_steps_complaint on complaint_steps (complaint_id, at);
`,
  );
}
