import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

/**
 * Signed webhooks (module webhooks): the HTTPS endpoints an operator registers with the event
 * types each takes ('*' for all) and its signing secret sealed under the installation secret, and
 * one delivery row per event and endpoint, sent and retried by a sweep. A replay is a new row of
 * the same event (`replay_of`); the unique index keeps the first delivery of an event to an
 * endpoint single, whatever the outbox retries.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table webhook_endpoints (
  id text primary key,
  operator_id text not null,
  url text not null,
  description text not null default '',
  event_types text[] not null,
  secret_sealed text not null,
  active boolean not null default true,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index webhook_endpoints_operator on webhook_endpoints (operator_id, created_at);
create table webhook_deliveries (
  id text primary key,
  operator_id text not null,
  endpoint_id text not null references webhook_endpoints (id) on delete cascade,
  event_id text not null,
  event_type text not null,
  event_created_at timestamptz not null,
  payload jsonb not null,
  replay_of text,
  status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz,
  first_attempt_at timestamptz,
  last_status_code integer,
  last_error text,
  last_response text,
  created_at timestamptz not null,
  delivered_at timestamptz
);
create unique index webhook_deliveries_once on webhook_deliveries (endpoint_id, event_id) where replay_of is null;
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_endpoint on webhook_deliveries (endpoint_id, created_at);
`,
  );
}
