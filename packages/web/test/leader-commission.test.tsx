import { describe, expect, it } from 'vitest';
import type { StatementLine } from '../src/areas/leader/api.ts';
import { periodRange } from '../src/areas/leader/commission/period.ts';
import { loadedLines, minus, statementRows } from '../src/areas/leader/commission/rows.ts';
import { frequency } from '../src/areas/leader/members/frequency.ts';
import { yuan } from '../src/common/format.ts';

const line = (entryId: string, kind: string, account: string, amountFen: number, occurredAt: string): StatementLine => ({
  entryId,
  kind,
  account,
  amountFen,
  occurredAt,
  documentType: 'order',
  documentId: 'ord_1',
  memo: '',
  meta: {},
});

describe('commission statement rows', () => {
  it('shows a release or a withdrawal as one move between balances, newest first', () => {
    const rows = statementRows([
      line('e1', 'commission_accrual', 'commission_pending', 499, '2026-11-22T10:00:00+08:00'),
      line('e2', 'commission_clawback', 'commission_pending', -120, '2026-11-22T12:00:00+08:00'),
      line('e3', 'commission_release', 'commission_pending', -379, '2026-11-26T12:00:00+08:00'),
      line('e3', 'commission_release', 'commission_available', 379, '2026-11-26T12:00:00+08:00'),
      line('e4', 'withdrawal_requested', 'commission_available', -300, '2026-11-27T09:00:00+08:00'),
      line('e4', 'withdrawal_requested', 'commission_withdrawing', 300, '2026-11-27T09:00:00+08:00'),
    ]);
    expect(rows.map((r) => [r.kind, r.move ? `${r.move.from}>${r.move.to}` : r.account, r.amountFen])).toEqual([
      ['withdrawal_requested', 'commission_available>commission_withdrawing', 300],
      ['commission_release', 'commission_pending>commission_available', 379],
      ['commission_clawback', 'commission_pending', -120],
      ['commission_accrual', 'commission_pending', 499],
    ]);
  });

  it('keeps the lines of an entry apart when they are not one amount moved', () => {
    const rows = statementRows([
      line('e5', 'blame_charge', 'commission_available', -200, '2026-11-26T12:00:00+08:00'),
      line('e5', 'blame_charge', 'commission_pending', -100, '2026-11-26T12:00:00+08:00'),
    ]);
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.key)).size).toBe(2);
  });

  it('holds back the last entry of the pages loaded while more remain, and shows each line once', () => {
    const page1 = [
      line('e9', 'commission_accrual', 'commission_pending', 100, '2026-11-22T12:00:00+08:00'),
      line('e8', 'commission_release', 'commission_available', 379, '2026-11-22T11:00:00+08:00'),
      line('e8', 'commission_release', 'commission_pending', -379, '2026-11-22T11:00:00+08:00'),
    ];
    expect(loadedLines([page1], true).map((l) => l.entryId)).toEqual(['e9']);
    expect(loadedLines([page1], false)).toHaveLength(3);
    const page2 = [page1[2]!, line('e7', 'commission_accrual', 'commission_pending', 50, '2026-11-22T10:00:00+08:00')];
    expect(loadedLines([page1, page2], false).map((l) => `${l.entryId}:${l.account}`)).toEqual([
      'e9:commission_pending',
      'e8:commission_available',
      'e8:commission_pending',
      'e7:commission_pending',
    ]);
    expect(loadedLines([page1.slice(1)], true)).toHaveLength(2);
    expect(loadedLines([], true)).toEqual([]);
  });

  it('writes amounts taken off with a minus, but not for nothing', () => {
    expect(minus(yuan, 2612)).toBe('-¥26.12');
    expect(minus(yuan, 0)).toBe('¥0.00');
  });
});

describe('statement periods', () => {
  it('names business days, both ends included', () => {
    expect(periodRange('month', '2026-11-22')).toEqual({ from: '2026-11-01', to: '2026-11-22' });
    expect(periodRange('lastMonth', '2026-03-31')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(periodRange('week', '2026-11-22')).toEqual({ from: '2026-11-16', to: '2026-11-22' });
    expect(periodRange('all', '2026-11-22')).toEqual({});
  });
});

describe('member purchase frequency', () => {
  const now = Date.parse('2026-11-22T12:00:00+08:00');
  const ago = (days: number) => new Date(now - days * 86_400_000).toISOString();
  it('tells frequent, active, lapsing and lapsed members apart', () => {
    expect(frequency({ ordersLast30Days: 5, lastOrderAt: ago(1) }, now)).toBe('frequent');
    expect(frequency({ ordersLast30Days: 1, lastOrderAt: ago(3) }, now)).toBe('regular');
    expect(frequency({ ordersLast30Days: 1, lastOrderAt: ago(20) }, now)).toBe('lapsing');
    expect(frequency({ ordersLast30Days: 0, lastOrderAt: ago(45) }, now)).toBe('lapsed');
  });
});
