import type { AppContext } from '../../context.ts';
import { leadersOnProbation } from '../leader-performance/index.ts';
import { completeDueTransfers, type ExcludedLeaders } from './leader-transfer.service.ts';

/** The leaders whose points take no members from a transfer: leader-performance's leaders on probation. */
export const excludedLeaders: ExcludedLeaders = leadersOnProbation;

/** The sweep completes confirmed transfers as their last orders are handed out and their commission is released. */
export function setupLeaderTransfer(ctx: AppContext): void {
  ctx.jobs.addSweep({ name: 'leader-transfer-completion', run: () => completeDueTransfers(ctx) });
}
