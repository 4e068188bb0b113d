import type { AppContext } from '../../context.ts';
import { setReselling } from '../campaign/index.ts';
import { forgetCampaignLines } from '../ordering/index.ts';

/**
 * A leader opts in to resell a help-sell campaign, or out (campaign's rules); this process's
 * checkout forgets the campaign lines it kept, so the change holds for the next order here (other
 * processes see it within their short cache's life).
 */
export async function resell(ctx: AppContext, operatorId: string, campaignId: string, leaderId: string, on: boolean): Promise<void> {
  await setReselling(ctx.db, ctx.clock.now(), operatorId, campaignId, leaderId, on);
  forgetCampaignLines();
}
