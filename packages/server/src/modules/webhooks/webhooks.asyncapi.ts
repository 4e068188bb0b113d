import { z } from 'zod';
import type { EventMap } from '../../platform/events.ts';

/**
 * The AsyncAPI 3.0 document of the webhooks: one channel per event type, its message the delivery
 * envelope `{ id, type, createdAt, operatorId, data }` with `data` typed by the event's schema (the
 * same zod schema every emit is checked against), and the signature headers. Integrators generate
 * receivers from it; `GET /api/v1/admin/webhooks/event-types` lists the same schemas.
 */
export function webhooksAsyncApi(registry: EventMap, version: string): Record<string, unknown> {
  const types = Object.keys(registry).sort();
  const headers = {
    type: 'object',
    required: ['Linli-Event-Id', 'Linli-Event-Type', 'Linli-Signature'],
    properties: {
      'Linli-Event-Id': { type: 'string', description: 'the event id; a retry or a replay carries the same: de-duplicate by it' },
      'Linli-Event-Type': { type: 'string', description: 'the event type, as `type` in the body' },
      'Linli-Signature': {
        type: 'string',
        pattern: '^t=\\d+,v1=[0-9a-f]{64}$',
        description:
          't=<unix seconds>,v1=<lower-case hex HMAC-SHA256 keyed with the endpoint secret (whsec_…) over "<t>.<raw body>">; ' +
          'compare in constant time and refuse a t more than 5 minutes off',
      },
    },
  };
  const envelope = (type: string) => ({
    type: 'object',
    required: ['id', 'type', 'createdAt', 'operatorId', 'data'],
    properties: {
      id: { type: 'string' },
      type: { type: 'string', const: type },
      createdAt: { type: 'string', format: 'date-time' },
      operatorId: { type: 'string' },
      data: z.toJSONSchema(registry[type] as z.ZodType, { io: 'output', unrepresentable: 'any', target: 'draft-7' }),
    },
  });
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'linli webhooks',
      version,
      description:
        "linli POSTs each event an endpoint takes to the endpoint's URL as JSON, signed. A 2xx answer within 10 s " +
        'delivers it; otherwise it is retried after 1, 2, 4 … minutes (at most an hour apart) for a day. ' +
        'Endpoints are registered per operator under /admin → 推送地址 (Webhooks) or POST /api/v1/admin/webhooks.',
    },
    defaultContentType: 'application/json',
    channels: Object.fromEntries(
      types.map((type) => [
        type,
        {
          address: null,
          title: type,
          description: "the endpoint's URL (set per endpoint)",
          messages: { [type]: { $ref: `#/components/messages/${type}` } },
        },
      ]),
    ),
    operations: Object.fromEntries(
      types.map((type) => [
        `${type}.deliver`,
        {
          action: 'send',
          channel: { $ref: `#/channels/${type}` },
          messages: [{ $ref: `#/channels/${type}/messages/${type}` }],
        },
      ]),
    ),
    components: {
      messages: Object.fromEntries(
        types.map((type) => [type, { name: type, contentType: 'application/json', headers, payload: envelope(type) }]),
      ),
    },
  };
}
