import * as applications from '@linli/contracts/applications';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import LeaderApply from '../src/areas/shop/me/LeaderApply.tsx';
import { LeaderApplyForm, applicationBody } from '../src/areas/shop/me/LeaderApplyForm.tsx';
import { renderShop } from './shop-render.tsx';

afterEach(() => vi.unstubAllGlobals());

const inputOf = (testId: string) => {
  const el = screen.getByTestId(testId);
  return (el.matches('input, textarea') ? el : el.querySelector('input, textarea')) as HTMLInputElement;
};
const type = (testId: string, value: string) => fireEvent.change(inputOf(testId), { target: { value } });
const errorOf = (field: string) => screen.queryByTestId(`leader-apply-error-${field}`)?.textContent;

const point = { name: '先锋社区·好邻居便利店', address: '天心区先锋路12号', lat: 28.1, lng: 112.98, openingHours: '08:00-21:00' };
const application = (over: Partial<applications.LeaderApplication> = {}) =>
  applications.LeaderApplication.parse({
    id: 'lap_1',
    status: 'pending',
    name: '周阿姨',
    phone: '13700000001',
    note: '开店五年',
    pickupPoint: point,
    reason: null,
    leaderId: null,
    pickupPointId: null,
    createdAt: '2026-11-22T02:00:00.000Z',
    decidedAt: null,
    ...over,
  });

function setupForm(locate = vi.fn(async () => ({ lat: 28.123456789, lng: 112.987654321 }))) {
  const onSubmit = vi.fn(async () => undefined);
  renderShop(<LeaderApplyForm previous={null} defaultName="周阿姨" locate={locate} onSubmit={onSubmit} error={null} />);
  return { onSubmit, locate };
}

describe('shop: applying to become a leader', () => {
  it('sends typed coordinates as numbers and keeps blanks blank', () => {
    const body = applicationBody({ name: 'a', pointName: 'p', address: 'x', lat: ' 28.1 ', lng: '', openingHours: '', note: 'n' });
    expect(body.pickupPoint).toMatchObject({ lat: 28.1, lng: undefined });
    expect(
      Number.isNaN(
        applicationBody({ ...body, pointName: '', address: '', lat: 'abc', lng: '1', openingHours: '', note: '', name: '' }).pickupPoint
          .lat,
      ),
    ).toBe(true);
  });

  it('checks the form with the contract before anything is sent', async () => {
    const { onSubmit } = setupForm();
    expect(inputOf('leader-apply-name').value).toBe('周阿姨');
    type('leader-apply-lat', '95');
    fireEvent.click(screen.getByTestId('leader-apply-submit'));
    await waitFor(() => expect(errorOf('pickupPoint.name')).toBe('必填'));
    expect(errorOf('pickupPoint.address')).toBe('必填');
    expect(errorOf('note')).toBe('必填');
    expect(errorOf('pickupPoint.lat')).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
    // a message goes once its field is changed
    type('leader-apply-note', '业主群三百人');
    expect(errorOf('note')).toBeUndefined();
  });

  it('fills the location from the phone and submits the parsed application', async () => {
    const { onSubmit, locate } = setupForm();
    fireEvent.click(screen.getByTestId('leader-apply-locate'));
    await waitFor(() => expect(inputOf('leader-apply-lat').value).toBe('28.123457'));
    expect(locate).toHaveBeenCalledOnce();
    expect(inputOf('leader-apply-lng').value).toBe('112.987654');
    type('leader-apply-point-name', point.name);
    type('leader-apply-address', point.address);
    type('leader-apply-note', '  开店五年  ');
    fireEvent.click(screen.getByTestId('leader-apply-submit'));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledOnce());
    expect(onSubmit.mock.calls[0]).toEqual([
      {
        name: '周阿姨',
        pickupPoint: { name: point.name, address: point.address, lat: 28.123457, lng: 112.987654, openingHours: '' },
        note: '开店五年',
      },
    ]);
  });

  it('shows the application in review, with no second form', async () => {
    vi.stubGlobal('fetch', async () => Response.json({ items: [application()] }));
    renderShop(<LeaderApply />);
    expect((await screen.findByTestId('leader-application')).getAttribute('data-status')).toBe('pending');
    expect(screen.getByTestId('leader-application-status').textContent).toBe('审核中');
    expect(screen.queryByTestId('leader-apply-form')).toBeNull();
  });

  it('tells why it was rejected and applies again from the previous answers; a refusal reads in words', async () => {
    const rejected = application({ status: 'rejected', reason: '附近已有自提点', decidedAt: '2026-11-22T03:00:00.000Z' });
    const posted: unknown[] = [];
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      if (init?.method === 'POST') {
        posted.push(JSON.parse(String(init.body)));
        return Response.json({ code: 'CONFLICT', message: 'x', details: { field: 'phone', leaderId: 'ldr_1' } }, { status: 409 });
      }
      expect(url).toBe('/api/v1/shop/leader-applications');
      return Response.json({ items: [rejected] });
    });
    renderShop(<LeaderApply />);
    expect((await screen.findByTestId('leader-application-reason')).textContent).toBe('原因：附近已有自提点');
    expect(screen.queryByTestId('leader-apply-form')).toBeNull();
    fireEvent.click(screen.getByTestId('leader-apply-again'));
    expect(inputOf('leader-apply-point-name').value).toBe(point.name);
    expect(inputOf('leader-apply-lat').value).toBe('28.1');
    fireEvent.click(screen.getByTestId('leader-apply-submit'));
    expect((await screen.findByTestId('leader-apply-server-error')).textContent).toBe('这个手机号已经是团长，请直接登录团长端');
    expect(posted).toEqual([{ name: '周阿姨', pickupPoint: point, note: '开店五年' }]);
  });

  it('offers the leader app once approved', async () => {
    vi.stubGlobal('fetch', async () =>
      Response.json({
        items: [application({ status: 'approved', leaderId: 'ldr_9', pickupPointId: 'pp_9', decidedAt: '2026-11-22T03:00:00.000Z' })],
      }),
    );
    renderShop(<LeaderApply />);
    expect((await screen.findByTestId('leader-application')).getAttribute('data-status')).toBe('approved');
    expect(screen.getByTestId('leader-apply-open-leader')).toBeTruthy();
  });
});
