import { ErrorBody, IdParams, webhooks } from '@linli/contracts';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireStaff } from '../../http/auth.ts';
import type { RouteModule } from '../../http/server.ts';
import { found } from '../../platform/errors.ts';
import type { EventMap } from '../../platform/events.ts';
import { findEndpoint, listDeliveries, listEndpoints } from './webhooks.queries.ts';
import { ALL_TYPES } from './webhooks.rules.ts';
import { webhooksAsyncApi } from './webhooks.asyncapi.ts';
import { createEndpoint, deleteEndpoint, replayDelivery, rotateSecret, sendTestPing, updateEndpoint } from './webhooks.service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

const DELIVERY =
  'Each event is POSTed as JSON `{ id, type, createdAt, operatorId, data }` with the headers `Linli-Event-Id`, ' +
  '`Linli-Event-Type` and `Linli-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the ' +
  "endpoint's whsec_… secret>`. A 2xx answer within 10 s delivers it; otherwise it is retried after 1 min, 2, 4, … " +
  '(at most an hour apart) for a day.';

/** The event types an endpoint may take, each with the JSON Schema of its `data`. */
function eventTypeList(registry: EventMap) {
  return Object.keys(registry)
    .sort()
    .map((type) => ({
      type,
      payloadSchema: z.toJSONSchema(registry[type] as z.ZodType, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>,
    }));
}

/** Signed webhooks (admins): endpoints, their secrets, test pings, the delivery log and replays. */
export function webhookRoutes(registry: EventMap): RouteModule {
  const types = eventTypeList(registry);
  const typesDescription = `${DELIVERY}\n\nThe event types, with the JSON Schema of each one's \`data\`:\n\n${types
    .map((t) => `- \`${t.type}\`: \`${JSON.stringify(t.payloadSchema)}\``)
    .join('\n')}\n\n\`${ALL_TYPES}\` takes every type; \`webhook.test\` is the test ping, sent whatever the types.`;

  return (app, ctx) => {
    const admin = async (req: FastifyRequest) => (await requireStaff(ctx, req)).operatorId;
    const asyncApi = webhooksAsyncApi(registry, '0.1.0');

    app.get(
      '/api/v1/webhooks/asyncapi.json',
      {
        schema: {
          tags: ['admin'],
          summary: 'The AsyncAPI 3.0 document of the webhooks: every event type, its delivery envelope and signature headers',
          description: 'Public, like this document: it describes what linli sends, not any operator’s data.',
          security: [],
          response: { 200: z.record(z.string(), z.unknown()) },
        },
      },
      async () => asyncApi,
    );

    app.get(
      '/api/v1/admin/webhooks/event-types',
      {
        schema: {
          tags: ['admin'],
          summary: 'The event types a webhook endpoint may take, each with the JSON Schema of its payload',
          description: typesDescription,
          response: { 200: webhooks.EventTypeList, ...errors },
        },
      },
      async (req) => {
        await admin(req);
        return { items: types };
      },
    );
    app.get(
      '/api/v1/admin/webhooks',
      {
        schema: {
          tags: ['admin'],
          summary: 'Webhook endpoints, each with its last delivery (never a secret)',
          description: DELIVERY,
          response: { 200: webhooks.WebhookEndpointList, ...errors },
        },
      },
      async (req) => ({ items: await listEndpoints(ctx.db, await admin(req)) }),
    );
    app.post(
      '/api/v1/admin/webhooks',
      {
        schema: {
          tags: ['admin'],
          summary: 'Register a webhook endpoint; the answer shows its signing secret, this once',
          body: webhooks.CreateWebhookEndpoint,
          response: { 201: webhooks.CreatedWebhookEndpoint, ...errors },
        },
      },
      async (req, reply) => reply.status(201).send(await createEndpoint(ctx, registry, await admin(req), req.body)),
    );
    app.patch(
      '/api/v1/admin/webhooks/:id',
      {
        schema: {
          tags: ['admin'],
          summary: "Change an endpoint's URL, description, event types or whether it is active",
          params: IdParams,
          body: webhooks.UpdateWebhookEndpoint,
          response: { 200: webhooks.WebhookEndpoint, ...errors },
        },
      },
      async (req) => updateEndpoint(ctx, registry, await admin(req), req.params.id, req.body),
    );
    app.delete(
      '/api/v1/admin/webhooks/:id',
      {
        schema: {
          tags: ['admin'],
          summary: 'Remove an endpoint and its delivery log',
          params: IdParams,
          response: { 204: z.null(), ...errors },
        },
      },
      async (req, reply) => {
        await deleteEndpoint(ctx, await admin(req), req.params.id);
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/api/v1/admin/webhooks/:id/rotate-secret',
      {
        schema: {
          tags: ['admin'],
          summary: 'A new signing secret, shown this once; the old one stops signing at once',
          params: IdParams,
          response: { 200: webhooks.RotatedSecret, ...errors },
        },
      },
      async (req) => rotateSecret(ctx, await admin(req), req.params.id),
    );
    app.post(
      '/api/v1/admin/webhooks/:id/test',
      {
        schema: {
          tags: ['admin'],
          summary: 'Queue a `webhook.test` ping to the endpoint',
          params: IdParams,
          response: { 202: webhooks.QueuedDelivery, ...errors },
        },
      },
      async (req, reply) => reply.status(202).send(await sendTestPing(ctx, await admin(req), req.params.id)),
    );
    app.get(
      '/api/v1/admin/webhooks/:id/deliveries',
      {
        schema: {
          tags: ['admin'],
          summary: "An endpoint's deliveries, newest first",
          params: IdParams,
          querystring: webhooks.DeliveryListQuery,
          response: { 200: webhooks.DeliveryPage, ...errors },
        },
      },
      async (req) => {
        const operatorId = await admin(req);
        const endpoint = found(await findEndpoint(ctx.db, operatorId, req.params.id), 'webhook endpoint');
        return listDeliveries(ctx.db, operatorId, endpoint.id, req.query);
      },
    );
    app.post(
      '/api/v1/admin/webhooks/deliveries/:id/replay',
      {
        schema: {
          tags: ['admin'],
          summary: "Send a delivery's event again to its endpoint, as a new delivery",
          params: IdParams,
          response: { 202: webhooks.QueuedDelivery, ...errors },
        },
      },
      async (req, reply) => reply.status(202).send(await replayDelivery(ctx, await admin(req), req.params.id)),
    );
  };
}
