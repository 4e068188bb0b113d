import { screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Unpicked } from '../src/areas/leader/api.ts';
import { UnpickedRow, unpickedLines } from '../src/areas/leader/unpicked/UnpickedPage.tsx';
import { renderLeader } from './leader-render.tsx';

const unpicked = (over: Partial<Unpicked> = {}): Unpicked => ({
  orderId: 'ord_1',
  pickupPointId: 'pp_1',
  leaderId: 'ldr_1',
  pickupDate: '2026-11-21',
  rule: 'leader_disposal',
  status: 'to_dispose',
  residentName: '李阿姨',
  residentPhone: '139****5678',
  lines: [
    { orderLineId: 'ol_1', title: '麻阳冰糖橙 5斤', quantity: 2 },
    { orderLineId: 'ol_2', title: '土鸡蛋 30枚', quantity: 1 },
  ],
  refundId: null,
  recordedAt: '2026-11-24T00:00:00+08:00',
  closedAt: null,
  ...over,
});

// The row must need no request of its own: any request made while it renders is recorded.
const requests: string[] = [];
const realFetch = globalThis.fetch;
beforeEach(() => {
  requests.length = 0;
  globalThis.fetch = (async (input: RequestInfo | URL) => {
    requests.push(String(input));
    throw new Error('no request expected');
  }) as typeof fetch;
});
afterEach(() => {
  globalThis.fetch = realFetch;
});

describe('an unpicked order', () => {
  it('names each line left behind with its quantity', () => {
    expect(unpickedLines(unpicked())).toBe('麻阳冰糖橙 5斤×2、土鸡蛋 30枚×1');
    expect(unpickedLines(unpicked({ lines: [] }))).toBe('');
  });

  it('shows whose it was and what was left from the record alone, with no request per row', async () => {
    renderLeader(<UnpickedRow item={unpicked()} />);
    expect(screen.getByTestId('unpicked-resident').textContent).toBe('李阿姨 139****5678');
    expect(screen.getByTestId('unpicked-lines').textContent).toBe('麻阳冰糖橙 5斤×2、土鸡蛋 30枚×1');
    expect(screen.getByTestId('unpicked-item').textContent).toContain('11-21 提货 · 共 3 件');
    expect(screen.getByTestId('unpicked-dispose')).toBeTruthy();
    await new Promise((r) => setTimeout(r, 20));
    expect(requests).toEqual([]);
  });

  it('has nothing to dispose of once returned, and says when the resident gave no name', () => {
    renderLeader(<UnpickedRow item={unpicked({ status: 'returned', rule: 'return_to_warehouse', residentName: '' })} />);
    expect(screen.queryByTestId('unpicked-dispose')).toBeNull();
    expect(screen.getByTestId('unpicked-resident').textContent).toBe('未填姓名 139****5678');
  });
});
