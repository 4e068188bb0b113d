import { recruiting } from '@linli/contracts';
import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import RecruitingPage from '../src/areas/leader/recruiting/RecruitingPage.tsx';
import { recruitRef, rememberRecruitRef } from '../src/areas/shop/me/recruit-ref.ts';
import { renderLeader } from './leader-render.tsx';

afterEach(() => vi.unstubAllGlobals());

const referral = {
  approvedAt: '2026-11-20T02:00:00Z',
  bonusPickups: 10,
  overrideBp: 100,
  overrideFrom: '2026-11-20',
  overrideUntil: '2026-12-19',
};

describe('the leader’s invite-leaders page', () => {
  it('shows my recruit link, the terms, my recruits with their state and what I earned', async () => {
    vi.stubGlobal('fetch', async () => {
      const body = recruiting.MyRecruiting.parse({
        link: '/shop/apply?ref=ldr_1',
        terms: { enabled: true, bonusFen: 5000, bonusPickups: 10, overrideBp: 100, overrideDays: 30 },
        recruits: [
          {
            ...referral,
            id: 'rrf_1',
            recruit: { id: 'ldr_2', name: '易春华' },
            state: 'bonus_paid',
            refusalReason: null,
            pickups: 12,
            bonusFen: 5000,
            bonusPaidFen: 5000,
            overrideFen: 321,
          },
          {
            ...referral,
            id: 'rrf_2',
            recruit: { id: 'ldr_3', name: '邹美玲' },
            state: 'refused',
            refusalReason: 'member_of_referrer',
            pickups: 0,
            bonusFen: 0,
            bonusPaidFen: 0,
            overrideFen: 0,
          },
        ],
        bonusFen: 5000,
        overrideFen: 321,
      });
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    renderLeader(<RecruitingPage />, '/recruiting');
    await waitFor(() => expect(screen.getByTestId('recruiting-link').textContent).toContain('/shop/apply?ref=ldr_1'));
    expect(screen.getByTestId('recruiting-terms').textContent).toContain('¥50.00');
    expect(screen.getByTestId('recruiting-bonus').textContent).toBe('¥50.00');
    expect(screen.getByTestId('recruiting-override').textContent).toBe('¥3.21');
    const recruits = screen.getAllByTestId('recruiting-recruit').map((r) => r.textContent);
    expect(recruits[0]).toContain('奖励已发');
    expect(recruits[0]).toContain('已自提 12/10 单');
    expect(recruits[1]).toContain('不计入：是您自提点的成员');
  });
});

describe('the shop keeps a recruit link’s referrer', () => {
  it('remembers ?ref= for the session, so choosing a point first does not lose it', () => {
    sessionStorage.clear();
    expect(recruitRef('')).toBeUndefined();
    rememberRecruitRef('?ref=ldr_9');
    expect(recruitRef('')).toBe('ldr_9');
    expect(recruitRef('?ref=ldr_8')).toBe('ldr_8');
    rememberRecruitRef('?point=pp_1');
    expect(recruitRef('')).toBe('ldr_9');
  });
});
