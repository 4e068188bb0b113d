import { z } from 'zod';
import { Id, PageQuery, Timestamp, pageOf } from './common.ts';

/** Signed webhooks: HTTPS endpoints an operator registers, and the events delivered to them. */

export const EventTypeName = z
  .string()
  .regex(/^(\*|[a-z_]+\.[a-z_]+)$/, 'an event type such as order.paid, or * for every type')
  .describe('an event type (GET /api/v1/admin/webhooks/event-types lists them), or * for every type');

export const WebhookUrl = z
  .string()
  .min(1)
  .max(500)
  .describe('where events are POSTed: https (http only in development); no credentials, no private or loopback host in production');

export const DeliveryStatus = z.enum(['pending', 'succeeded', 'failed']);

/** The last delivery to an endpoint, as its list shows it. */
export const LastDelivery = z.object({
  status: DeliveryStatus,
  eventType: z.string(),
  lastStatusCode: z.number().int().nullable(),
  at: Timestamp.describe('when it was delivered, or created while not yet'),
});

/** An endpoint as listed: never its secret. */
export const WebhookEndpoint = z.object({
  id: Id,
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.string()),
  active: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  lastDelivery: LastDelivery.nullable(),
});

/** An endpoint just created: with its signing secret, shown this once. */
export const CreatedWebhookEndpoint = WebhookEndpoint.extend({
  secret: z.string().describe('whsec_…: signs every delivery; shown only in this answer (and when rotated)'),
});

export const CreateWebhookEndpoint = z.strictObject({
  url: WebhookUrl,
  description: z.string().trim().max(200).default(''),
  eventTypes: z.array(EventTypeName).min(1).max(100),
});

export const UpdateWebhookEndpoint = z.strictObject({
  url: WebhookUrl.optional(),
  description: z.string().trim().max(200).optional(),
  eventTypes: z.array(EventTypeName).min(1).max(100).optional(),
  active: z.boolean().optional(),
});

/** A new signing secret: the old one stops signing at once. */
export const RotatedSecret = z.object({ id: Id, secret: z.string() });

export const WebhookEndpointList = z.object({ items: z.array(WebhookEndpoint) });

/** One event sent (or to be sent) to one endpoint. */
export const WebhookDelivery = z.object({
  id: Id,
  endpointId: Id,
  eventId: z.string(),
  eventType: z.string(),
  status: DeliveryStatus,
  attempts: z.number().int(),
  nextAttemptAt: Timestamp.nullable(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  lastResponse: z.string().nullable().describe("the receiver's answer, its first 500 characters"),
  replayOf: Id.nullable(),
  createdAt: Timestamp,
  deliveredAt: Timestamp.nullable(),
});

export const DeliveryListQuery = PageQuery.extend({ status: DeliveryStatus.optional() });
export const DeliveryPage = pageOf(WebhookDelivery);

/** An event type with the JSON Schema of its payload (the body's `data`). */
export const EventTypeInfo = z.object({
  type: z.string(),
  payloadSchema: z.record(z.string(), z.unknown()).describe('JSON Schema (draft 2020-12) of the body’s `data`'),
});
export const EventTypeList = z.object({ items: z.array(EventTypeInfo) });

/** A delivery queued (a test ping, a replay): the sweep sends it. */
export const QueuedDelivery = z.object({ id: Id });
