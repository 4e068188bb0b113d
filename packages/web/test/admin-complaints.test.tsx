import { feedback } from '@linli/contracts';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderSection, stubApi } from './admin-sections-harness.tsx';
import ComplaintsPage from '../src/areas/admin/feedback/ComplaintsPage.tsx';

const rates = (complaints: number) =>
  feedback.LeaderRates.parse({
    leaderId: 'ldr_1',
    leaderName: '王团长',
    pickedUpOrders: 20,
    complaints,
    complaintRate: complaints / 20,
    ratings: 5,
    ratingRate: 0.25,
    avgServiceScore: 4.2,
  });
const complaint = (state: 'open' | 'resolved') =>
  feedback.AdminComplaint.parse({
    id: 'cpl_1',
    orderId: 'ord_1',
    orderNo: '20261121-0001',
    orderLineId: null,
    target: 'leader',
    targetId: 'ldr_1',
    targetName: '王团长',
    description: '自提点没按时开门',
    state,
    resolution: state === 'resolved' ? '已沟通' : null,
    outcome: state === 'resolved' ? 'dismissed' : null,
    appealReason: null,
    mayAppeal: state === 'resolved',
    createdAt: '2026-11-21T02:00:00.000Z',
    resolvedAt: state === 'resolved' ? '2026-11-21T03:00:00.000Z' : null,
    steps: [{ step: 'opened', actorKind: 'resident', note: '自提点没按时开门', at: '2026-11-21T02:00:00.000Z' }],
    residentId: 'res_1',
    leaderId: 'ldr_1',
    leaderName: '王团长',
    assigneeId: null,
    assigneeName: null,
    leaderRates: rates(3),
  });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('admin complaints', () => {
  it("shows the leader's complaint rate beside a complaint, and resolves it with a reason and a finding", async () => {
    const calls = stubApi({
      'GET admin/complaints': () => ({ items: [complaint('open')], page: 1, pageSize: 20, total: 1 }),
      'POST admin/complaints/cpl_1/resolve': () => complaint('resolved'),
    });
    renderSection('complaints', <ComplaintsPage />);
    await waitFor(() => expect(screen.getByTestId('leader-complaint-rate').textContent).toBe('投诉率 15.0%（3/20 单）'));
    expect(calls.find((c) => c.path === 'admin/complaints')?.query.get('status')).toBe('unresolved');
    fireEvent.click(screen.getByTestId('complaint-resolve'));
    const input = (await screen.findByTestId('resolution-input')) as HTMLTextAreaElement;
    fireEvent.change(input, { target: { value: '已与团长沟通' } });
    fireEvent.click(screen.getByTestId('resolution-dismissed'));
    fireEvent.click(screen.getByTestId('resolve-submit'));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path === 'admin/complaints/cpl_1/resolve')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ resolution: '已与团长沟通', outcome: 'dismissed' });
  });

  it("lists the leaders' rates", async () => {
    stubApi({ 'GET admin/leader-feedback-rates': () => ({ from: '2026-10-23', to: '2026-11-21', items: [rates(3)] }) });
    renderSection('complaints', <ComplaintsPage />, '/complaints?tab=leaders');
    await waitFor(() => expect(screen.getByTestId('rate-complaint').textContent).toBe('15.0%'));
  });
});
