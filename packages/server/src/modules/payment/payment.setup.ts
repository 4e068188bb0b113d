import type { AppContext } from '../../context.ts';
import { sendPendingRefunds } from './refund.sender.ts';

/** The refund sweep: sends recorded refunds to the provider and retries those it did not settle. */
export function setupPayment(ctx: AppContext): void {
  ctx.jobs.addSweep({ name: 'refund-sender', run: () => sendPendingRefunds(ctx) });
}
