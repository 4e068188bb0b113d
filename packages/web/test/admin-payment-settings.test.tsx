import { paymentSettings } from '@linli/contracts';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderSection, stubApi } from './admin-sections-harness.tsx';
import PaymentSettingsPage from '../src/areas/admin/payments/PaymentSettingsPage.tsx';

const PATH = 'admin/payment-settings/wechatpay';
const none = paymentSettings.WechatPayCredentialsState.parse({ provider: 'wechatpay', source: 'none', own: null, notifyUrl: null });
const own = paymentSettings.WechatPayCredentialsState.parse({
  provider: 'wechatpay',
  source: 'operator',
  own: {
    mchid: '1900000011',
    appid: 'wxa000000000000011',
    merchantSerial: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
    publicKeyId: 'PUB_KEY_ID_0114232134912410000000000000',
    privateKeySet: true,
    apiV3KeySet: true,
    publicKeySet: true,
    setAt: '2026-11-20T02:00:00.000Z',
    setBy: { id: 'stf_1', name: '林晓' },
  },
  notifyUrl: 'https://shop.example.com/api/v1/payments/wechatpay/notify/opr_1',
});
const PRIVATE = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n';
const PUBLIC = '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A\n-----END PUBLIC KEY-----\n';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });
const okButton = async () => {
  await waitFor(() => expect(document.querySelector('.ant-modal-confirm .ant-btn-primary')).toBeTruthy());
  return document.querySelector('.ant-modal-confirm .ant-btn-primary') as HTMLElement;
};

describe('admin payment settings (WeChat Pay merchant)', () => {
  it('shows what is set and whose merchant is used, never a secret', async () => {
    stubApi({ [`GET ${PATH}`]: () => own });
    renderSection('payments', <PaymentSettingsPage />);
    expect((await screen.findByTestId('wxpay-source')).textContent).toBe('本运营方的商户');
    expect(screen.getByText('1900000011')).toBeTruthy();
    expect(screen.getAllByText('已设置')).toHaveLength(3);
    expect(screen.getByText('林晓')).toBeTruthy();
    expect(screen.getByText(own.notifyUrl as string)).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/BEGIN|PRIVATE KEY/);
  });

  it('sets up a merchant: the key file is read, and the fields are sent as the contract says', async () => {
    const calls = stubApi({ [`GET ${PATH}`]: () => none, [`PUT ${PATH}`]: () => own });
    renderSection('payments', <PaymentSettingsPage />);
    expect((await screen.findByTestId('wxpay-source')).textContent).toBe('未配置：居民无法用微信支付');
    fireEvent.click(screen.getByTestId('wxpay-edit'));
    await screen.findByTestId('wxpay-mchid');
    type('wxpay-mchid', '1900000011');
    type('wxpay-appid', 'wxa000000000000011');
    type('wxpay-serial', '5157F09EFDC096DE15EBE81A47057A7232F1B8E1');
    type('wxpay-public-key-id', 'PUB_KEY_ID_0114232134912410000000000000');
    type('wxpay-apiv3', 'k'.repeat(32));
    type('wxpay-public-key', PUBLIC);
    const file = new File([PRIVATE], 'apiclient_key.pem', { type: 'application/x-pem-file' });
    await act(async () => fireEvent.change(screen.getByTestId('wxpay-private-key-file'), { target: { files: [file] } }));
    await waitFor(() => expect((screen.getByTestId('wxpay-private-key') as HTMLTextAreaElement).value).toBe(PRIVATE));
    await act(async () => fireEvent.click(screen.getByTestId('wxpay-save')));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    const put = calls.find((c) => c.method === 'PUT');
    expect(paymentSettings.SetWechatPayCredentials.parse(put?.body)).toEqual({
      mchid: '1900000011',
      appid: 'wxa000000000000011',
      merchantSerial: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
      privateKeyPem: PRIVATE,
      apiV3Key: 'k'.repeat(32),
      publicKeyId: 'PUB_KEY_ID_0114232134912410000000000000',
      publicKeyPem: PUBLIC,
    });
    expect(await screen.findByText('已保存')).toBeTruthy();
  });

  it('replaces after a confirmation, keeping the secrets left empty, and marks the field the server refuses', async () => {
    const answer = {
      status: 400,
      body: { code: 'WECHATPAY_CREDENTIALS_INVALID', message: 'no', details: { field: 'publicKeyPem' } },
    };
    const calls = stubApi({ [`GET ${PATH}`]: () => own, [`PUT ${PATH}`]: () => answer });
    renderSection('payments', <PaymentSettingsPage />);
    fireEvent.click(await screen.findByTestId('wxpay-edit'));
    await screen.findByTestId('wxpay-mchid');
    // The secrets are never filled in: the form shows ids only.
    expect((screen.getByTestId('wxpay-private-key') as HTMLTextAreaElement).value).toBe('');
    expect((screen.getByTestId('wxpay-apiv3') as HTMLInputElement).value).toBe('');
    type('wxpay-public-key', PRIVATE);
    await act(async () => fireEvent.click(screen.getByTestId('wxpay-save')));
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
    await act(async () => fireEvent.click(await okButton()));
    expect(await screen.findByText('不是 PEM 格式的 RSA 公钥')).toBeTruthy();
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
      mchid: own.own?.mchid,
      appid: own.own?.appid,
      merchantSerial: own.own?.merchantSerial,
      publicKeyId: own.own?.publicKeyId,
      publicKeyPem: PRIVATE,
    });
  });

  it('removes after a confirmation', async () => {
    const calls = stubApi({ [`GET ${PATH}`]: () => own, [`DELETE ${PATH}`]: () => none });
    renderSection('payments', <PaymentSettingsPage />);
    fireEvent.click(await screen.findByTestId('wxpay-remove'));
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    await waitFor(() => expect(document.querySelector('.ant-popconfirm .ant-btn-primary')).toBeTruthy());
    await act(async () => fireEvent.click(document.querySelector('.ant-popconfirm .ant-btn-primary') as HTMLElement));
    await waitFor(() => expect(calls.some((c) => c.method === 'DELETE')).toBe(true));
    expect((await screen.findByTestId('wxpay-source')).textContent).toBe('未配置：居民无法用微信支付');
  });
});
