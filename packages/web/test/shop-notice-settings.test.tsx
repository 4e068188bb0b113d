import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Toast } from 'antd-mobile';
import { afterEach, describe, expect, it, vi } from 'vitest';
import NoticeSettings from '../src/areas/shop/me/NoticeSettings.tsx';
import { renderShop } from './shop-render.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('notification settings', () => {
  it('shows my wishes and saves a change as the whole set', async () => {
    const calls: Array<{ method: string; url: string; body: unknown }> = [];
    let saved = { sms: true, wechat: true, quietHours: true, quietStart: '21:00', quietEnd: '08:00' };
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      calls.push({ method: init?.method ?? 'GET', url: String(input), body });
      if (init?.method === 'PUT') saved = body;
      return new Response(JSON.stringify(saved), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    // antd-mobile renders toasts in a root of its own that outlives the test: only what they say is checked.
    const toasts = vi.spyOn(Toast, 'show').mockImplementation(() => ({ close: () => undefined }));
    renderShop(<NoticeSettings />, '/me/notices');
    await waitFor(() => expect(screen.getByTestId('notice-quiet-start')).toBeTruthy());
    expect((screen.getByTestId('notice-quiet-start') as HTMLInputElement).value).toBe('21:00');
    fireEvent.click(screen.getByTestId('notice-sms'));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')).toEqual({
      method: 'PUT',
      url: '/api/v1/shop/notice-preferences',
      body: { sms: false, wechat: true, quietHours: true, quietStart: '21:00', quietEnd: '08:00' },
    });
    fireEvent.click(screen.getByTestId('notice-quiet'));
    await waitFor(() => expect(screen.queryByTestId('notice-quiet-start')).toBeNull());
    expect(calls.at(-1)?.body).toMatchObject({ sms: false, quietHours: false });
    expect(toasts.mock.calls.map(([p]) => (typeof p === 'string' ? p : p.content))).toEqual(['已保存', '已保存']);
  });
});
