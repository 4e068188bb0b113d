import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Toast } from 'antd-mobile';
import { afterEach, describe, expect, it, vi } from 'vitest';
import Invite, { inviteUrl } from '../src/areas/shop/me/Invite.tsx';
import { logIn } from '../src/common/login.ts';
import { deviceId, rememberInvite } from '../src/common/invite.ts';
import { renderShop } from './shop-render.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

describe('the invite page', () => {
  it('shows my link as a poster with its QR code, copies it, and lists my invitees with their states', async () => {
    vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
      const url = String(input);
      if (url.startsWith('/api/v1/shop/invites/link')) {
        return json({
          code: 'abc123def456',
          path: '/shop/?invite=abc123def456',
          url: null,
          rewardPoints: 100,
          enabled: true,
          inviterName: '王阿姨',
        });
      }
      return json({
        items: [
          {
            id: 'inv_1',
            phone: '138****0001',
            registeredAt: '2026-11-20T02:00:00Z',
            firstPickedUpAt: null,
            state: 'registered',
            rewardPoints: null,
          },
          {
            id: 'inv_2',
            phone: '138****0002',
            registeredAt: '2026-11-19T02:00:00Z',
            firstPickedUpAt: '2026-11-20T02:00:00Z',
            state: 'rewarded',
            rewardPoints: 100,
            rewardCoupon: true,
          },
          {
            id: 'inv_3',
            phone: '138****0003',
            registeredAt: '2026-11-18T02:00:00Z',
            firstPickedUpAt: '2026-11-20T02:00:00Z',
            state: 'held',
            rewardPoints: null,
          },
          // Rewarded while the operator had points off: the coupon alone, or nothing.
          {
            id: 'inv_4',
            phone: '138****0004',
            registeredAt: '2026-11-17T02:00:00Z',
            firstPickedUpAt: '2026-11-20T02:00:00Z',
            state: 'rewarded',
            rewardPoints: 0,
            rewardCoupon: true,
          },
          {
            id: 'inv_5',
            phone: '138****0005',
            registeredAt: '2026-11-16T02:00:00Z',
            firstPickedUpAt: '2026-11-20T02:00:00Z',
            state: 'rewarded',
            rewardPoints: 0,
            rewardCoupon: false,
          },
        ],
        page: 1,
        pageSize: 20,
        total: 3,
        registered: 3,
        rewarded: 1,
        pointsEarned: 100,
      });
    });
    const writeText = vi.fn(async () => undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const toasts = vi.spyOn(Toast, 'show').mockImplementation(() => ({ close: () => undefined }));
    renderShop(<Invite />, '/me/invite');
    const url = `${location.origin}/shop/?invite=abc123def456`;
    await waitFor(() => expect(screen.getByTestId('invite-url').textContent).toBe(url));
    expect(screen.getByTestId('invite-poster').textContent).toContain('王阿姨 邀请你一起拼团');
    await waitFor(() => expect(screen.getByTestId('invite-poster').querySelector('img')?.getAttribute('data-qr')).toBe(url));
    await waitFor(() => expect(screen.getAllByTestId('invitee')).toHaveLength(5));
    expect(screen.getAllByTestId('invitee-state').map((e) => e.textContent)).toEqual([
      '已注册',
      '已奖励 100 积分和优惠券',
      '奖励审核中',
      '已奖励优惠券',
      '已奖励',
    ]);
    await waitFor(() => expect(screen.getByText('已邀请 3 人，获奖励 1 次，共 100 积分')).toBeTruthy());
    fireEvent.click(screen.getByTestId('invite-copy'));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(url));
    expect(toasts.mock.calls.map(([p]) => (typeof p === 'string' ? p : p.content))).toEqual(['链接已复制']);
  });

  it('prefers the public address the server knows', () => {
    expect(inviteUrl({ url: 'https://shop.example.com/shop/?invite=x', path: '/shop/?invite=x' }, 'http://localhost')).toBe(
      'https://shop.example.com/shop/?invite=x',
    );
    expect(inviteUrl({ url: null, path: '/shop/?invite=x' }, 'http://localhost')).toBe('http://localhost/shop/?invite=x');
  });
});

describe('the invite code at login', () => {
  it('keeps a well-formed code from the link until a login takes it, with the device id', async () => {
    expect(rememberInvite('?invite=NOT-A-CODE')).toBeNull();
    expect(rememberInvite('?invite=abc123def456')).toBe('abc123def456');
    expect(rememberInvite('')).toBe('abc123def456'); // back from WeChat: the address lost it, the browser kept it
    const id = deviceId();
    expect(id).toMatch(/^web-[0-9a-f]{32}$/);
    expect(deviceId()).toBe(id);
    const calls: Array<{ body: unknown; headers: Headers }> = [];
    vi.stubGlobal('fetch', async (_input: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ body: JSON.parse(String(init?.body)), headers: new Headers(init?.headers) });
      return json({
        token: 't',
        expiresAt: '2026-12-20T00:00:00Z',
        principal: { kind: 'resident', id: 'res_1', operatorId: 'opr_1', name: '', phone: '13800000009', roles: [] },
      });
    });
    await logIn('shop', 'linli-demo', '13800000009', '123456', rememberInvite(''));
    expect(calls[0]!.body).toMatchObject({ invite: 'abc123def456', as: 'resident' });
    expect(calls[0]!.headers.get('x-device-id')).toBe(id);
    expect(rememberInvite('')).toBeNull();
    await logIn('shop', 'linli-demo', '13800000009', '123456', null);
    expect(calls[1]!.body).not.toHaveProperty('invite');
    expect(calls[1]!.headers.get('x-device-id')).toBeNull();
  });
});
