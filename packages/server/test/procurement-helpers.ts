import { CUTOFF_JOB } from '../src/modules/campaign/campaign.lifecycle.ts';
import type { Principal } from '../src/modules/identity/identity.service.ts';
import { placeOrder } from '../src/modules/ordering/ordering.service.ts';
import { payOrder } from '../src/modules/ordering/order-payment.ts';
import { MINUTE } from '../src/platform/clock.ts';
import { scheduleJob } from '../src/platform/jobs.ts';
import type { TestApp } from './harness.ts';

const residentPrincipal = (operatorId: string, id: string): Principal => ({
  kind: 'resident',
  id,
  operatorId,
  sessionId: 'test',
  roles: [],
});

/** Places an order at a pickup point through the ordering service and, unless told not to, pays it at once. */
export async function orderAs(
  t: TestApp,
  operatorId: string,
  residentId: string,
  pickupPointId: string,
  lines: Array<[string, number]>,
  pay = true,
): Promise<{ id: string; lineIds: string[] }> {
  const resident = residentPrincipal(operatorId, residentId);
  const order = await placeOrder(t.ctx, resident, {
    pickupPointId,
    lines: lines.map(([campaignLineId, quantity]) => ({ campaignLineId, quantity })),
  });
  if (pay) await payOrder(t.ctx, resident, order.id, 'instant');
  return { id: order.id, lineIds: order.lines.map((l) => l.id) };
}

/** Runs due jobs and delivers events until nothing is left to do. */
export async function settle(t: TestApp): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const ran = await t.ctx.jobs.tick();
    const delivered = await t.ctx.events.drain();
    if (ran === 0 && delivered === 0) return;
  }
}

/** Moves the clock past a campaign's cutoff and runs its closing and the cutoff steps after it. */
export async function passCutoff(t: TestApp, operatorId: string, campaignId: string, cutoffAt: Date): Promise<void> {
  await t.ctx.db.transaction().execute((trx) =>
    scheduleJob(trx, t.clock, {
      kind: CUTOFF_JOB,
      runAt: cutoffAt,
      operatorId,
      payload: { campaignId },
      dedupeKey: `${CUTOFF_JOB}:${campaignId}`,
    }),
  );
  if (t.clock.now() < cutoffAt) t.clock.set(cutoffAt);
  await settle(t);
  t.clock.advance(2 * MINUTE);
  await settle(t);
}
