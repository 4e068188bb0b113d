import { admin, privacy } from '@linli/contracts';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pageOf, renderSection, stubApi } from './admin-sections-harness.tsx';
import LeadersPage from '../src/areas/admin/leaders/LeadersPage.tsx';
import { leaderSearch } from '../src/areas/admin/leaders/search.ts';

const at = '2026-11-22T01:00:00.000Z';
const leaders = admin.Leader.array().parse([
  { id: 'ldr_1', phone: '139****0001', name: '丁平', status: 'active', level: 3, createdAt: at },
  { id: 'ldr_2', phone: '139****0002', name: '任丹', status: 'suspended', level: 1, createdAt: at },
]);
const point = admin.PickupPoint.parse({
  id: 'pp_1',
  leaderId: 'ldr_1',
  name: '岳麓区·望城坡快递驿站',
  address: '长沙市岳麓区望城坡社区25栋',
  lat: 28.219717,
  lng: 112.895069,
  openingHours: '08:00-20:30',
  status: 'open',
  createdAt: at,
});

/** The input element of a field, whether the test id sits on the input or on its wrapper. */
const inputOf = (testId: string) => {
  const el = screen.getByTestId(testId);
  return el.tagName === 'INPUT' ? el : el.querySelector('input')!;
};
const confirmPopover = async () => {
  await waitFor(() => expect(document.querySelector('.ant-popconfirm .ant-btn-primary')).toBeTruthy());
  fireEvent.click(document.querySelector('.ant-popconfirm .ant-btn-primary')!);
};

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('admin leaders', () => {
  it('searches the end of phones by digits (a whole number by its last 4) and names by anything else', () => {
    expect(leaderSearch(' 1390 ')).toEqual({ phone: '1390' });
    expect(leaderSearch('13900000001')).toEqual({ phone: '0001' });
    expect(leaderSearch('丁')).toEqual({ name: '丁' });
    expect(leaderSearch('  ')).toEqual({});
  });

  it('lists leaders, filters on the server, suspends after confirming and reinstates', async () => {
    const calls = stubApi({
      'GET admin/leaders': () => admin.LeaderPage.parse(pageOf(leaders)),
      'PATCH admin/leaders/ldr_1': ({ body }) =>
        admin.LeaderWithPickupPoints.parse({ ...leaders[0], ...(body as object), pickupPoints: [point], ordersToServe: 2 }),
      'PATCH admin/leaders/ldr_2': ({ body }) => ({ ...leaders[1], ...(body as object), pickupPoints: [], ordersToServe: 0 }),
    });
    renderSection('leaders', <LeadersPage />);
    const rows = await screen.findAllByTestId('leader-row');
    expect(rows.map((r) => r.getAttribute('data-status'))).toEqual(['active', 'suspended']);

    fireEvent.change(screen.getByTestId('leader-search'), { target: { value: '1390' } });
    await waitFor(() => expect(calls.some((c) => c.query.get('phone') === '1390' && !c.query.has('name'))).toBe(true));
    fireEvent.click(within(screen.getByTestId('leader-status-filter')).getByText('已暂停'));
    await waitFor(() => expect(calls.some((c) => c.query.get('status') === 'suspended')).toBe(true));

    fireEvent.click(within(rows[0]!).getByTestId('leader-suspend'));
    await confirmPopover();
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'PATCH' && c.path === 'admin/leaders/ldr_1')?.body).toEqual({ status: 'suspended' }),
    );
    // What is still to serve at the suspended leader's points is said at once.
    expect(await screen.findByText('已暂停 丁平，其自提点还有 2 单待配送/提货')).toBeTruthy();

    fireEvent.click(within(rows[1]!).getByTestId('leader-approve'));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'PATCH' && c.path === 'admin/leaders/ldr_2')?.body).toEqual({ status: 'active' }),
    );
  });

  it('registers a leader checked with CreateLeader and opens them', async () => {
    const calls = stubApi({
      'GET admin/leaders': () => admin.LeaderPage.parse(pageOf(leaders)),
      'POST admin/leaders': ({ body }) => ({ ...(body as object), id: 'ldr_9', status: 'active', createdAt: at }),
      'GET admin/leaders/ldr_9': () => ({
        id: 'ldr_9',
        phone: '13900000009',
        name: '王芳',
        status: 'active',
        level: 2,
        createdAt: at,
        pickupPoints: [],
        ordersToServe: 0,
      }),
    });
    renderSection('leaders', <LeadersPage />);
    fireEvent.click(await screen.findByTestId('leader-create'));
    fireEvent.change(await screen.findByTestId('leader-phone'), { target: { value: '1390000' } });
    await act(async () => fireEvent.click(screen.getByTestId('leader-save')));
    expect(await screen.findByText('请输入 11 位手机号')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    fireEvent.change(screen.getByTestId('leader-phone'), { target: { value: '13900000009' } });
    fireEvent.change(screen.getByTestId('leader-name'), { target: { value: '王芳' } });
    fireEvent.change(inputOf('leader-level'), { target: { value: '2' } });
    await act(async () => fireEvent.click(screen.getByTestId('leader-save')));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(admin.CreateLeader.parse(calls.find((c) => c.method === 'POST')!.body)).toEqual({
      phone: '13900000009',
      name: '王芳',
      level: 2,
    });
    expect(await screen.findByText('还没有自提点，新建后团员才能选择在这里提货')).toBeTruthy();
  });

  it('opens a pickup point for a leader, checking the coordinates with the contract, and closes one', async () => {
    const calls = stubApi({
      'GET admin/leaders/ldr_1': () => ({ ...leaders[0], pickupPoints: [point], ordersToServe: 0 }),
      'POST admin/leaders/ldr_1/pickup-points': ({ body }) => ({ ...point, ...(body as object), id: 'pp_2' }),
      'PATCH admin/pickup-points/pp_1': ({ body }) => ({ ...point, ...(body as object) }),
    });
    renderSection('leaders', <LeadersPage />, '/leaders/ldr_1');
    expect((await screen.findAllByTestId('point-row')).length).toBe(1);
    fireEvent.click(screen.getByTestId('point-create'));
    fireEvent.change(await screen.findByTestId('point-name'), { target: { value: '天心区·先锋社区便利店' } });
    fireEvent.change(screen.getByTestId('point-address'), { target: { value: '长沙市天心区先锋社区6栋' } });
    fireEvent.change(inputOf('point-lat'), { target: { value: '128.1' } });
    fireEvent.change(inputOf('point-lng'), { target: { value: '112.98' } });
    await act(async () => fireEvent.click(screen.getByTestId('point-save')));
    expect(await screen.findByText('不能大于 90')).toBeTruthy();
    fireEvent.change(inputOf('point-lat'), { target: { value: '28.1' } });
    await act(async () => fireEvent.click(screen.getByTestId('point-save')));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(admin.CreatePickupPoint.parse(calls.find((c) => c.method === 'POST')!.body)).toEqual({
      name: '天心区·先锋社区便利店',
      address: '长沙市天心区先锋社区6栋',
      lat: 28.1,
      lng: 112.98,
      openingHours: '',
    });

    fireEvent.click(screen.getByTestId('point-close'));
    await confirmPopover();
    await waitFor(() => expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ status: 'closed' }));
  });

  it('gives a new pickup point delivery hours, refusing a time that is not HH:MM', async () => {
    const calls = stubApi({
      'GET admin/leaders/ldr_1': () => ({ ...leaders[0], pickupPoints: [point], ordersToServe: 0 }),
      'POST admin/leaders/ldr_1/pickup-points': ({ body }) => ({ ...point, ...(body as object), id: 'pp_2' }),
    });
    renderSection('leaders', <LeadersPage />, '/leaders/ldr_1');
    fireEvent.click(await screen.findByTestId('point-create'));
    fireEvent.change(await screen.findByTestId('point-name'), { target: { value: '雨花区·井湾子社区店' } });
    fireEvent.change(screen.getByTestId('point-address'), { target: { value: '长沙市雨花区井湾子' } });
    fireEvent.change(inputOf('point-lat'), { target: { value: '28.12' } });
    fireEvent.change(inputOf('point-lng'), { target: { value: '112.99' } });
    fireEvent.change(screen.getByTestId('point-delivery-from'), { target: { value: '7:00' } });
    await act(async () => fireEvent.click(screen.getByTestId('point-save')));
    expect(await screen.findByText('请按 HH:MM 填写，如 07:00')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    fireEvent.change(screen.getByTestId('point-delivery-from'), { target: { value: '07:00' } });
    fireEvent.change(screen.getByTestId('point-delivery-until'), { target: { value: '10:30' } });
    await act(async () => fireEvent.click(screen.getByTestId('point-save')));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(admin.CreatePickupPoint.parse(calls.find((c) => c.method === 'POST')!.body)).toMatchObject({
      deliveryFrom: '07:00',
      deliveryUntil: '10:30',
    });
  });

  it('shows the phone masked with the orders still to serve, and the full number only when asked', async () => {
    const calls = stubApi({
      'GET admin/leaders/ldr_1': () => admin.LeaderWithPickupPoints.parse({ ...leaders[0], pickupPoints: [point], ordersToServe: 3 }),
      'POST admin/personal-data/reveal': ({ body }) => privacy.RevealedPersonalData.parse({ ...(body as object), value: '13900000001' }),
    });
    renderSection('leaders', <LeadersPage />, '/leaders/ldr_1');
    expect((await screen.findByTestId('phone-masked')).textContent).toBe('139****0001');
    expect(screen.getByTestId('leader-orders-to-serve').textContent).toBe('3');
    expect(screen.queryByText('13900000001')).toBeNull();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    fireEvent.click(screen.getByTestId('phone-reveal'));
    expect((await screen.findByTestId('phone-revealed')).textContent).toBe('13900000001');
    expect(privacy.RevealPersonalData.parse(calls.find((c) => c.method === 'POST')!.body)).toEqual({
      kind: 'leader',
      id: 'ldr_1',
      field: 'phone',
    });
  });
});
