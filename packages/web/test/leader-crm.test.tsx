import { crm } from '@linli/contracts';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import CrmPage from '../src/areas/leader/crm/CrmPage.tsx';
import { pushMessage } from '../src/areas/leader/crm/pushText.ts';
import { renderLeader } from './leader-render.tsx';

const push = crm.SegmentPush.parse({
  segment: 'at_risk',
  members: 2,
  categories: ['蔬菜'],
  lines: [
    {
      campaignId: 'cmp_1',
      campaignTitle: '周三团',
      campaignLineId: 'cml_1',
      productName: '小白菜',
      spec: '500g',
      unit: '袋',
      category: '蔬菜',
      groupPriceFen: 390,
      listPriceFen: 590,
      cutoffAt: '2026-11-20T14:00:00Z',
    },
    {
      campaignId: 'cmp_1',
      campaignTitle: '周三团',
      campaignLineId: 'cml_2',
      productName: '土豆',
      spec: '',
      unit: '斤',
      category: '蔬菜',
      groupPriceFen: 250,
      listPriceFen: 250,
      cutoffAt: '2026-11-20T12:00:00Z',
    },
  ],
});

describe('a segment’s push message', () => {
  it('lists the lines with their prices, the earliest cutoff and my link', () => {
    const text = pushMessage(
      push,
      'https://x.example/shop/?point=pp_1',
      { title: '好久不见', cutoff: (t) => `${t} 截单`, cta: '点这里下单' },
      (iso) => iso.slice(11, 16),
    );
    expect(text.split('\n')).toEqual([
      '【好久不见】',
      '· 小白菜 500g ¥3.90（¥5.90）',
      '· 土豆 ¥2.50',
      '12:00 截单',
      '点这里下单 https://x.example/shop/?point=pp_1',
    ]);
  });
});

describe('the leader’s member care page', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows today’s pushes, and marks a member of the reminder list reminded', async () => {
    const calls: Array<{ method: string; url: string; body: unknown }> = [];
    let reminded = false;
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      const method = init?.method ?? 'GET';
      calls.push({ method, url, body: init?.body ? JSON.parse(String(init.body)) : null });
      let body: unknown;
      if (url.includes('leader/crm/pushes')) body = { items: [push] };
      else if (url.includes('leader/crm/reminders/') && method === 'PUT') {
        reminded = true;
        body = { residentId: 'res_1', day: '2026-11-20', reminded: true };
      } else if (url.includes('leader/crm/reminders'))
        body = {
          day: '2026-11-20',
          items: [
            {
              residentId: 'res_1',
              name: '王阿姨',
              phone: '138****1234',
              segment: 'at_risk',
              recencyDays: 40,
              monetaryFen: 25_000,
              topCategories: ['蔬菜'],
              remindedToday: reminded,
            },
          ],
        };
      else if (url.includes('leader/me'))
        body = { id: 'ldr_1', name: '李姐', phone: '139****0000', status: 'active', level: 1, pickupPoints: [] };
      else body = { period: null, segments: [] };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    renderLeader(<CrmPage />, '/crm');
    await waitFor(() => expect(screen.getByTestId('crm-push').textContent).toContain('小白菜'));
    expect(screen.getByTestId('crm-push').textContent).toContain('将流失');
    expect(screen.getByTestId('crm-push').textContent).toContain('常买：蔬菜');

    fireEvent.click(screen.getByText('提醒名单'));
    await waitFor(() => expect(screen.getByTestId('crm-reminder').textContent).toContain('138****1234'));
    expect(screen.getByTestId('crm-reminder').textContent).toContain('40 天没下单');
    fireEvent.click(screen.getByTestId('crm-remind'));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT' && c.url.includes('leader/crm/reminders/res_1'))).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ reminded: true });
    await waitFor(() => expect(screen.getByTestId('crm-remind').textContent).toContain('今天已提醒'));
  });
});
