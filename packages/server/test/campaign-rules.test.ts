import { describe, expect, it } from 'vitest';
import {
  type CampaignDraft,
  type StoredCampaign,
  campaignTransitions,
  canTransition,
  cutoffMove,
  draftIssues,
  editCutoffIssues,
  editIssues,
  publishedStatus,
  publishIssues,
} from '../src/modules/campaign/campaign.rules.ts';
import type { CampaignStatus } from '../src/platform/db/schema.ts';
import { localDate, localDateTime } from '../src/platform/calendar.ts';

const statuses: CampaignStatus[] = ['draft', 'scheduled', 'open', 'closed', 'cancelled'];
const TZ = 'Asia/Shanghai';
const at = (iso: string) => new Date(iso);

describe('campaign lifecycle table', () => {
  // Every (from, to) pair: the allowed ones and, as importantly, all the others.
  const allowed: Array<[CampaignStatus, CampaignStatus]> = [
    ['draft', 'scheduled'],
    ['draft', 'open'],
    ['draft', 'cancelled'],
    ['scheduled', 'open'],
    ['scheduled', 'draft'],
    ['scheduled', 'cancelled'],
    ['open', 'closed'],
    ['open', 'cancelled'],
  ];
  const pairs = statuses.flatMap((from) => statuses.map((to) => [from, to] as const));
  it.each(pairs)('%s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(allowed.some(([f, t]) => f === from && t === to));
  });

  it('has final states with no way out', () => {
    expect(campaignTransitions.closed).toEqual([]);
    expect(campaignTransitions.cancelled).toEqual([]);
  });

  it.each([
    ['2026-11-20T03:00:00Z', 'scheduled'],
    ['2026-11-20T02:00:00.001Z', 'scheduled'],
    ['2026-11-20T02:00:00Z', 'open'],
    ['2026-11-19T02:00:00Z', 'open'],
  ] as const)('publishing with opening at %s (now 02:00Z) makes it %s', (opensAt, status) => {
    expect(publishedStatus(at('2026-11-20T02:00:00Z'), at(opensAt))).toBe(status);
  });

  it('refuses to publish after the cutoff', () => {
    expect(publishIssues(at('2026-11-20T02:00:00Z'), at('2026-11-20T02:00:00Z')).map((i) => i.code)).toEqual(['cutoff_in_past']);
    expect(publishIssues(at('2026-11-20T02:00:01Z'), at('2026-11-20T02:00:00Z'))).toEqual([]);
  });
});

describe('business dates in the operator time zone', () => {
  it.each([
    ['2026-11-20T15:59:59Z', 'Asia/Shanghai', '2026-11-20'],
    ['2026-11-20T16:00:00Z', 'Asia/Shanghai', '2026-11-21'],
    ['2026-11-20T16:00:00Z', 'UTC', '2026-11-20'],
    ['2026-11-21T03:00:00Z', 'America/New_York', '2026-11-20'],
  ])('%s in %s is %s', (instant, tz, date) => {
    expect(localDate(at(instant), tz)).toBe(date);
  });

  it.each([
    ['2026-11-20T06:05:00Z', 'Asia/Shanghai', '2026-11-20 14:05'],
    ['2026-11-20T16:00:00Z', 'Asia/Shanghai', '2026-11-21 00:00'],
    ['2026-11-20T23:59:00Z', 'UTC', '2026-11-20 23:59'],
  ])('%s in %s reads %s', (instant, tz, text) => {
    expect(localDateTime(at(instant), tz)).toBe(text);
  });
});

const draft = (over: Partial<CampaignDraft> = {}): CampaignDraft => ({
  title: '冰糖橙',
  description: '',
  opensAt: at('2026-11-20T02:00:00Z'),
  cutoffAt: at('2026-11-20T14:00:00Z'),
  pickupDate: '2026-11-21',
  minTotalQuantity: 0,
  leaderScope: 'all',
  lines: [{ skuId: 'sku_a', groupPriceFen: 990, stockTotal: 100, perResidentLimit: null }],
  ...over,
});

describe('draft rules', () => {
  it('accepts a sound draft', () => {
    expect(draftIssues(draft(), TZ)).toEqual([]);
  });

  it.each([
    ['cutoff at the opening', { cutoffAt: at('2026-11-20T02:00:00Z') }, 'cutoff_not_after_opening'],
    ['cutoff before the opening', { cutoffAt: at('2026-11-20T01:00:00Z') }, 'cutoff_not_after_opening'],
    // 16:30Z is already the 21st in Shanghai, though still the 20th in UTC.
    ['pickup before the cutoff day (local)', { cutoffAt: at('2026-11-20T16:30:00Z'), pickupDate: '2026-11-20' }, 'pickup_before_cutoff'],
    ['no lines', { lines: [] }, 'no_lines'],
    ['an empty leader list', { leaderScope: [] }, 'no_leaders'],
    ['a zero price', { lines: [{ skuId: 'a', groupPriceFen: 0, stockTotal: null, perResidentLimit: null }] }, 'price_not_positive'],
    ['a fractional price', { lines: [{ skuId: 'a', groupPriceFen: 9.5, stockTotal: null, perResidentLimit: null }] }, 'price_not_positive'],
    ['negative stock', { lines: [{ skuId: 'a', groupPriceFen: 1, stockTotal: -1, perResidentLimit: null }] }, 'stock_negative'],
    ['a zero limit', { lines: [{ skuId: 'a', groupPriceFen: 1, stockTotal: null, perResidentLimit: 0 }] }, 'limit_not_positive'],
    [
      'a SKU twice',
      {
        lines: [
          { skuId: 'a', groupPriceFen: 1, stockTotal: null, perResidentLimit: null },
          { skuId: 'a', groupPriceFen: 2, stockTotal: null, perResidentLimit: null },
        ],
      },
      'sku_repeated',
    ],
  ] as const)('refuses %s', (_, over, code) => {
    expect(draftIssues(draft(over as Partial<CampaignDraft>), TZ).map((i) => i.code)).toEqual([code]);
  });

  it('allows pickup on the cutoff day itself', () => {
    expect(draftIssues(draft({ cutoffAt: at('2026-11-21T03:00:00Z'), pickupDate: '2026-11-21' }), TZ)).toEqual([]);
  });
});

const stored = (status: CampaignStatus): StoredCampaign => ({
  ...draft({ leaderScope: ['ldr_a', 'ldr_b'] }),
  status,
  lines: [
    { skuId: 'sku_a', groupPriceFen: 990, stockTotal: 100, perResidentLimit: 5, reserved: 40 },
    { skuId: 'sku_b', groupPriceFen: 1290, stockTotal: null, perResidentLimit: null, reserved: 7 },
  ],
});
const now = at('2026-11-20T05:00:00Z');
const sameLines = () => stored('open').lines.map(({ reserved: _, ...l }) => l);
const codes = (status: CampaignStatus, patch: Parameters<typeof editIssues>[1]) => editIssues(stored(status), patch).map((i) => i.code);

describe('edit rules: which fields may change in which state', () => {
  const everything = {
    title: 'x',
    description: 'y',
    opensAt: at('2026-11-20T06:00:00Z'),
    cutoffAt: at('2026-11-20T08:00:00Z'),
    pickupDate: '2026-11-25',
    minTotalQuantity: 50,
    leaderScope: ['ldr_c'],
    lines: [{ skuId: 'sku_z', groupPriceFen: 1, stockTotal: 1, perResidentLimit: 1 }],
  };
  it.each(['draft', 'scheduled'] as const)('%s: anything', (status) => {
    expect(codes(status, everything)).toEqual([]);
  });
  it.each(['closed', 'cancelled'] as const)('%s: nothing, not even the title', (status) => {
    expect(codes(status, { title: 'x' })).toEqual(['campaign_final']);
    expect(codes(status, {})).toEqual(['campaign_final']);
  });

  it.each([
    ['title and description', { title: 'new', description: 'new' }, []],
    ['a later cutoff', { cutoffAt: at('2026-11-21T00:00:00Z') }, []],
    ['the same cutoff', { cutoffAt: at('2026-11-20T14:00:00Z') }, []],
    ['an earlier cutoff', { cutoffAt: at('2026-11-20T13:00:00Z') }, []],
    ['the opening time', { opensAt: at('2026-11-20T03:00:00Z') }, ['field_locked_while_open']],
    ['the same opening time', { opensAt: at('2026-11-20T02:00:00Z') }, []],
    ['the pickup date', { pickupDate: '2026-11-22' }, ['field_locked_while_open']],
    ['the minimum to succeed', { minTotalQuantity: 10 }, ['field_locked_while_open']],
    ['one more leader', { leaderScope: ['ldr_a', 'ldr_b', 'ldr_c'] }, []],
    ['all leaders', { leaderScope: 'all' as const }, []],
    ['one leader fewer', { leaderScope: ['ldr_a'] }, ['leaders_removed']],
    ['the same lines', { lines: sameLines() }, []],
    ['more stock', { lines: sameLines().map((l) => ({ ...l, stockTotal: l.stockTotal === null ? null : 150 })) }, []],
    ['unlimited stock', { lines: sameLines().map((l) => ({ ...l, stockTotal: null })) }, []],
    ['less stock', { lines: sameLines().map((l) => ({ ...l, stockTotal: l.stockTotal === null ? null : 60 })) }, ['stock_lowered']],
    ['a limit on unlimited stock', { lines: sameLines().map((l) => ({ ...l, stockTotal: 500 })) }, ['stock_lowered']],
    ['a price', { lines: sameLines().map((l, i) => (i === 0 ? { ...l, groupPriceFen: 890 } : l)) }, ['field_locked_while_open']],
    [
      'a limit per resident',
      { lines: sameLines().map((l, i) => (i === 0 ? { ...l, perResidentLimit: 9 } : l)) },
      ['field_locked_while_open'],
    ],
    ['a line dropped', { lines: sameLines().slice(0, 1) }, ['lines_changed_while_open']],
    [
      'a line added',
      { lines: [...sameLines(), { skuId: 'sku_c', groupPriceFen: 1, stockTotal: 1, perResidentLimit: null }] },
      ['lines_changed_while_open'],
    ],
  ] as const)('open: %s → %j', (_, patch, expected) => {
    expect(codes('open', patch as Parameters<typeof editIssues>[1])).toEqual(expected);
  });
});

describe('cutoff rules of an edit (now 05:00Z, cutoff 14:00Z)', () => {
  const cutoffCodes = (status: CampaignStatus, cutoffAt: Date | undefined, current = stored(status)) =>
    editCutoffIssues(current, cutoffAt ? { cutoffAt } : { title: 'x' }, now).map((i) => i.code);
  it.each([
    ['open', 'later', at('2026-11-21T00:00:00Z'), []],
    ['open', 'earlier, still ahead', at('2026-11-20T05:00:01Z'), []],
    ['open', 'earlier, to now', at('2026-11-20T05:00:00Z'), ['cutoff_in_past']],
    ['open', 'earlier, into the past', at('2026-11-20T04:00:00Z'), ['cutoff_in_past']],
    ['open', 'not moved', undefined, []],
    ['scheduled', 'earlier, still ahead', at('2026-11-20T06:00:00Z'), []],
    ['scheduled', 'into the past', at('2026-11-20T04:00:00Z'), ['cutoff_in_past']],
    ['draft', 'into the past (checked at publishing)', at('2026-11-20T04:00:00Z'), []],
  ] as const)('%s, cutoff %s → %j', (status, _, cutoffAt, expected) => {
    expect(cutoffCodes(status, cutoffAt)).toEqual(expected);
  });

  it('open: a later cutoff that has already passed is refused; an unmoved past one is not re-checked', () => {
    const late = { ...stored('open'), cutoffAt: at('2026-11-20T04:00:00Z') };
    expect(cutoffCodes('open', at('2026-11-20T04:30:00Z'), late)).toEqual(['cutoff_in_past']);
    expect(cutoffCodes('open', at('2026-11-20T04:00:00Z'), late)).toEqual([]);
    expect(cutoffCodes('scheduled', undefined, { ...late, status: 'scheduled' })).toEqual(['cutoff_in_past']);
  });

  it.each([
    [at('2026-11-20T13:00:00Z'), 'earlier'],
    [at('2026-11-20T15:00:00Z'), 'later'],
    [at('2026-11-20T14:00:00Z'), 'none'],
    [undefined, 'none'],
  ] as const)('a cutoff of %s moves %s', (cutoffAt, direction) => {
    expect(cutoffMove(stored('open'), cutoffAt ? { cutoffAt } : {})).toBe(direction);
  });
});
