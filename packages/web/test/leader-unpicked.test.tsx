import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Toast } from 'antd-mobile';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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
    expect(screen.getByTestId('remind-pickup').textContent).toBe('再次提醒取货');
    await new Promise((r) => setTimeout(r, 20));
    expect(requests).toEqual([]);
  });

  it('has nothing to dispose of once returned, and says when the resident gave no name', () => {
    renderLeader(<UnpickedRow item={unpicked({ status: 'returned', rule: 'return_to_warehouse', residentName: '' })} />);
    expect(screen.queryByTestId('unpicked-dispose')).toBeNull();
    // The goods are gone: nothing to remind the resident of.
    expect(screen.queryByTestId('remind-pickup')).toBeNull();
    expect(screen.getByTestId('unpicked-resident').textContent).toBe('未填姓名 139****5678');
  });
});

describe("the leader's reminder", () => {
  it('asks the server to remind the resident of the order, and says the server refused', async () => {
    const posts: string[] = [];
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      posts.push(`${init?.method} ${String(input)}`);
      const limited = posts.length > 1;
      return new Response(
        JSON.stringify(
          limited ? { code: 'RATE_LIMITED', message: 'a moment ago', details: { retryAfterSeconds: 600 } } : { noticeId: 'ntc_1' },
        ),
        { status: limited ? 429 : 202, headers: { 'content-type': 'application/json' } },
      );
    }) as typeof fetch;
    const toasts = vi.spyOn(Toast, 'show').mockImplementation(() => ({ close: () => undefined }));
    const said = () => toasts.mock.calls.map(([props]) => (typeof props === 'string' ? props : String(props.content)));
    renderLeader(<UnpickedRow item={unpicked({ status: 'to_return', rule: 'return_to_warehouse' })} />);
    fireEvent.click(screen.getByTestId('remind-pickup'));
    await waitFor(() => expect(said()).toEqual(['已提醒，团员将收到微信或短信（免打扰时段结束后发出）']));
    fireEvent.click(screen.getByTestId('remind-pickup'));
    await waitFor(() => expect(said()[1]).toContain('操作太频繁'));
    toasts.mockRestore();
    expect(posts.every((p) => p.startsWith('POST ') && p.endsWith('/api/v1/leader/orders/ord_1/reminders'))).toBe(true);
  });
});
