import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { codeProblem, isPickupQr, normalizeCode } from '../src/areas/leader/verify/code.ts';
import type { PickupOrder } from '../src/areas/leader/api.ts';
import { PickupPanel, pickupBlock } from '../src/areas/leader/verify/PickupPanel.tsx';
import { cameraProblem } from '../src/areas/leader/verify/Scanner.tsx';
import VerifyPage from '../src/areas/leader/verify/VerifyPage.tsx';
import { renderLeader } from './leader-render.tsx';

const pickup = (over: Partial<PickupOrder> = {}): PickupOrder => ({
  orderId: 'ord_1',
  orderNo: 'LL1',
  orderStatus: 'delivered',
  residentId: 'res_1',
  residentName: '王阿姨',
  residentPhone: '138****1234',
  pickupPointId: 'pp_1',
  pickupDate: '2026-11-23',
  pickupCode: '123456',
  state: 'partly',
  unpicked: false,
  lines: [
    { orderLineId: 'ol_1', skuId: 's1', title: '草莓', quantity: 2, pickedUp: false, pickedUpAt: null },
    { orderLineId: 'ol_2', skuId: 's2', title: '牛奶', quantity: 1, pickedUp: true, pickedUpAt: '2026-11-23T09:00:00+08:00' },
    { orderLineId: 'ol_3', skuId: 's3', title: '鸡蛋', quantity: 3, pickedUp: false, pickedUpAt: null },
    { orderLineId: 'ol_4', skuId: 's4', title: '苹果', quantity: 0, pickedUp: false, pickedUpAt: null },
  ],
  ...over,
});

describe('pickup code input', () => {
  it('keeps the digits of what was typed or pasted, six at most', () => {
    expect(normalizeCode('123 456')).toBe('123456');
    expect(normalizeCode('12a-34')).toBe('1234');
    expect(normalizeCode('12345678')).toBe('123456');
  });

  it('asks for the code, then for all six digits', () => {
    expect(codeProblem('')).toBe('required');
    expect(codeProblem('12345')).toBe('digits');
    expect(codeProblem('123456')).toBeNull();
  });

  it('tells a resident pickup QR from other QR codes', () => {
    expect(isPickupQr('linli:pickup:ord_01abc:123456')).toBe(true);
    expect(isPickupQr('https://example.com')).toBe(false);
    expect(isPickupQr('linli:pickup:ord_1:12345')).toBe(false);
  });

  it('says why the camera did not start', () => {
    expect(cameraProblem({ name: 'NotAllowedError' })).toBe('denied');
    expect(cameraProblem({ name: 'NotFoundError' })).toBe('nocamera');
    expect(cameraProblem(new Error('x'))).toBe('failed');
  });

  it('shows the problem under the input without asking the server', () => {
    renderLeader(<VerifyPage />, '/verify');
    const input = screen.getByTestId('verify-code-input').querySelector('input') ?? screen.getByTestId('verify-code-input');
    fireEvent.change(input, { target: { value: '12a34' } });
    expect((input as HTMLInputElement).value).toBe('1234');
    fireEvent.click(screen.getByTestId('verify-find'));
    expect(screen.getByTestId('verify-code-error').textContent).toBe('取货码是 6 位数字');
    fireEvent.change(input, { target: { value: '' } });
    fireEvent.click(screen.getByTestId('verify-find'));
    expect(screen.getByTestId('verify-code-error').textContent).toBe('请输入取货码');
  });
});

describe('what to hand over', () => {
  it('ticks the lines still to hand out and counts their units', () => {
    let confirmed: string[] | undefined | null = null;
    renderLeader(<PickupPanel order={pickup()} busy={false} onCancel={() => {}} onConfirm={(ids) => (confirmed = ids)} />);
    const button = screen.getByTestId('verify-confirm');
    expect(button.textContent).toContain('确认交付 5 件');
    fireEvent.click(button);
    expect(confirmed).toBeUndefined();
  });

  it('shows who collects: the name and the masked phone', () => {
    renderLeader(<PickupPanel order={pickup()} busy={false} onCancel={() => {}} onConfirm={() => {}} />);
    expect(screen.getByTestId('pickup-resident').textContent).toBe('取货人王阿姨138****1234');
  });

  it('says so when the resident gave no name', () => {
    renderLeader(<PickupPanel order={pickup({ residentName: '' })} busy={false} onCancel={() => {}} onConfirm={() => {}} />);
    expect(screen.getByTestId('pickup-resident').textContent).toBe('取货人未填姓名138****1234');
  });

  it('explains readably why an order cannot be handed out', () => {
    expect(pickupBlock(pickup({ state: 'picked', orderStatus: 'picked_up' }))).toBe('picked');
    expect(pickupBlock(pickup({ orderStatus: 'paid' }))).toBe('notDelivered');
    expect(pickupBlock(pickup({ unpicked: true }))).toBe('unpicked');
    expect(pickupBlock(pickup({ orderStatus: 'refunded' }))).toBe('notPaid');
    expect(pickupBlock(pickup())).toBeNull();
    renderLeader(
      <PickupPanel order={pickup({ state: 'picked', orderStatus: 'picked_up' })} busy={false} onCancel={() => {}} onConfirm={() => {}} />,
    );
    expect(screen.getByTestId('pickup-block').textContent).toContain('该订单已全部取货，请勿重复交付');
    expect((screen.getByTestId('verify-confirm') as HTMLButtonElement).disabled).toBe(true);
  });
});
