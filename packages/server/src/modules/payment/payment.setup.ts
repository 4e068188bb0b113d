import type { AppContext } from '../../context.ts';
import { sweepNoticeNonces } from './payment.notices.ts';
import { billSweep } from './provider-bill.check.ts';
import { sendPendingRefunds } from './refund.sender.ts';

/**
 * The refund sweep (sends recorded refunds to the provider and retries those it did not settle),
 * old notification nonces dropped, and the provider's bill of yesterday checked once it is ready.
 */
export function setupPayment(ctx: AppContext): void {
  ctx.jobs.addSweep({ name: 'refund-sender', run: () => sendPendingRefunds(ctx) });
  ctx.jobs.addSweep({ name: 'payment-notice-nonces', run: () => sweepNoticeNonces(ctx) });
  ctx.jobs.addSweep({ name: 'provider-bill', run: billSweep(ctx) });
}
