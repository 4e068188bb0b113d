import { invites } from '@linli/contracts';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { asStaff, pageOf, renderSection, stubApi } from './admin-sections-harness.tsx';
import InvitesPage from '../src/areas/admin/invites/InvitesPage.tsx';

const held = (id: string, over: Partial<ReturnType<typeof invites.AdminInvite.parse>> = {}) =>
  invites.AdminInvite.parse({
    id,
    inviterId: 'res_a',
    inviterPhone: '138****0001',
    inviteeId: `res_${id}`,
    inviteePhone: '139****0002',
    status: 'held',
    flags: ['device_cluster'],
    deviceShared: true,
    pickupPointId: 'pp_1',
    registeredAt: '2026-11-20T02:00:00.000Z',
    firstPickedUpAt: '2026-11-21T02:00:00.000Z',
    rewardPoints: null,
    rewardCouponId: null,
    rewardedAt: null,
    decidedBy: null,
    decidedAt: null,
    decisionNote: null,
    ...over,
  });
const settings = invites.InviteSettingsView.parse({
  enabled: true,
  rewardPoints: 100,
  inviterDailyLimit: 5,
  operatorDailyCap: 200,
  clusterDeviceThreshold: 3,
  clusterPointThreshold: 3,
  clusterWindowMinutes: 10,
  rewardCouponTemplateId: null,
  updatedAt: null,
  updatedBy: null,
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('admin invites', () => {
  it('lists the review queue with its reasons; approve grants, reject asks for a reason', async () => {
    const calls = stubApi({
      'GET admin/invites': () => pageOf([held('inv_1'), held('inv_2')]),
      'POST admin/invites/inv_1/approve': () =>
        held('inv_1', { status: 'rewarded', rewardPoints: 100, decidedBy: 'stf_1', decidedAt: '2026-11-21T03:00:00.000Z' }),
      'POST admin/invites/inv_2/reject': (c) => held('inv_2', { status: 'rejected', decisionNote: (c.body as { reason: string }).reason }),
    });
    renderSection('invites', <InvitesPage />);
    await waitFor(() => expect(screen.getAllByTestId('invite-status')).toHaveLength(2));
    expect(calls.find((c) => c.path === 'admin/invites')?.query.get('status')).toBe('held');
    expect(screen.getAllByText('同一设备多人注册')).toHaveLength(2);
    fireEvent.click(screen.getAllByTestId('invite-approve')[0]!);
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path === 'admin/invites/inv_1/approve')).toBe(true));
    fireEvent.click(screen.getAllByTestId('invite-reject')[1]!);
    const reason = await screen.findByTestId('invite-reject-reason');
    fireEvent.change(reason, { target: { value: '批量注册' } });
    fireEvent.click(within(document.body).getByTestId('invite-reject-confirm'));
    await waitFor(() => expect(calls.find((c) => c.path === 'admin/invites/inv_2/reject')?.body).toEqual({ reason: '批量注册' }));
  });

  it('shows the settings, saved by an admin; support reads them only', async () => {
    const calls = stubApi({
      'GET admin/invite-settings': () => settings,
      'PATCH admin/invite-settings': (c) => ({ ...settings, ...(c.body as object) }),
    });
    renderSection('invites', <InvitesPage />, '/invites?tab=settings');
    const points = await screen.findByTestId('invite-setting-rewardPoints');
    fireEvent.change(points, { target: { value: '50' } });
    fireEvent.click(screen.getByTestId('invite-settings-save'));
    await waitFor(() => expect(calls.find((c) => c.method === 'PATCH')?.body).toMatchObject({ rewardPoints: 50, enabled: true }));
    cleanup();
    await asStaff(['support'], async () => {
      stubApi({ 'GET admin/invite-settings': () => settings });
      renderSection('invites', <InvitesPage />, '/invites?tab=settings');
      expect(await screen.findByText('只有管理员可以修改设置')).toBeTruthy();
      expect(screen.queryByTestId('invite-settings-save')).toBeNull();
    });
  });
});
