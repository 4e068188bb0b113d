import { procurement } from '@linli/contracts';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { asStaff, pageOf, renderSection, stubApi } from './admin-sections-harness.tsx';
import { poLine, purchaseOrder } from './admin-ops-fixtures.ts';
import { demandBySku } from '../src/areas/admin/purchasing/CutoffsTab.tsx';
import { changedLines } from '../src/areas/admin/purchasing/OrderDrawer.tsx';
import { confirmation } from '../src/areas/admin/purchasing/OrderLines.tsx';
import { shortLines } from '../src/areas/admin/purchasing/OrdersTab.tsx';
import { groupByPoint } from '../src/areas/admin/purchasing/PickListsTab.tsx';
import PurchasingPage from '../src/areas/admin/purchasing/PurchasingPage.tsx';
import { SettingsTab } from '../src/areas/admin/purchasing/SettingsTab.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const draft = purchaseOrder({
  id: 'po_1',
  lines: [
    poLine({ id: 'l1', skuName: '麻阳冰糖橙 5斤装', demandQuantity: 53, suggestedQuantity: 53, orderedQuantity: 53 }),
    poLine({ id: 'l2', skuName: '赣南脐橙 10斤装', demandQuantity: 38, suggestedQuantity: 38, orderedQuantity: 38, costPriceFen: 3300 }),
  ],
});
const shortShipped = purchaseOrder({
  id: 'po_2',
  supplierName: '望城蔬菜基地',
  status: 'short_confirmed',
  lines: [
    poLine({ id: 'l3', skuName: '本地小白菜 500g', orderedQuantity: 60, confirmedQuantity: 42, costPriceFen: 180 }),
    poLine({ id: 'l4', skuName: '番茄 500g', orderedQuantity: 32, confirmedQuantity: 32, costPriceFen: 260 }),
  ],
});

describe('purchasing logic', () => {
  it('sends only the quantities changed against the order', () => {
    expect(changedLines(draft, {})).toEqual([]);
    expect(changedLines(draft, { l1: 53, l2: 40 })).toEqual([{ lineId: 'l2', orderedQuantity: 40 }]);
  });

  it("reads the supplier's confirmation per line: waiting, in full, or short by some units", () => {
    expect(confirmation(draft.lines[0]!)).toEqual({ kind: 'awaiting', short: 0 });
    expect(confirmation(shortShipped.lines[0]!)).toEqual({ kind: 'short', short: 18 });
    expect(confirmation(shortShipped.lines[1]!)).toEqual({ kind: 'full', short: 0 });
    expect(shortLines(shortShipped)).toBe(1);
    expect(shortLines(draft)).toBe(0);
  });

  it("sums the day's demand by item, leaving cancelled orders out and counting what the supplier confirmed", () => {
    const cancelled = purchaseOrder({
      id: 'po_3',
      status: 'cancelled',
      lines: [poLine({ id: 'l9', skuName: '作废', demandQuantity: 99 })],
    });
    const rows = demandBySku([draft, shortShipped, cancelled]);
    expect(rows.map((r) => r.skuName)).toEqual(['麻阳冰糖橙 5斤装', '赣南脐橙 10斤装', '本地小白菜 500g', '番茄 500g']);
    expect(rows.find((r) => r.skuId === 'sku_l3')).toMatchObject({ demand: 10, ordered: 42, supplierName: '望城蔬菜基地' });
  });

  it('groups pick list rows by pickup point with their units', () => {
    const groups = groupByPoint([
      { pickupPointId: 'pp_1', skuId: 's1', supplierId: 'sup_1', quantity: 2 },
      { pickupPointId: 'pp_2', skuId: 's1', supplierId: 'sup_1', quantity: 1 },
      { pickupPointId: 'pp_1', skuId: 's2', supplierId: 'sup_1', quantity: 3 },
    ]);
    expect(groups.map((g) => [g.pickupPointId, g.units, g.items.length])).toEqual([
      ['pp_1', 5, 2],
      ['pp_2', 1, 1],
    ]);
  });
});

describe('purchase orders screen', () => {
  const api = (extra: Parameters<typeof stubApi>[0] = {}) =>
    stubApi({
      'GET admin/purchase-orders': ({ query }) =>
        procurement.PurchaseOrderPage.parse(
          pageOf([draft, shortShipped].filter((p) => !query.get('status') || p.status === query.get('status'))),
        ),
      'GET admin/suppliers': () => pageOf([]),
      'GET admin/purchase-orders/po_1': () => draft,
      'GET admin/purchase-orders/po_2': () => shortShipped,
      ...extra,
    });

  it('lists orders paged by the server and filters by status there', async () => {
    const calls = api();
    renderSection('purchasing', <PurchasingPage />);
    expect(await screen.findAllByTestId('po-row')).toHaveLength(2);
    // the server's number, as the supplier and the Excel sheet show it
    expect(screen.getAllByTestId('po-no').map((el) => el.textContent)).toEqual([draft.poNo, shortShipped.poNo]);
    expect(screen.getByText('部分缺货')).toBeTruthy();
    const list = calls.find((c) => c.path === 'admin/purchase-orders')!;
    expect(list.query.get('page')).toBe('1');
    expect(list.query.get('pageSize')).toBe('20');
    fireEvent.mouseDown(within(screen.getByTestId('po-filter-status')).getByRole('combobox'));
    fireEvent.click(await screen.findByTitle('草稿'));
    await waitFor(() => expect(screen.getAllByTestId('po-row')).toHaveLength(1));
    expect(calls.at(-1)!.query.get('status')).toBe('draft');
  });

  it('shows the short shipment per line of a confirmed order', async () => {
    api();
    renderSection('purchasing', <PurchasingPage />);
    fireEvent.click((await screen.findAllByTestId('po-row'))[1]!);
    expect(await screen.findByText('少 18')).toBeTruthy();
    expect(screen.getByText(`采购单 ${shortShipped.poNo}`)).toBeTruthy();
    expect(screen.getByText('供应商确认缺货 1 个品项')).toBeTruthy();
    expect(screen.queryByTestId('po-send')).toBeNull();
  });

  it('checks an adjusted quantity with the contract, saves only the changed line, then sends', async () => {
    let current = draft;
    const calls = api({
      'GET admin/purchase-orders/po_1': () => current,
      'PATCH admin/purchase-orders/po_1/lines': ({ body }) => {
        const { lines } = procurement.AdjustPurchaseOrder.parse(body);
        current = {
          ...current,
          lines: current.lines.map((l) =>
            l.id === lines[0]!.lineId ? { ...l, orderedQuantity: lines[0]!.orderedQuantity, adjusted: true } : l,
          ),
        };
        return current;
      },
      'POST admin/purchase-orders/po_1/send': () => (current = { ...current, status: 'sent', sentAt: '2026-11-22T16:00:00.000Z' }),
    });
    renderSection('purchasing', <PurchasingPage />);
    fireEvent.click((await screen.findAllByTestId('po-row'))[0]!);
    const inputs = await screen.findAllByTestId('po-line-qty');
    fireEvent.change(inputs[1]!, { target: { value: '2.5' } });
    expect(await screen.findByTestId('po-line-error')).toBeTruthy();
    expect((screen.getByTestId('po-save') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(inputs[1]!, { target: { value: '45' } });
    await waitFor(() => expect((screen.getByTestId('po-save') as HTMLButtonElement).disabled).toBe(false));
    expect((screen.getByTestId('po-send') as HTMLButtonElement).disabled).toBe(true);
    await act(async () => fireEvent.click(screen.getByTestId('po-save')));
    await screen.findByText('采购数量已保存');
    expect(calls.find((c) => c.method === 'PATCH')!.body).toEqual({ lines: [{ lineId: 'l2', orderedQuantity: 45 }] });
    expect(await screen.findByText('已调整')).toBeTruthy();

    fireEvent.click(screen.getByTestId('po-send'));
    await waitFor(() => expect(document.querySelector('.ant-popconfirm .ant-btn-primary')).toBeTruthy());
    await act(async () => fireEvent.click(document.querySelector('.ant-popconfirm .ant-btn-primary')!));
    expect(await screen.findByText('已发送给供应商')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST' && c.path === 'admin/purchase-orders/po_1/send')).toBe(true);
  });

  it("shows the server's refusal to send in words", async () => {
    api({ 'POST admin/purchase-orders/po_1/send': () => ({ status: 409, body: { code: 'INVALID_STATE', message: 'no' } }) });
    renderSection('purchasing', <PurchasingPage />);
    fireEvent.click((await screen.findAllByTestId('po-row'))[0]!);
    fireEvent.click(await screen.findByTestId('po-send'));
    await waitFor(() => expect(document.querySelector('.ant-popconfirm .ant-btn-primary')).toBeTruthy());
    await act(async () => fireEvent.click(document.querySelector('.ant-popconfirm .ant-btn-primary')!));
    expect((await screen.findByTestId('po-error')).textContent).toContain('当前状态下不能执行此操作');
  });

  it('downloads the Excel with the session, the button busy meanwhile', async () => {
    const created = vi.fn(() => 'blob:x');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: created, revokeObjectURL: () => undefined }));
    const calls = api({ 'GET admin/purchase-orders/po_1/export.xlsx': () => ({}) });
    // Hold the file back until the test lets it through, to see the button busy meanwhile.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const served = globalThis.fetch;
    vi.stubGlobal('fetch', async (input: string, init?: RequestInit) => {
      if (String(input).includes('export.xlsx')) await gate;
      return served(input, init);
    });
    renderSection('purchasing', <PurchasingPage />);
    fireEvent.click((await screen.findAllByTestId('po-row'))[0]!);
    const button = await screen.findByTestId('po-export');
    await act(async () => fireEvent.click(button));
    await waitFor(() => expect(button.className).toContain('ant-btn-loading'));
    await act(async () => release());
    await waitFor(() => expect(created).toHaveBeenCalled());
    expect(calls.some((c) => c.path === 'admin/purchase-orders/po_1/export.xlsx')).toBe(true);
  });
});

describe('procurement settings', () => {
  it('shows a purchaser the settings read-only, without a save button only an admin may use', async () => {
    await asStaff(['purchaser'], async (purchaser) => {
      stubApi({
        'GET admin/procurement/settings': () => procurement.ProcurementSettings.parse({ bufferPercent: 5, shortageRule: 'pro_rata' }),
        'GET auth/me': () => purchaser,
      });
      renderSection('purchasing', <SettingsTab />);
      expect(await screen.findByTestId('settings-admin-only')).toBeTruthy();
      expect(screen.queryByTestId('settings-save')).toBeNull();
    });
  });
});
