import { randomBytes } from 'node:crypto';
import type { webhooks } from '@linli/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError, found } from '../../platform/errors.ts';
import type { EventMap } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { seal } from '../../platform/sealed.ts';
import { type WebhookEndpointView, findEndpoint } from './webhooks.queries.ts';
import { TEST_EVENT_TYPE, unknownEventTypes, urlRefusal } from './webhooks.rules.ts';

type CreateEndpoint = z.output<typeof webhooks.CreateWebhookEndpoint>;
type UpdateEndpoint = z.output<typeof webhooks.UpdateWebhookEndpoint>;

/** A new signing secret: 32 random bytes, `whsec_` + base64url. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

function checkUrl(ctx: AppContext, url: string): void {
  const refusal = urlRefusal(url, ctx.config.env);
  if (refusal) throw new AppError('WEBHOOK_URL_REFUSED', `webhook URL refused: ${refusal}`, { url, reason: refusal });
}

function checkTypes(registry: EventMap, types: readonly string[]): string[] {
  const unknown = unknownEventTypes(types, new Set(Object.keys(registry)));
  if (unknown.length > 0) throw new AppError('VALIDATION_FAILED', `unknown event types: ${unknown.join(', ')}`, { unknown });
  return [...new Set(types)].sort();
}

/** Registers an endpoint; the answer carries its secret, the only time it is shown. */
export async function createEndpoint(
  ctx: AppContext,
  registry: EventMap,
  operatorId: string,
  input: CreateEndpoint,
): Promise<WebhookEndpointView & { secret: string }> {
  checkUrl(ctx, input.url);
  const eventTypes = checkTypes(registry, input.eventTypes);
  const secret = newSigningSecret();
  const id = newId('whe');
  const now = ctx.clock.now();
  await ctx.db
    .insertInto('webhook_endpoints')
    .values({
      id,
      operator_id: operatorId,
      url: input.url,
      description: input.description,
      event_types: eventTypes,
      secret_sealed: seal(ctx.secret, secret),
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { ...found(await findEndpoint(ctx.db, operatorId, id), 'webhook endpoint'), secret };
}

/** Changes an endpoint's URL, description, event types or whether it is active. */
export async function updateEndpoint(
  ctx: AppContext,
  registry: EventMap,
  operatorId: string,
  id: string,
  input: UpdateEndpoint,
): Promise<WebhookEndpointView> {
  if (input.url !== undefined) checkUrl(ctx, input.url);
  const eventTypes = input.eventTypes === undefined ? undefined : checkTypes(registry, input.eventTypes);
  const updated = await ctx.db
    .updateTable('webhook_endpoints')
    .set({
      updated_at: ctx.clock.now(),
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(eventTypes !== undefined ? { event_types: eventTypes } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
    })
    .where('operator_id', '=', operatorId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) throw new AppError('NOT_FOUND', 'webhook endpoint not found');
  return found(await findEndpoint(ctx.db, operatorId, id), 'webhook endpoint');
}

/** Removes an endpoint and its delivery log. */
export async function deleteEndpoint(ctx: AppContext, operatorId: string, id: string): Promise<void> {
  const deleted = await ctx.db
    .deleteFrom('webhook_endpoints')
    .where('operator_id', '=', operatorId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(deleted.numDeletedRows) === 0) throw new AppError('NOT_FOUND', 'webhook endpoint not found');
}

/** A new signing secret for an endpoint, shown once; the old one signs nothing from now on. */
export async function rotateSecret(ctx: AppContext, operatorId: string, id: string): Promise<{ id: string; secret: string }> {
  const secret = newSigningSecret();
  const updated = await ctx.db
    .updateTable('webhook_endpoints')
    .set({ secret_sealed: seal(ctx.secret, secret), updated_at: ctx.clock.now() })
    .where('operator_id', '=', operatorId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) throw new AppError('NOT_FOUND', 'webhook endpoint not found');
  return { id, secret };
}

/** A `webhook.test` ping to the endpoint (active or not, whatever its types), sent by the sweep. */
export async function sendTestPing(ctx: AppContext, operatorId: string, endpointId: string): Promise<{ id: string }> {
  found(await findEndpoint(ctx.db, operatorId, endpointId), 'webhook endpoint');
  const id = newId('whd');
  const now = ctx.clock.now();
  await ctx.db
    .insertInto('webhook_deliveries')
    .values({
      id,
      operator_id: operatorId,
      endpoint_id: endpointId,
      event_id: id,
      event_type: TEST_EVENT_TYPE,
      event_created_at: now,
      payload: JSON.stringify({ endpointId, message: 'a test delivery from linli' }),
      next_attempt_at: now,
      created_at: now,
    })
    .execute();
  ctx.jobs.kick();
  return { id };
}

/** The same event sent again to the same endpoint, as a new delivery with its own attempts. */
export async function replayDelivery(ctx: AppContext, operatorId: string, deliveryId: string): Promise<{ id: string }> {
  const id = newId('whd');
  const now = ctx.clock.now();
  const inserted = await ctx.db
    .insertInto('webhook_deliveries')
    .columns([
      'id',
      'operator_id',
      'endpoint_id',
      'event_id',
      'event_type',
      'event_created_at',
      'payload',
      'replay_of',
      'next_attempt_at',
      'created_at',
    ])
    .expression((eb) =>
      eb
        .selectFrom('webhook_deliveries')
        .select((s) => [
          s.val(id).as('id'),
          'operator_id',
          'endpoint_id',
          'event_id',
          'event_type',
          'event_created_at',
          'payload',
          s.val(deliveryId).as('replay_of'),
          s.val(now).as('next_attempt_at'),
          s.val(now).as('created_at'),
        ])
        .where('operator_id', '=', operatorId)
        .where('id', '=', deliveryId),
    )
    .returning('id')
    .execute();
  if (inserted.length === 0) throw new AppError('NOT_FOUND', 'webhook delivery not found');
  ctx.jobs.kick();
  return { id };
}
