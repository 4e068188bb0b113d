import type { AppContext } from '../../context.ts';
import { payOutApproved } from './withdrawal.service.ts';

/** Approved withdrawals whose payout has no outcome yet (a crash after approval, a provider still processing) are sent again. */
export function setupSettlement(ctx: AppContext): void {
  ctx.jobs.addSweep({ name: 'withdrawal-payouts', run: () => payOutApproved(ctx) });
}
