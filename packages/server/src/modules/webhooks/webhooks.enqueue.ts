import { sql } from 'kysely';
import type { Tx } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { ALL_TYPES } from './webhooks.rules.ts';

/** An outbox event as the delivery batch hands it over, its payload typed by its schema. */
export interface WebhookEvent {
  id: number;
  type: string;
  operatorId: string;
  payload: unknown;
  createdAt: Date;
}

/**
 * One delivery per event of the batch and active endpoint of its operator that takes its type
 * (or '*'), in the outbox's delivery transaction and one statement for the whole batch (after
 * one small read of which of the batch's operators have endpoints at all), so an installation
 * without endpoints pays one cheap read per batch, not a statement per event: the
 * deliveries exist if and only if the events are marked delivered. The unique index on
 * (endpoint, event) keeps them single should the outbox hand an event over again. The payload is
 * kept as the event's schema types it (the body's `data`). Returns how many were added.
 */
export async function enqueueDeliveries(trx: Tx, all: readonly WebhookEvent[], now: Date): Promise<number> {
  if (all.length === 0) return 0;
  // Most batches are for operators without endpoints: one small indexed read, and no payload goes to the database.
  const operators = [...new Set(all.map((e) => e.operatorId))];
  const listening = await trx
    .selectFrom('webhook_endpoints')
    .select('operator_id')
    .distinct()
    .where('operator_id', '=', sql<string>`any(${operators}::text[])`)
    .where('active', '=', true)
    .execute();
  if (listening.length === 0) return 0;
  const withEndpoints = new Set(listening.map((r) => r.operator_id));
  const events = all.filter((e) => withEndpoints.has(e.operatorId));
  // One id per batch from the repo's helper; each row adds its rank, so ids stay unique and time-sortable.
  const base = newId('whd');
  const result = await sql`
    insert into webhook_deliveries
      (id, operator_id, endpoint_id, event_id, event_type, event_created_at, payload, status, attempts, next_attempt_at, created_at)
    select ${base} || lpad((row_number() over (order by ev.ord, e.id))::text, 6, '0'), e.operator_id, e.id, ev.event_id,
      ev.event_type, ev.created_at, ev.payload, 'pending', 0, ${now}, ${now}
    from unnest(${events.map((e) => String(e.id))}::text[], ${events.map((e) => e.type)}::text[], ${events.map((e) => e.operatorId)}::text[],
                ${events.map((e) => e.createdAt.toISOString())}::timestamptz[], ${events.map((e) => JSON.stringify(e.payload))}::jsonb[])
      with ordinality as ev(event_id, event_type, operator_id, created_at, payload, ord)
    join webhook_endpoints e on e.operator_id = ev.operator_id and e.active
      and e.event_types && array[ev.event_type, ${ALL_TYPES}]::text[]
    on conflict do nothing
  `.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}
