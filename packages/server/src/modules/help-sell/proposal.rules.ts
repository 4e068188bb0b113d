import type { admin } from '@linli/contracts';
import type { HelpSellProposalStatus, HelpSellPublisherKind } from '../../platform/db/schema.help-sell.ts';
import { assertAllowed, type Transitions } from '../../platform/state-machine.ts';
import type { CampaignIssue, HelpSellSplit } from '../campaign/index.ts';

/**
 * 帮卖 proposals, the pure rules: a pending proposal is decided once (approved into a campaign, or
 * rejected with a reason) or withdrawn by its proposer; approved, rejected and withdrawn are final.
 */
export const proposalTransitions: Transitions<HelpSellProposalStatus> = {
  pending: ['approved', 'rejected', 'withdrawn'],
  approved: [],
  rejected: [],
  withdrawn: [],
};

/** Throws INVALID_STATE unless a proposal may move from `from` to `to`. */
export const assertProposalTransition = (from: HelpSellProposalStatus, to: HelpSellProposalStatus): void =>
  assertAllowed(proposalTransitions, 'a help-sell proposal', from, to);

/** How many of their own proposals a proposer sees (newest first). */
export const MY_PROPOSALS_SHOWN = 50;

/** The split staff approve: each share they give, else the one proposed. */
export function agreedSplit(proposed: HelpSellSplit, given: Partial<HelpSellSplit>): HelpSellSplit {
  return { sellerBp: given.sellerBp ?? proposed.sellerBp, publisherBp: given.publisherBp ?? proposed.publisherBp };
}

/**
 * A supplier proposes only its own SKUs: each line whose SKU is another supplier's is an issue
 * (an unknown SKU is left to the campaign's own checks, which name it `sku_not_found`).
 */
export function foreignSkuIssues(
  proposer: { kind: HelpSellPublisherKind; id: string },
  lines: readonly { skuId: string }[],
  supplierOf: ReadonlyMap<string, string>,
): CampaignIssue[] {
  if (proposer.kind !== 'supplier') return [];
  const issues: CampaignIssue[] = [];
  lines.forEach((line, i) => {
    const owner = supplierOf.get(line.skuId);
    if (owner !== undefined && owner !== proposer.id)
      issues.push({ path: `lines.${i}.skuId`, code: 'sku_not_yours', message: `SKU ${line.skuId} is another supplier's` });
  });
  return issues;
}

/** What a proposal is, as the campaign staff create from it: sold through every leader, no minimum. */
export interface ProposalTerms {
  title: string;
  note: string;
  opensAt: string;
  cutoffAt: string;
  pickupDate: string;
  lines: admin.CampaignLineInput[];
}

export function campaignInput(p: ProposalTerms): admin.CreateCampaign {
  return {
    title: p.title,
    description: p.note,
    opensAt: p.opensAt,
    cutoffAt: p.cutoffAt,
    pickupDate: p.pickupDate,
    minTotalQuantity: 0,
    leaderScope: 'all',
    lines: p.lines,
  };
}

const pct = (bp: number) => `${bp / 100}%`;

/** What the proposer is told when staff decide. */
export function decisionNotice(
  d:
    | { status: 'approved'; title: string; split: HelpSellSplit; published: boolean }
    | { status: 'rejected'; title: string; reason: string },
): { title: string; body: string } {
  if (d.status === 'rejected')
    return { title: '帮卖申请未通过', body: `您发起的帮卖「${d.title}」未通过：${d.reason}。可修改后重新发起。` };
  const when = d.published ? '活动已发布' : '活动已创建，待运营发布';
  return {
    title: '帮卖申请已通过',
    body: `您发起的帮卖「${d.title}」已通过，${when}。分成：帮卖团长 ${pct(d.split.sellerBp)}，发布方 ${pct(d.split.publisherBp)}。`,
  };
}
