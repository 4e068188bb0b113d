import { admin } from '@linli/contracts';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pageOf, renderSection, stubApi } from './admin-sections-harness.tsx';
import StaffPage from '../src/areas/admin/staff/StaffPage.tsx';

const staff = admin.Staff.array().parse([
  { id: 'stf_1', phone: '13800000000', name: '林晓', roles: ['admin'], active: true, createdAt: '2026-11-22T01:00:00.000Z' },
  {
    id: 'stf_2',
    phone: '13800000001',
    name: '陈丽',
    roles: ['merchandiser', 'support'],
    active: true,
    createdAt: '2026-11-22T01:00:00.000Z',
  },
]);

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('admin staff', () => {
  it('lists the active staff with their roles, asking the server for the active ones', async () => {
    const calls = stubApi({ 'GET admin/staff': () => admin.StaffPage.parse(pageOf(staff)) });
    renderSection('staff', <StaffPage />);
    expect(await screen.findAllByTestId('staff-row')).toHaveLength(2);
    expect(screen.getByText('商品运营')).toBeTruthy();
    expect(screen.getByText('客服')).toBeTruthy();
    expect(calls[0]!.query.get('active')).toBe('true');
    expect(calls[0]!.query.get('page')).toBe('1');
  });

  it('validates a new staff member with the contract and sends the chosen roles', async () => {
    const calls = stubApi({
      'GET admin/staff': () => admin.StaffPage.parse(pageOf(staff)),
      'POST admin/staff': ({ body }) => ({ ...(body as object), id: 'stf_3', active: true, createdAt: '2026-11-22T02:00:00.000Z' }),
    });
    renderSection('staff', <StaffPage />);
    await screen.findAllByTestId('staff-row');
    fireEvent.click(screen.getByTestId('staff-create'));
    fireEvent.change(await screen.findByTestId('staff-phone'), { target: { value: '1234' } });
    fireEvent.click(screen.getByTestId('staff-save'));
    expect(await screen.findByText('请输入 11 位手机号')).toBeTruthy();
    expect(screen.getAllByText('必填').length).toBeGreaterThanOrEqual(2);
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    fireEvent.change(screen.getByTestId('staff-phone'), { target: { value: '13800000009' } });
    fireEvent.change(screen.getByTestId('staff-name-input'), { target: { value: '王芳' } });
    const roles = screen.getByTestId('staff-roles');
    fireEvent.mouseDown(within(roles).getByRole('combobox'));
    fireEvent.click(await screen.findByText('采购'));
    await act(async () => fireEvent.click(screen.getByTestId('staff-save')));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(admin.CreateStaff.parse(post.body)).toEqual({ phone: '13800000009', name: '王芳', roles: ['purchaser'] });
    expect(await screen.findByText('已添加 王芳')).toBeTruthy();
  });

  it("shows the server's refusal in words", async () => {
    stubApi({
      'GET admin/staff': () => admin.StaffPage.parse(pageOf(staff)),
      'PATCH admin/staff/stf_2': () => ({ status: 409, body: { code: 'INVALID_STATE', message: 'no' } }),
    });
    renderSection('staff', <StaffPage />);
    const rows = await screen.findAllByTestId('staff-row');
    fireEvent.click(within(rows[1]!).getByTestId('staff-deactivate'));
    await waitFor(() => expect(document.querySelector('.ant-popconfirm .ant-btn-primary')).toBeTruthy());
    fireEvent.click(document.querySelector('.ant-popconfirm .ant-btn-primary')!);
    expect(await screen.findByText('当前状态下不能执行此操作')).toBeTruthy();
  });
});
