import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';

const payments = {
  LINLI_PAYMENT_PROVIDER: 'wechatpay',
  LINLI_PUBLIC_URL: 'https://shop.example.com',
  LINLI_WECHATPAY_MCHID: '1900000001',
  LINLI_WECHATPAY_APPID: 'wxd678efh567hg6787',
  LINLI_WECHATPAY_SERIAL: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
  LINLI_WECHATPAY_PRIVATE_KEY_FILE: '/nonexistent/apiclient_key.pem',
  LINLI_WECHATPAY_APIV3_KEY: 'a'.repeat(32),
  LINLI_WECHATPAY_PUBLIC_KEY_ID: 'PUB_KEY_ID_0114232134912410000000000000',
  LINLI_WECHATPAY_PUBLIC_KEY_FILE: '/nonexistent/pub_key.pem',
};

describe('the payout provider’s settings', () => {
  it('pays withdrawals with the dev provider unless told otherwise', () => {
    expect(loadConfig({})).toMatchObject({ payoutProvider: 'dev', wechatTransfer: undefined });
    expect(loadConfig(payments)).toMatchObject({ payoutProvider: 'dev', wechatTransfer: undefined });
  });

  it.each<[string, Record<string, string>, object]>([
    [
      'scene 1005 (佣金报酬) with its report infos by default',
      {},
      {
        sceneId: '1005',
        reportInfos: [
          { type: '岗位类型', content: '社区团长' },
          { type: '报酬说明', content: '团购佣金提现' },
        ],
        perception: undefined,
      },
    ],
    [
      'another scene with the report infos given, and a perception',
      {
        LINLI_WECHATPAY_TRANSFER_SCENE_ID: '1000',
        LINLI_WECHATPAY_TRANSFER_REPORT_INFOS: '活动名称=团长激励;奖励说明=月度奖励',
        LINLI_WECHATPAY_TRANSFER_PERCEPTION: '现金奖励',
      },
      {
        sceneId: '1000',
        reportInfos: [
          { type: '活动名称', content: '团长激励' },
          { type: '奖励说明', content: '月度奖励' },
        ],
        perception: '现金奖励',
      },
    ],
  ])('%s', (_what, extra, wanted) => {
    expect(loadConfig({ ...payments, LINLI_PAYOUT_PROVIDER: 'wechatpay', ...extra }).wechatTransfer).toEqual(wanted);
  });

  it.each<[string, Record<string, string>, RegExp]>([
    [
      'WeChat Pay transfers without WeChat Pay’s settings',
      { LINLI_PAYOUT_PROVIDER: 'wechatpay' },
      /needs LINLI_PAYMENT_PROVIDER=wechatpay/,
    ],
    [
      'a scene without known report infos',
      { ...payments, LINLI_PAYOUT_PROVIDER: 'wechatpay', LINLI_WECHATPAY_TRANSFER_SCENE_ID: '1006' },
      /needs LINLI_WECHATPAY_TRANSFER_REPORT_INFOS/,
    ],
    [
      'report infos not as 类型=内容',
      { ...payments, LINLI_PAYOUT_PROVIDER: 'wechatpay', LINLI_WECHATPAY_TRANSFER_REPORT_INFOS: '岗位类型' },
      /LINLI_WECHATPAY_TRANSFER_REPORT_INFOS/,
    ],
    [
      'a scene id that is not one',
      { ...payments, LINLI_PAYOUT_PROVIDER: 'wechatpay', LINLI_WECHATPAY_TRANSFER_SCENE_ID: 'abc' },
      /LINLI_WECHATPAY_TRANSFER_SCENE_ID/,
    ],
    ['an unknown provider', { LINLI_PAYOUT_PROVIDER: 'alipay' }, /LINLI_PAYOUT_PROVIDER/],
  ])('refuses %s', (_what, env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
