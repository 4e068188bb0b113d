import type { App } from '../app.ts';
import { eventSchemas } from '../modules/events.ts';
import { retireLocalReceivers, sendDueDeliveries, startLocalReceiver } from '../modules/webhooks/index.ts';
import { DEMO_OPERATOR, maybeSeedDemo } from './seed.ts';

const TYPES = ['order.paid', 'order.refunded'];

/**
 * The simulated day's integrator: a receiver on this machine registered as a webhook endpoint of
 * the demo operator for paid and refunded orders, checking every delivery's signature. Undefined
 * when the day is already done here (a rerun only prints the report).
 */
export async function demoWebhookReceiver(app: App) {
  const { ctx } = app;
  if (!(await maybeSeedDemo(ctx))) return undefined;
  const operator = await ctx.db.selectFrom('operators').select('id').where('slug', '=', DEMO_OPERATOR.slug).executeTakeFirstOrThrow();
  // Endpoints of earlier runs point at receivers that are gone.
  await retireLocalReceivers(ctx, operator.id);
  const receiver = await startLocalReceiver(ctx, eventSchemas, operator.id, TYPES);
  return {
    /** Sends what is still due (the day's own ticks send in batches as they go). */
    async flush() {
      for (let i = 0; i < 1000 && (await sendDueDeliveries(ctx)) > 0; i++);
    },
    summary(): string {
      const verified = receiver.received.filter((r) => r.verified).length;
      const byType = TYPES.map((t) => `${t} ${receiver.count(t)}`).join(', ');
      return `  webhooks      a local receiver got ${receiver.received.length} signed deliveries (${byType}); ${verified} signatures verified`;
    },
    close: () => receiver.close(),
  };
}
