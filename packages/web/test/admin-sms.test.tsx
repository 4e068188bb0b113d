import { sms } from '@linli/contracts';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderSection, stubApi } from './admin-sections-harness.tsx';
import SmsPage from '../src/areas/admin/sms/SmsPage.tsx';

const kinds = ['login_code', 'goods_arrived', 'pickup_reminder', 'refund_notice', 'postponement'] as const;
const settings = (goodsArrived: { templateCode: string; signName: string | null; paramNames: string[] | null } | null) =>
  sms.SmsSettings.parse({
    provider: 'tencent',
    installationSignName: '邻里优选',
    receiptPath: '/api/v1/sms/tencent/receipts?token=abc',
    receiptUrl: 'https://shop.example.com/api/v1/sms/tencent/receipts?token=abc',
    kinds: kinds.map((kind) => ({
      kind,
      params: kind === 'goods_arrived' ? ['point', 'code', 'hours'] : ['code'],
      operator: kind === 'goods_arrived' ? goodsArrived : null,
      installation: kind === 'login_code' ? { templateCode: '1000001', signName: '邻里优选', paramNames: null } : null,
      effective: kind === 'login_code' ? 'installation' : kind === 'goods_arrived' && goodsArrived ? 'operator' : 'none',
    })),
  });
const log = sms.SmsMessageList.parse({
  items: [
    {
      id: 'smsg_1',
      kind: 'goods_arrived',
      phone: '139****0001',
      provider: 'tencent',
      providerMessageId: null,
      status: 'failed',
      errorCode: 'SMS_TEMPLATE_MISSING',
      errorMessage: 'no template',
      createdAt: '2026-11-22T01:00:00.000Z',
      sentAt: null,
      reportedAt: null,
    },
  ],
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('admin SMS', () => {
  it('shows each kind’s template, the receipt URL and the log, filtered by status', async () => {
    const calls = stubApi({ 'GET admin/sms/settings': () => settings(null), 'GET admin/sms/messages': () => log });
    renderSection('sms', <SmsPage />);
    expect(await screen.findByText('https://shop.example.com/api/v1/sms/tencent/receipts?token=abc')).toBeTruthy();
    const templates = screen.getByTestId('sms-templates');
    expect(within(templates).getAllByText('未设置')).toHaveLength(4);
    expect(within(templates).getByText('安装默认', { selector: '.ant-tag' })).toBeTruthy();
    expect(await within(screen.getByTestId('sms-log')).findByText(/SMS_TEMPLATE_MISSING/)).toBeTruthy();
    const filter = screen.getByTestId('sms-status-filter');
    fireEvent.mouseDown(within(filter).getByRole('combobox'));
    fireEvent.click(await screen.findByText('已送达'));
    await waitFor(() => expect(calls.some((c) => c.path === 'admin/sms/messages' && c.query.get('status') === 'delivered')).toBe(true));
  });

  it('sets a kind’s template and shows it in use', async () => {
    const calls = stubApi({
      'GET admin/sms/settings': () => settings(null),
      'GET admin/sms/messages': () => log,
      'PUT admin/sms/templates/goods_arrived': () => settings({ templateCode: '2000002', signName: null, paramNames: ['code', 'point'] }),
    });
    renderSection('sms', <SmsPage />);
    const edits = await screen.findAllByTestId('sms-edit');
    // The rows in kind order: login_code, goods_arrived, …
    fireEvent.click(edits[1] as HTMLElement);
    fireEvent.change(await screen.findByTestId('sms-template-code'), { target: { value: '2000002' } });
    await act(async () => fireEvent.click(screen.getByTestId('sms-save')));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    const put = calls.find((c) => c.method === 'PUT');
    expect(sms.PutSmsTemplate.parse(put?.body)).toEqual({ templateCode: '2000002', signName: null, paramNames: null });
    expect(await screen.findByText('已保存')).toBeTruthy();
    expect(within(screen.getByTestId('sms-templates')).getByText('2000002')).toBeTruthy();
  });
});
