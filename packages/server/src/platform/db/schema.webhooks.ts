import type { Generated } from 'kysely';
import type { Json, Timestamp } from './schema.ts';

/** Table types of signed webhooks (migration 0033, module webhooks). */

/** An HTTPS endpoint an operator registered, with the event types it takes ('*' for every type). */
export interface WebhookEndpointsTable {
  id: string;
  operator_id: string;
  url: string;
  description: Generated<string>;
  event_types: string[];
  /** The signing secret sealed under the installation secret (platform/sealed.ts); never answered. */
  secret_sealed: string;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type WebhookDeliveryStatus = 'pending' | 'succeeded' | 'failed';

/** One event sent to one endpoint, with its attempts; a replay is a new row (`replay_of`). */
export interface WebhookDeliveriesTable {
  id: string;
  operator_id: string;
  endpoint_id: string;
  /** The outbox event's id; a test ping's own delivery id. */
  event_id: string;
  event_type: string;
  event_created_at: Timestamp;
  /** The event's payload as its schema types it: the body's `data`. */
  payload: Json<unknown>;
  replay_of: string | null;
  status: Generated<WebhookDeliveryStatus>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp | null;
  first_attempt_at: Timestamp | null;
  last_status_code: number | null;
  last_error: string | null;
  /** The receiver's answer, its first 500 characters. */
  last_response: string | null;
  created_at: Timestamp;
  delivered_at: Timestamp | null;
}

export interface WebhookTables {
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
}
