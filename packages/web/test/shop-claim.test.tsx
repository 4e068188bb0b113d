import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClaimForm } from '../src/areas/shop/aftersales/ClaimForm.tsx';
import { fitWithin } from '../src/areas/shop/aftersales/downscale.ts';
import type { Order } from '../src/areas/shop/types.ts';
import { renderShop } from './shop-render.tsx';

afterEach(() => vi.unstubAllGlobals());

const orderLine = (id: string, title: string, quantity: number, refundedQuantity = 0) => ({
  id,
  campaignId: 'cmp_1',
  campaignLineId: `cml_${id}`,
  skuId: `sku_${id}`,
  title,
  unitPriceFen: 1990,
  quantity,
  amountFen: 1990 * quantity,
  refundedQuantity,
  refundedFen: 1990 * refundedQuantity,
});

const order: Order = {
  id: 'ord_1',
  orderNo: '26112200000001',
  status: 'picked_up',
  residentId: 'res_1',
  pickupPointId: 'pp_1',
  leaderId: 'ldr_1',
  pickupDate: '2026-11-23',
  pickupCode: '123456',
  totalFen: 1990 * 4,
  refundedFen: 1990,
  expiresAt: '2026-11-22T12:15:00Z',
  createdAt: '2026-11-22T12:00:00Z',
  paidAt: '2026-11-22T12:01:00Z',
  cancelledAt: null,
  cancelReason: null,
  cancellableUntil: null,
  lines: [orderLine('l1', '麻阳冰糖橙 5斤装', 2), orderLine('l2', '纯牛奶 12盒', 2, 1), orderLine('l3', '鲈鱼', 1, 1)],
};

function setup(lineId: string | null = null) {
  const onSubmit = vi.fn(async () => undefined);
  const upload = vi.fn(async () => ({ url: '/api/v1/uploads/upl_0123456789abcdefghijklmnop' }));
  renderShop(<ClaimForm order={order} lineId={lineId} upload={upload} onSubmit={onSubmit} error={null} />);
  return { onSubmit, upload };
}

const submit = () => fireEvent.click(screen.getByTestId('claim-submit'));
const errorOf = (field: string) => screen.queryByTestId(`claim-error-${field}`)?.textContent;

describe('shop after-sales: the claim form', () => {
  it('offers only lines with something left to claim', () => {
    setup();
    expect(screen.getByText('麻阳冰糖橙 5斤装 ×2')).toBeTruthy();
    expect(screen.getByText('纯牛奶 12盒 ×1')).toBeTruthy();
    expect(screen.queryByText(/鲈鱼/)).toBeNull();
  });

  it('asks for the item and the problem before anything is sent', () => {
    const { onSubmit } = setup();
    submit();
    expect(errorOf('orderLineId')).toBe('必填');
    expect(errorOf('type')).toBe('必填');
    expect(onSubmit).not.toHaveBeenCalled();
    fireEvent.click(screen.getByText('少件/未收到'));
    expect(errorOf('type')).toBeUndefined(); // the message goes once the field is answered
    expect(errorOf('orderLineId')).toBe('必填');
  });

  it('asks for a photo of damaged goods', () => {
    const { onSubmit } = setup('l1');
    fireEvent.click(screen.getByText('破损'));
    submit();
    expect(errorOf('type')).toBeUndefined();
    expect(errorOf('evidenceUrls')).toBe('请上传至少一张照片');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('sends a missing-goods claim without a photo, with the quantity capped at what is left', async () => {
    const { onSubmit } = setup('l2');
    fireEvent.click(screen.getByText('少件/未收到'));
    const plus = document.querySelector('[data-testid="claim-quantity"] .adm-stepper-plus') as HTMLButtonElement;
    expect(plus.disabled).toBe(true); // 2 bought, 1 refunded: one left
    fireEvent.change(screen.getByPlaceholderText('请描述问题（选填）'), { target: { value: '少了一盒' } });
    submit();
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit).toHaveBeenCalledWith({
      orderLineId: 'l2',
      type: 'missing',
      quantity: 1,
      description: '少了一盒',
      evidenceUrls: [],
    });
    expect(screen.queryByTestId(/claim-error-/)).toBeNull();
  });

  it('uploads a chosen photo and sends its URL as evidence', async () => {
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:preview', revokeObjectURL: () => undefined }));
    const { onSubmit, upload } = setup('l1');
    fireEvent.click(screen.getByText('质量问题'));
    const input = document.querySelector('input[type="file"]') as HTMLInputElement;
    const photo = new File([new Uint8Array([1, 2, 3])], 'orange.jpg', { type: 'image/jpeg' });
    await act(async () => {
      fireEvent.change(input, { target: { files: [photo] } });
    });
    await waitFor(() => expect(upload).toHaveBeenCalledWith(photo));
    await waitFor(() =>
      expect(document.querySelectorAll('.adm-image-uploader-cell:not(.adm-image-uploader-upload-button)').length).toBe(1),
    );
    submit();
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit).toHaveBeenCalledWith(
      expect.objectContaining({ orderLineId: 'l1', type: 'quality', evidenceUrls: ['/api/v1/uploads/upl_0123456789abcdefghijklmnop'] }),
    );
  });

  it('shows the server refusal it is given', () => {
    renderShop(<ClaimForm order={order} lineId="l1" upload={vi.fn()} onSubmit={vi.fn()} error="已超过售后申请期限" />);
    expect(screen.getByTestId('claim-server-error').textContent).toBe('已超过售后申请期限');
  });
});

describe('shop after-sales: photo size', () => {
  it('fits big photos within 1600 px on the longest side, keeping the shape', () => {
    expect(fitWithin(4032, 3024)).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin(3000, 4000)).toEqual({ width: 1200, height: 1600 });
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
  });
});
