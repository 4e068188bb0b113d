import { feedback } from '@linli/contracts';
import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import FeedbackPage from '../src/areas/leader/feedback/FeedbackPage.tsx';
import { renderLeader } from './leader-render.tsx';

afterEach(() => vi.unstubAllGlobals());

describe('the leader’s residents’ feedback page', () => {
  it('shows my rates, the newest ratings and the complaints with how they were resolved', async () => {
    const paths: string[] = [];
    vi.stubGlobal('fetch', async (input: string) => {
      paths.push(new URL(input, 'http://localhost').pathname);
      const body = feedback.MyFeedback.parse({
        from: '2026-11-08',
        to: '2026-12-07',
        rates: {
          leaderId: 'ldr_1',
          leaderName: '王团长',
          pickedUpOrders: 40,
          complaints: 1,
          complaintRate: 0.025,
          ratings: 2,
          ratingRate: 0.05,
          avgServiceScore: 4.5,
        },
        ratings: [
          { itemsScore: 5, freshnessScore: 5, serviceScore: 5, comment: '团长很热心', createdAt: '2026-12-06T02:00:00.000Z' },
          { itemsScore: 4, freshnessScore: 4, serviceScore: 4, comment: null, createdAt: '2026-12-05T02:00:00.000Z' },
        ],
        complaints: [
          {
            description: '自提点关门早',
            state: 'resolved',
            outcome: 'dismissed',
            resolution: '已在群内公告',
            createdAt: '2026-12-04T02:00:00.000Z',
          },
          { description: '少了一袋米', state: 'open', outcome: null, resolution: null, createdAt: '2026-12-03T02:00:00.000Z' },
        ],
      });
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    renderLeader(<FeedbackPage />, '/feedback');
    const rates = await screen.findByTestId('feedback-rates');
    expect(rates.textContent).toContain('团长服务评分 4.5（2 条评价）');
    expect(rates.textContent).toContain('投诉 1 条 / 自提 40 单，投诉率 2.5%');
    const ratings = screen.getAllByTestId('feedback-rating');
    expect(ratings).toHaveLength(2);
    expect(ratings[0]?.textContent).toContain('团长很热心');
    expect(ratings[0]?.textContent).toContain('★★★★★');
    const complaints = screen.getAllByTestId('feedback-complaint');
    expect(complaints[0]?.textContent).toContain('不属实');
    expect(complaints[0]?.textContent).toContain('处理结果：已在群内公告');
    expect(complaints[1]?.textContent).toContain('处理中');
    expect(paths).toContain('/api/v1/leader/feedback');
  });
});
