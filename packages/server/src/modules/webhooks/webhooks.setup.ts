import type { AppContext } from '../../context.ts';
import type { EventMap, EventType } from '../../platform/events.ts';
import { enqueueDeliveries } from './webhooks.enqueue.ts';
import { sendDueDeliveries } from './webhooks.sender.ts';

/**
 * Every outbox event becomes deliveries to the endpoints that take it (one statement per delivery
 * batch, in its transaction), and the sweep sends them. `registry`: every event type's schema
 * (modules/events.ts): the types subscribed to, and what their payloads are typed by.
 */
export function setupWebhooks(registry: EventMap): (ctx: AppContext) => void {
  return (ctx) => {
    ctx.events.subscribeBatch(Object.keys(registry) as EventType[], async (trx, events) => {
      if ((await enqueueDeliveries(trx, events, ctx.clock.now())) > 0) ctx.jobs.kick();
    });
    ctx.jobs.addSweep({ name: 'webhook-sender', run: () => sendDueDeliveries(ctx) });
  };
}
