import { ledger } from '@linli/contracts';
import { describe, expect, it } from 'vitest';
import { bpToPercent, canReverse, daysIn, marginText, PNL_MAX_DAYS, percentToBp, pnlPeriod } from '../src/areas/admin/finance/money.ts';

describe('finance money logic', () => {
  it('takes the period from the link: real dates, in order, at most 92 days, else the last 7 days', () => {
    const today = '2026-11-23';
    expect(pnlPeriod('2026-11-01', '2026-11-22', today)).toEqual(['2026-11-01', '2026-11-22']);
    expect(pnlPeriod('2026-11-22', '2026-11-22', today)).toEqual(['2026-11-22', '2026-11-22']);
    expect(pnlPeriod(null, '2026-11-22', today)).toEqual(['2026-11-17', '2026-11-23']);
    expect(pnlPeriod('2026-11-22', '2026-11-01', today)).toEqual(['2026-11-17', '2026-11-23']);
    expect(pnlPeriod('2026-02-30', '2026-03-02', today)).toEqual(['2026-11-17', '2026-11-23']);
    expect(pnlPeriod('2026-11-1', '2026-11-22', today)).toEqual(['2026-11-17', '2026-11-23']);
    // A longer period keeps its last 92 days; the quarter itself is allowed.
    expect(pnlPeriod('2026-01-01', '2026-12-31', today)).toEqual(['2026-10-01', '2026-12-31']);
    expect(daysIn('2026-10-01', '2026-12-31')).toBe(PNL_MAX_DAYS);
    expect(pnlPeriod('2026-09-01', '2026-12-01', today)).toEqual(['2026-09-01', '2026-12-01']);
    expect(daysIn('2026-11-29', '2026-12-02')).toBe(4);
    expect(daysIn('2026-11-23', '2026-11-22')).toBe(0);
  });

  it('reads the margin as a share of net revenue, none without revenue', () => {
    expect(marginText({ grossMarginFen: 310, netRevenueFen: 1000 })).toBe('31.0%');
    expect(marginText({ grossMarginFen: -50, netRevenueFen: 0 })).toBe('—');
  });

  it('converts rates between % and basis points without float noise', () => {
    expect(percentToBp(10)).toBe(1000);
    expect(percentToBp(12.35)).toBe(1235);
    expect(percentToBp(0.1 + 0.2)).toBe(30);
    expect(bpToPercent(1235)).toBe(12.35);
  });

  it('offers a reversal only for an entry neither reversing nor reversed', () => {
    const entry = (id: string, reverses: string | null) =>
      ledger.Entry.parse({
        id,
        kind: 'blame_charge',
        documentType: 'refund',
        documentId: 'rfd_1',
        memo: '',
        meta: {},
        occurredAt: '2026-11-23T05:30:00.000Z',
        recordedAt: '2026-11-23T05:30:00.000Z',
        reversesEntryId: reverses,
        postings: [],
      });
    const a = entry('jre_a', null);
    const b = entry('jre_b', null);
    const reversal = entry('jre_r', 'jre_a');
    const all = [a, b, reversal];
    expect(canReverse(a, all)).toBe(false);
    expect(canReverse(reversal, all)).toBe(false);
    expect(canReverse(b, all)).toBe(true);
  });
});
