import type { AppContext } from '../../context.ts';
import { sweepNoticeNonces } from './payment.notices.ts';
import { sendPendingRefunds } from './refund.sender.ts';

/** The refund sweep (sends recorded refunds to the provider and retries those it did not settle), and old notification nonces dropped. */
export function setupPayment(ctx: AppContext): void {
  ctx.jobs.addSweep({ name: 'refund-sender', run: () => sendPendingRefunds(ctx) });
  ctx.jobs.addSweep({ name: 'payment-notice-nonces', run: () => sweepNoticeNonces(ctx) });
}
