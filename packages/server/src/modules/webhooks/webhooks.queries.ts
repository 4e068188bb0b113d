import type { webhooks } from '@linli/contracts';
import type { z } from 'zod';
import type { Database, Tx } from '../../platform/db/database.ts';
import { type Page, type PageRequest, fetchPage } from '../../platform/db/paging.ts';
import type { WebhookDeliveryStatus } from '../../platform/db/schema.webhooks.ts';

export type WebhookEndpointView = z.infer<typeof webhooks.WebhookEndpoint>;
export type WebhookDeliveryView = z.infer<typeof webhooks.WebhookDelivery>;

/** An operator's endpoints, oldest first, each with its last delivery; never a secret. */
export async function listEndpoints(db: Database | Tx, operatorId: string, onlyId?: string): Promise<WebhookEndpointView[]> {
  let query = db
    .selectFrom('webhook_endpoints as e')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('webhook_deliveries as d')
          .select(['d.status', 'd.event_type', 'd.last_status_code', 'd.delivered_at', 'd.created_at'])
          .whereRef('d.endpoint_id', '=', 'e.id')
          .where('d.operator_id', '=', operatorId)
          .orderBy('d.created_at', 'desc')
          .orderBy('d.id', 'desc')
          .limit(1)
          .as('last'),
      (join) => join.onTrue(),
    )
    .select([
      'e.id',
      'e.url',
      'e.description',
      'e.event_types',
      'e.active',
      'e.created_at',
      'e.updated_at',
      'last.status as last_status',
      'last.event_type as last_event_type',
      'last.last_status_code',
      'last.delivered_at as last_delivered_at',
      'last.created_at as last_created_at',
    ])
    .where('e.operator_id', '=', operatorId)
    .orderBy('e.created_at')
    .orderBy('e.id');
  if (onlyId !== undefined) query = query.where('e.id', '=', onlyId);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    url: r.url,
    description: r.description,
    eventTypes: r.event_types,
    active: r.active,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    lastDelivery:
      r.last_status && r.last_event_type && r.last_created_at
        ? {
            status: r.last_status,
            eventType: r.last_event_type,
            lastStatusCode: r.last_status_code ?? null,
            at: (r.last_delivered_at ?? r.last_created_at).toISOString(),
          }
        : null,
  }));
}

/** One of the operator's endpoints, or undefined (another operator's too). */
export async function findEndpoint(db: Database | Tx, operatorId: string, id: string): Promise<WebhookEndpointView | undefined> {
  return (await listEndpoints(db, operatorId, id))[0];
}

/** An endpoint's deliveries, newest first, paged. */
export async function listDeliveries(
  db: Database,
  operatorId: string,
  endpointId: string,
  query: PageRequest & { status?: WebhookDeliveryStatus | undefined },
): Promise<Page<WebhookDeliveryView>> {
  let filtered = db.selectFrom('webhook_deliveries').where('operator_id', '=', operatorId).where('endpoint_id', '=', endpointId);
  if (query.status) filtered = filtered.where('status', '=', query.status);
  const page = await fetchPage(query, filtered.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc'), filtered);
  return {
    ...page,
    items: page.items.map((d) => ({
      id: d.id,
      endpointId: d.endpoint_id,
      eventId: d.event_id,
      eventType: d.event_type,
      status: d.status,
      attempts: d.attempts,
      nextAttemptAt: d.status === 'pending' ? (d.next_attempt_at?.toISOString() ?? null) : null,
      lastStatusCode: d.last_status_code,
      lastError: d.last_error,
      lastResponse: d.last_response,
      replayOf: d.replay_of,
      createdAt: d.created_at.toISOString(),
      deliveredAt: d.delivered_at?.toISOString() ?? null,
    })),
  };
}
