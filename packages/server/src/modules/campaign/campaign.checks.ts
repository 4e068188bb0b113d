import type { Executor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { describeSkus } from '../catalog/index.ts';
import { existingLeaderIds } from '../leader/index.ts';
import { type CampaignDraft, type Issue, draftIssues } from './campaign.rules.ts';
import { operatorTimeZone } from '../identity/index.ts';

/** Refuses bad input with every broken rule at once, in the shape of a request validation error. */
export function refuse(code: 'VALIDATION_FAILED' | 'INVALID_STATE', message: string, issues: Issue[]): never {
  throw new AppError(code, `${message}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, {
    issues: issues.map((i) => ({ ...i, path: `body.${i.path}` })),
  });
}

/**
 * Every rule a campaign must keep to be published: the pure ones, and that its SKUs are the
 * operator's and on sale and its leaders are the operator's. `checkSkus` is off for an open
 * campaign, whose SKUs cannot change (a SKU withdrawn since must not block adding stock).
 */
export async function campaignIssues(db: Executor, operatorId: string, draft: CampaignDraft, checkSkus = true): Promise<Issue[]> {
  const issues = draftIssues(draft, await operatorTimeZone(db, operatorId));
  if (checkSkus) {
    const skus = await describeSkus(
      db,
      operatorId,
      draft.lines.map((l) => l.skuId),
    );
    draft.lines.forEach((line, i) => {
      const sku = skus.get(line.skuId);
      if (!sku) issues.push({ path: `lines.${i}.skuId`, code: 'sku_not_found', message: `no SKU ${line.skuId}` });
      else if (!sku.active) issues.push({ path: `lines.${i}.skuId`, code: 'sku_inactive', message: `SKU ${line.skuId} is not on sale` });
    });
  }
  if (draft.leaderScope !== 'all') {
    const known = await existingLeaderIds(db, operatorId, draft.leaderScope);
    draft.leaderScope.forEach((id, i) => {
      if (!known.has(id)) issues.push({ path: `leaderScope.${i}`, code: 'leader_not_found', message: `no leader ${id}` });
    });
  }
  return issues;
}
