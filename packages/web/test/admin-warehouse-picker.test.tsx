import { admin, logistics, procurement } from '@linli/contracts';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pageOf, renderSection, stubApi } from './admin-sections-harness.tsx';
import { poLine, purchaseOrder, warehouse as aWarehouse } from './admin-ops-fixtures.ts';
import LeadersPage from '../src/areas/admin/leaders/LeadersPage.tsx';
import PurchasingPage from '../src/areas/admin/purchasing/PurchasingPage.tsx';
import SortingPage from '../src/areas/admin/sorting/SortingPage.tsx';
import WarehousePage from '../src/areas/admin/warehouse/WarehousePage.tsx';

/**
 * The warehouse picker of the purchasing, receiving, sorting and dispatch screens: shown only when
 * the operator has more than one active warehouse, kept in the URL (?warehouse=), and sent to the
 * server as `warehouseId`; and the warehouse select on a pickup point.
 */

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const at = '2026-11-20T02:00:00.000Z';
// The fixture's warehouse, renamed (it carries whatever else the contract asks of a warehouse).
const warehouse = (id: string, name: string, active = true) => logistics.Warehouse.parse({ ...aWarehouse, id, name, active });
const two = { items: [warehouse('whs_1', '长沙中心仓'), warehouse('whs_2', '长沙西仓'), warehouse('whs_3', '旧仓', false)] };
const one = { items: [warehouse('whs_1', '长沙中心仓'), warehouse('whs_3', '旧仓', false)] };
const sheet = logistics.SortingSheet.parse({ deliveryDate: '2026-11-23', routes: [], skuTotals: [] });
const po = purchaseOrder({ id: 'po_1', lines: [poLine({ id: 'l1', skuName: '麻阳冰糖橙 5斤装' })] });

describe('warehouse picker', () => {
  it('is not shown while the operator has one active warehouse, and nothing is filtered', async () => {
    const calls = stubApi({ 'GET admin/sorting': () => sheet, 'GET admin/warehouses': () => one });
    renderSection('sorting', <SortingPage />);
    await waitFor(() => expect(calls.some((c) => c.path === 'admin/warehouses')).toBe(true));
    await screen.findByText('这一天没有需要分拣的货物');
    // the list of warehouses is in, and names one active warehouse: no choice to make
    expect(screen.queryByTestId('warehouse-picker')).toBeNull();
    expect(calls.filter((c) => c.path === 'admin/sorting').every((c) => !c.query.has('warehouseId'))).toBe(true);
  });

  it('takes the warehouse from the URL and asks the sorting sheet for it; choosing another asks again', async () => {
    const calls = stubApi({ 'GET admin/sorting': () => sheet, 'GET admin/warehouses': () => two });
    renderSection('sorting', <SortingPage />, '/sorting?warehouse=whs_2');
    const picker = await screen.findByTestId('warehouse-picker');
    await waitFor(() => expect(calls.some((c) => c.path === 'admin/sorting' && c.query.get('warehouseId') === 'whs_2')).toBe(true));
    fireEvent.mouseDown(within(picker).getByRole('combobox'));
    // Only active warehouses are offered.
    expect(screen.queryByTitle('旧仓')).toBeNull();
    fireEvent.click(await screen.findByTitle('长沙中心仓'));
    await waitFor(() => expect(calls.at(-1)?.query.get('warehouseId')).toBe('whs_1'));
  });

  it('filters the purchase orders and, on another tab, the pick lists by the warehouse kept in the URL', async () => {
    const calls = stubApi({
      'GET admin/purchase-orders': () => procurement.PurchaseOrderPage.parse(pageOf([po])),
      'GET admin/suppliers': () => pageOf([]),
      'GET admin/warehouses': () => two,
      'GET admin/pick-lists': () => ({ items: [] }),
      'GET admin/pickup-points': () => pageOf([]),
    });
    renderSection('purchasing', <PurchasingPage />, '/purchasing?warehouse=whs_2');
    await screen.findAllByTestId('po-row');
    await waitFor(() => expect(calls.some((c) => c.path === 'admin/purchase-orders' && c.query.get('warehouseId') === 'whs_2')).toBe(true));
    await act(async () => fireEvent.click(screen.getByTestId('tab-picks')));
    await waitFor(() => expect(calls.some((c) => c.path === 'admin/pick-lists' && c.query.get('warehouseId') === 'whs_2')).toBe(true));
  });

  it('filters the purchase orders to receive by warehouse', async () => {
    const calls = stubApi({
      'GET admin/purchase-orders': () => procurement.PurchaseOrderPage.parse(pageOf([po])),
      'GET admin/warehouses': () => two,
    });
    renderSection('warehouse', <WarehousePage />);
    const picker = await screen.findByTestId('warehouse-picker');
    expect(calls.filter((c) => c.path === 'admin/purchase-orders').every((c) => !c.query.has('warehouseId'))).toBe(true);
    fireEvent.mouseDown(within(picker).getByRole('combobox'));
    fireEvent.click(await screen.findByTitle('长沙西仓'));
    await waitFor(() => expect(calls.at(-1)?.query.get('warehouseId')).toBe('whs_2'));
  });
});

describe('a pickup point’s warehouse', () => {
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
    warehouseId: 'whs_2',
  });
  const leader = admin.LeaderWithPickupPoints.parse({
    id: 'ldr_1',
    phone: '139****0001',
    name: '丁平',
    status: 'active',
    level: 3,
    createdAt: at,
    pickupPoints: [point],
    ordersToServe: 0,
  });

  it('names the warehouse serving each point, and assigns the point to another', async () => {
    const calls = stubApi({
      'GET admin/leaders/ldr_1': () => leader,
      'GET admin/warehouses': () => two,
      'PATCH admin/pickup-points/pp_1': ({ body }) => ({ ...point, ...(body as object) }),
    });
    renderSection('leaders', <LeadersPage />, '/leaders/ldr_1');
    expect(await screen.findByText('长沙西仓')).toBeTruthy();
    fireEvent.click(screen.getByTestId('point-edit'));
    const select = await screen.findByTestId('point-warehouse');
    fireEvent.mouseDown(within(select).getByRole('combobox'));
    fireEvent.click(await screen.findByTitle('长沙中心仓'));
    await act(async () => fireEvent.click(screen.getByTestId('point-save')));
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true));
    const body = admin.UpdatePickupPoint.parse(calls.find((c) => c.method === 'PATCH')!.body);
    expect(body.warehouseId).toBe('whs_1');
  });
});
