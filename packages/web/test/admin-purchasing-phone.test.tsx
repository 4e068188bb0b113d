import { procurement } from '@linli/contracts';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import i18n from 'i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { asStaff, pageOf, renderSection, stubApi } from './admin-sections-harness.tsx';
import { poLine, purchaseOrder } from './admin-ops-fixtures.ts';
import { phoneConfirmationBody } from '../src/areas/admin/purchasing/PhoneConfirmation.tsx';
import PurchasingPage from '../src/areas/admin/purchasing/PurchasingPage.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const sent = purchaseOrder({
  id: 'po_5',
  status: 'sent',
  sentAt: '2026-11-22T16:00:00.000Z',
  lines: [
    poLine({ id: 'l1', skuName: '麻阳冰糖橙 5斤装', orderedQuantity: 53 }),
    poLine({ id: 'l2', skuName: '海南香蕉 3斤装', orderedQuantity: 40 }),
  ],
});

/** What the server answers: the supplier's own confirmation, plus who recorded it. */
function confirmByPhone(po: typeof sent, body: unknown): typeof sent {
  const { note, lines } = procurement.ConfirmPurchaseOrderByPhone.parse(body);
  const confirmed = po.lines.map((l) => ({
    ...l,
    confirmedQuantity: lines.find((x) => x.lineId === l.id)?.confirmedQuantity ?? l.orderedQuantity,
  }));
  return {
    ...po,
    status: confirmed.some((l) => l.confirmedQuantity < l.orderedQuantity) ? 'short_confirmed' : 'confirmed',
    confirmedAt: '2026-11-22T17:05:00.000Z',
    phoneConfirmation: { staffId: 'stf_1', staffName: '李采购', note },
    lines: confirmed,
  };
}

describe('a confirmation taken by phone', () => {
  it('sends the note and only the lines confirmed short, checked with the contract', () => {
    expect(phoneConfirmationBody(sent, '  ', {}).success).toBe(false);
    const body = phoneConfirmationBody(sent, ' 王经理电话确认 ', { l1: 53, l2: 30 });
    expect(body.success && body.data).toEqual({ note: '王经理电话确认', lines: [{ lineId: 'l2', confirmedQuantity: 30 }] });
  });

  it('is recorded by the purchaser from the order, which then says who confirmed it by phone', async () => {
    let current = sent;
    const calls = stubApi({
      'GET admin/purchase-orders': () => procurement.PurchaseOrderPage.parse(pageOf([current])),
      'GET admin/suppliers': () => pageOf([]),
      'GET admin/purchase-orders/po_5': () => current,
      'POST admin/purchase-orders/po_5/phone-confirmation': ({ body }) => (current = confirmByPhone(current, body)),
    });
    renderSection('purchasing', <PurchasingPage />);
    fireEvent.click((await screen.findAllByTestId('po-row'))[0]!);
    expect(screen.queryByTestId('po-phone-confirmed')).toBeNull();
    fireEvent.click(await screen.findByTestId('po-phone-confirm'));
    const save = (await screen.findByTestId('po-phone-save')) as HTMLButtonElement;
    // No note, no confirmation.
    expect(save.disabled).toBe(true);
    fireEvent.change(screen.getAllByTestId('po-phone-qty')[1]!, { target: { value: '30' } });
    fireEvent.change(screen.getByTestId('po-phone-note'), { target: { value: '王经理 14:20 电话确认，香蕉少 10 箱' } });
    await waitFor(() => expect((screen.getByTestId('po-phone-save') as HTMLButtonElement).disabled).toBe(false));
    await act(async () => fireEvent.click(screen.getByTestId('po-phone-save')));
    expect(await screen.findByText('已登记电话确认')).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({
      note: '王经理 14:20 电话确认，香蕉少 10 箱',
      lines: [{ lineId: 'l2', confirmedQuantity: 30 }],
    });
    const shown = await screen.findByTestId('po-phone-confirmed');
    expect(shown.textContent).toContain('由 李采购 电话确认');
    expect(shown.textContent).toContain('王经理 14:20 电话确认，香蕉少 10 箱');
    // Confirmed now: nothing more to record.
    await waitFor(() => expect(screen.queryByTestId('po-phone-confirm')).toBeNull());
    expect(screen.getAllByText('部分缺货').length).toBeGreaterThan(0);
  });

  it("shows the server's refusal in words", async () => {
    stubApi({
      'GET admin/purchase-orders': () => procurement.PurchaseOrderPage.parse(pageOf([sent])),
      'GET admin/suppliers': () => pageOf([]),
      'GET admin/purchase-orders/po_5': () => sent,
      'POST admin/purchase-orders/po_5/phone-confirmation': () => ({ status: 409, body: { code: 'INVALID_STATE', message: 'no' } }),
    });
    renderSection('purchasing', <PurchasingPage />);
    fireEvent.click((await screen.findAllByTestId('po-row'))[0]!);
    fireEvent.click(await screen.findByTestId('po-phone-confirm'));
    fireEvent.change(await screen.findByTestId('po-phone-note'), { target: { value: '电话确认' } });
    await act(async () => fireEvent.click(screen.getByTestId('po-phone-save')));
    expect((await screen.findByTestId('po-phone-error')).textContent).toContain('当前状态下不能执行此操作');
  });

  it('is not offered to the warehouse, who only reads the order', async () => {
    await asStaff(['warehouse'], async () => {
      stubApi({
        'GET admin/purchase-orders': () => procurement.PurchaseOrderPage.parse(pageOf([sent])),
        'GET admin/purchase-orders/po_5': () => sent,
      });
      renderSection('purchasing', <PurchasingPage />);
      fireEvent.click((await screen.findAllByTestId('po-row'))[0]!);
      expect(await screen.findByText('海南香蕉 3斤装')).toBeTruthy();
      expect(screen.queryByTestId('po-phone-confirm')).toBeNull();
    });
  });

  it('says so in English', () => {
    const en = i18n.getFixedT('en', 'purchasing');
    expect(en('phone.confirmedBy', { name: 'Li', at: '11-23 01:05' })).toBe('Confirmed by phone by Li · 11-23 01:05');
    expect(en('phone.record')).toBe('Record phone confirmation');
  });
});
