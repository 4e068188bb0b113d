import { applications } from '@linli/contracts';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pageOf, renderSection, stubApi } from './admin-sections-harness.tsx';
import LeadersPage from '../src/areas/admin/leaders/LeadersPage.tsx';

const at = '2026-11-22T01:00:00.000Z';
const base = {
  phone: '13700000001',
  note: '在小区开便利店五年，业主群三百多人',
  pickupPoint: { name: '先锋社区·好邻居便利店', address: '天心区先锋路12号', lat: 28.1, lng: 112.98, openingHours: '08:00-21:00' },
  reason: null,
  leaderId: null,
  pickupPointId: null,
  createdAt: at,
  decidedAt: null,
  residentId: 'res_1',
  decidedBy: null,
};
const pending = applications.AdminLeaderApplication.parse({ ...base, id: 'lap_1', status: 'pending', name: '周阿姨' });
const other = applications.AdminLeaderApplication.parse({ ...base, id: 'lap_2', status: 'pending', name: '李叔', phone: '13700000002' });
const decided = (a: applications.AdminLeaderApplication, over: Partial<applications.AdminLeaderApplication>) =>
  applications.AdminLeaderApplication.parse({ ...a, decidedAt: at, decidedBy: { id: 'stf_1', name: '客服小王' }, ...over });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const confirmPopover = async () => {
  await waitFor(() => expect(screen.getByTestId('application-approve-confirm')).toBeTruthy());
  fireEvent.click(screen.getByTestId('application-approve-confirm'));
};

/** The API with a store of applications the actions change, as the server does. */
function server(conflictOn?: string) {
  const store = new Map([pending, other].map((a) => [a.id, a]));
  const calls = stubApi({
    'GET admin/leader-applications': ({ query }) => {
      const items = [...store.values()].filter((a) => !query.get('status') || a.status === query.get('status'));
      return applications.AdminLeaderApplicationPage.parse(pageOf(items.slice(0, Number(query.get('pageSize') ?? 20)), items.length));
    },
    'GET admin/leader-applications/lap_1': () => store.get('lap_1'),
    'POST admin/leader-applications/lap_1/approve': ({ body }) => {
      if (conflictOn === 'lap_1')
        return { status: 409, body: { code: 'CONFLICT', message: 'taken', details: { field: 'phone', leaderId: 'ldr_7' } } };
      applications.ApproveLeaderApplication.parse(body);
      const a = decided(pending, { status: 'approved', leaderId: 'ldr_9', pickupPointId: 'pp_9' });
      store.set(a.id, a);
      return a;
    },
    'POST admin/leader-applications/lap_1/reject': ({ body }) => {
      const { reason } = applications.RejectLeaderApplication.parse(body);
      const a = decided(pending, { status: 'rejected', reason });
      store.set(a.id, a);
      return a;
    },
  });
  return { calls, store };
}

describe('admin: leader applications', () => {
  it('counts the applications to review on the tab and lists them filtered on the server', async () => {
    const { calls } = server();
    renderSection('leaders', <LeadersPage />, '/leaders/applications');
    const rows = await screen.findAllByTestId('application-row');
    expect(rows.map((r) => r.getAttribute('data-id'))).toEqual(['lap_1', 'lap_2']);
    await waitFor(() => expect(within(screen.getByTestId('applications-badge')).getByText('2')).toBeTruthy());
    expect(calls.some((c) => c.query.get('status') === 'pending' && c.query.get('pageSize') === '1')).toBe(true);
    fireEvent.click(within(screen.getByTestId('application-status-filter')).getByText('未通过'));
    await waitFor(() => expect(calls.some((c) => c.query.get('status') === 'rejected' && c.query.get('pageSize') === '20')).toBe(true));
    expect(await screen.findByText('没有符合条件的申请')).toBeTruthy();
  });

  it('approves with a level after confirming; the row and the count follow', async () => {
    const { calls } = server();
    renderSection('leaders', <LeadersPage />, '/leaders/applications');
    fireEvent.click(within((await screen.findAllByTestId('application-row'))[0]!).getByTestId('application-view'));
    const detail = await screen.findByTestId('application-detail');
    expect(detail.getAttribute('data-status')).toBe('pending');
    expect(within(detail).getByText('在小区开便利店五年，业主群三百多人')).toBeTruthy();
    const level = screen.getByTestId('application-level');
    fireEvent.change(level.tagName === 'INPUT' ? level : level.querySelector('input')!, { target: { value: '3' } });
    fireEvent.click(screen.getByTestId('application-approve'));
    await confirmPopover();
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ level: 3 }));
    expect(calls.find((c) => c.method === 'POST')?.path).toBe('admin/leader-applications/lap_1/approve');
    expect(await screen.findByText('已批准 周阿姨，团长和自提点已开通')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('application-detail').getAttribute('data-status')).toBe('approved'));
    expect(screen.getByTestId('application-open-leader').getAttribute('href')).toBe('/leaders/ldr_9');
    await waitFor(() => expect(within(screen.getByTestId('applications-badge')).getByText('1')).toBeTruthy());
  });

  it('rejects only with a reason, checked with the contract', async () => {
    const { calls } = server();
    renderSection('leaders', <LeadersPage />, '/leaders/applications?open=lap_1');
    fireEvent.click(await screen.findByTestId('application-reject'));
    await act(async () => fireEvent.click(await screen.findByTestId('application-reject-confirm')));
    expect(await screen.findByText('必填')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    fireEvent.change(screen.getByTestId('application-reject-reason'), { target: { value: ' 附近已有自提点 ' } });
    await act(async () => fireEvent.click(screen.getByTestId('application-reject-confirm')));
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ reason: '附近已有自提点' }));
    expect((await screen.findByTestId('application-reason')).textContent).toBe('附近已有自提点');
  });

  it('names the leader who already has the phone', async () => {
    server('lap_1');
    renderSection('leaders', <LeadersPage />, '/leaders/applications?open=lap_1');
    fireEvent.click(await screen.findByTestId('application-approve'));
    await confirmPopover();
    const alert = await screen.findByTestId('application-conflict');
    expect(alert.textContent).toContain('手机号 13700000001 已是团长');
    expect(within(alert).getByText('查看这位团长').getAttribute('href')).toBe('/leaders/ldr_7');
  });
});
