import type { AppContext } from '../../context.ts';
import { sendDueNotices } from './notices.sender.ts';

/** The sender sweep delivers queued notices by WeChat or SMS. */
export function setupNotices(ctx: AppContext): void {
  ctx.jobs.addSweep({ name: 'notice-sender', run: () => sendDueNotices(ctx) });
}
