import { describe, expect, it } from 'vitest';
import {
  agreedSplit,
  campaignInput,
  decisionNotice,
  foreignSkuIssues,
  proposalTransitions,
} from '../src/modules/help-sell/proposal.rules.ts';
import { allows } from '../src/platform/state-machine.ts';

describe('a proposal is decided once', () => {
  const statuses = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
  it.each([
    ['pending', 'approved', true],
    ['pending', 'rejected', true],
    ['pending', 'withdrawn', true],
    ['approved', 'approved', false],
    ['approved', 'rejected', false],
    ['withdrawn', 'approved', false],
    ['rejected', 'approved', false],
    ['withdrawn', 'withdrawn', false],
  ] as const)('%s → %s: %s', (from, to, ok) => {
    expect(allows(proposalTransitions, from, to)).toBe(ok);
  });
  it('approved, rejected and withdrawn are final', () => {
    expect(statuses.filter((s) => proposalTransitions[s].length === 0)).toEqual(['approved', 'rejected', 'withdrawn']);
  });
});

describe('the agreed split', () => {
  it.each([
    ['nothing changed', {}, { sellerBp: 1200, publisherBp: 800 }],
    ['the seller share changed', { sellerBp: 1000 }, { sellerBp: 1000, publisherBp: 800 }],
    ['both changed', { sellerBp: 0, publisherBp: 0 }, { sellerBp: 0, publisherBp: 0 }],
  ])('%s', (_name, given, agreed) => {
    expect(agreedSplit({ sellerBp: 1200, publisherBp: 800 }, given)).toEqual(agreed);
  });
});

describe("a supplier's own SKUs", () => {
  const owners = new Map([
    ['sku_a', 'sup_1'],
    ['sku_b', 'sup_2'],
  ]);
  const lines = [{ skuId: 'sku_a' }, { skuId: 'sku_b' }, { skuId: 'sku_unknown' }];
  it.each([
    ['a leader may propose any SKU', { kind: 'leader', id: 'ldr_1' }, []],
    ['a supplier only its own (an unknown SKU is the campaign checks’)', { kind: 'supplier', id: 'sup_1' }, ['lines.1.skuId']],
    ['the other supplier likewise', { kind: 'supplier', id: 'sup_2' }, ['lines.0.skuId']],
  ] as const)('%s', (_name, proposer, paths) => {
    const issues = foreignSkuIssues(proposer, lines, owners);
    expect(issues.map((i) => i.path)).toEqual(paths);
    expect(issues.every((i) => i.code === 'sku_not_yours')).toBe(true);
  });
});

describe('the campaign a proposal becomes', () => {
  it('sells through every leader with no minimum, the note its description', () => {
    const lines = [{ skuId: 'sku_a', groupPriceFen: 990, stockTotal: null, perResidentLimit: 2 }];
    expect(
      campaignInput({
        title: '帮卖',
        note: '说明',
        opensAt: '2026-11-20T03:00:00.000Z',
        cutoffAt: '2026-11-22T03:00:00.000Z',
        pickupDate: '2026-11-23',
        lines,
      }),
    ).toEqual({
      title: '帮卖',
      description: '说明',
      opensAt: '2026-11-20T03:00:00.000Z',
      cutoffAt: '2026-11-22T03:00:00.000Z',
      pickupDate: '2026-11-23',
      minTotalQuantity: 0,
      leaderScope: 'all',
      lines,
    });
  });
});

describe('what the proposer is told', () => {
  it.each([
    [
      'approved as a draft',
      { status: 'approved', title: '橙子', split: { sellerBp: 1250, publisherBp: 500 }, published: false },
      '帮卖申请已通过',
      '您发起的帮卖「橙子」已通过，活动已创建，待运营发布。分成：帮卖团长 12.5%，发布方 5%。',
    ],
    [
      'approved and published',
      { status: 'approved', title: '橙子', split: { sellerBp: 1000, publisherBp: 0 }, published: true },
      '帮卖申请已通过',
      '您发起的帮卖「橙子」已通过，活动已发布。分成：帮卖团长 10%，发布方 0%。',
    ],
    [
      'rejected',
      { status: 'rejected', title: '橙子', reason: '价格偏高' },
      '帮卖申请未通过',
      '您发起的帮卖「橙子」未通过：价格偏高。可修改后重新发起。',
    ],
  ] as const)('%s', (_name, decision, title, body) => {
    expect(decisionNotice(decision)).toEqual({ title, body });
  });
});
