import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { aliyunSmsSettings, startAliyunSmsDouble } from './aliyun-sms-double.ts';
import { startTencentSmsDouble, tencentSmsSettings } from './tencent-sms-double.ts';
import { startWechatOAuthDouble, wechatLoginSettings } from './wechat-oauth-double.ts';
import { startLocalWechatPay } from './wechatpay-double.ts';

/**
 * `npm run dev:providers`: every external service linli talks to, as local doubles that speak the
 * real protocols, with keys kept in ./data-dev-providers so linli's settings stay valid across
 * restarts; prints the settings to start linli with (`LINLI_ENV=development`, linli on port 3000):
 *
 * - WeChat Pay API v3 (payments, refunds, bills, 商家转账) on 7010;
 * - WeChat's official account (网页授权 login, access token, template messages) on 7011, its app
 *   id the same as the WeChat Pay double's, so JSAPI payment works with the openid login binds;
 * - an SMS vendor: Aliyun on 7020 (default) or Tencent Cloud on 7030 (`--sms tencent`), with a
 *   template for every message kind.
 */
const { values } = parseArgs({
  options: { sms: { type: 'string', default: 'aliyun' }, 'public-url': { type: 'string', default: 'http://127.0.0.1:3000' } },
});
const publicUrl = values['public-url'];
const dir = resolve('./data-dev-providers');

/** Keys a double made at its first start, read back at the next one. */
function remembered<T extends object>(file: string): Partial<T> {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<T>) : {};
}
function remember(file: string, keys: object): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
}

const KINDS = ['goods_arrived', 'pickup_reminder', 'refund_notice', 'postponement'] as const;
const SMS_PARAMS: Record<(typeof KINDS)[number] | 'login_code', string[]> = {
  login_code: ['code'],
  goods_arrived: ['point', 'code', 'hours'],
  pickup_reminder: ['point', 'code', 'hours'],
  refund_notice: ['amount'],
  postponement: ['point', 'date'],
};

const pay = await startLocalWechatPay(7010, join(dir, 'wechatpay'), publicUrl);

const wechatFile = join(dir, 'wechat', 'double.json');
const wechat = await startWechatOAuthDouble({ port: 7011, ...remembered<{ secret: string }>(wechatFile) });
remember(wechatFile, { secret: wechat.secret });
const templates: Record<string, { templateId: string; data: Record<string, string> }> = {};
for (const kind of KINDS) {
  const keys = SMS_PARAMS[kind].map((param, i) => [param === 'code' ? `character_string${i + 1}` : `thing${i + 1}`, param] as const);
  wechat.messages.templates.set(
    `TPL_${kind.toUpperCase()}`,
    keys.map(([key]) => key),
  );
  templates[kind] = { templateId: `TPL_${kind.toUpperCase()}`, data: Object.fromEntries(keys) };
}

let sms: { url: string; settings: Record<string, string>; inbox: () => Array<{ phone: string; text: string }> };
if (values.sms === 'tencent') {
  const file = join(dir, 'tencent-sms', 'double.json');
  const ids = Object.fromEntries(Object.keys(SMS_PARAMS).map((kind, i) => [kind, String(1000001 + i)]));
  const double = await startTencentSmsDouble({
    port: 7030,
    ...remembered<{ secretId: string; secretKey: string; sdkAppId: string }>(file),
    templates: Object.fromEntries(Object.entries(SMS_PARAMS).map(([kind, params]) => [ids[kind] as string, params.length])),
  });
  remember(file, { secretId: double.secretId, secretKey: double.secretKey, sdkAppId: double.sdkAppId });
  sms = {
    url: double.url,
    inbox: () => double.sent.map((m) => ({ phone: m.phone, text: `${m.templateId} ${m.params.join(' ')}` })),
    settings: {
      ...tencentSmsSettings(double),
      ...Object.fromEntries(
        Object.entries(SMS_PARAMS).map(([kind, params]) => [
          `LINLI_SMS_TEMPLATE_${kind.toUpperCase()}`,
          `${ids[kind]}:${params.join(',')}`,
        ]),
      ),
    },
  };
} else {
  const file = join(dir, 'aliyun-sms', 'double.json');
  const codes = Object.fromEntries(Object.keys(SMS_PARAMS).map((kind, i) => [kind, `SMS_10000000${i + 1}`]));
  const double = await startAliyunSmsDouble({
    port: 7020,
    ...remembered<{ accessKeyId: string; accessKeySecret: string }>(file),
    templates: Object.fromEntries(Object.entries(SMS_PARAMS).map(([kind, params]) => [codes[kind] as string, params])),
  });
  remember(file, { accessKeyId: double.accessKeyId, accessKeySecret: double.accessKeySecret });
  sms = {
    url: double.url,
    inbox: () => double.sent.map((m) => ({ phone: m.phone, text: `${m.templateCode} ${JSON.stringify(m.params)}` })),
    settings: {
      ...aliyunSmsSettings(double),
      ...Object.fromEntries(Object.keys(SMS_PARAMS).map((kind) => [`LINLI_SMS_TEMPLATE_${kind.toUpperCase()}`, codes[kind] as string])),
    },
  };
}

console.log(`WeChat Pay API v3 double on ${pay.double.url}${pay.reused ? ' (keys reused)' : ''}; its H5 page has a 确认支付 button`);
console.log(`WeChat official account double (网页授权, template messages) on ${wechat.url}; the person at the phone: ${wechat.atPhone}`);
console.log(`${values.sms === 'tencent' ? 'Tencent Cloud' : 'Aliyun'} SMS double on ${sms.url}`);
console.log('# start linli with:');
console.log(
  Object.entries({
    LINLI_ENV: 'development',
    ...pay.settings,
    LINLI_PAYOUT_PROVIDER: 'wechatpay',
    ...wechatLoginSettings(wechat),
    LINLI_WECHAT_NOTICE_TEMPLATES: JSON.stringify(templates),
    ...sms.settings,
  })
    .map(([name, value]) => `${name}=${/[\s"{}]/.test(value) ? `'${value}'` : value}`)
    .join('\n'),
);

// What reached the phones, as it arrives: the login codes a developer types in, the notices.
let shown = 0;
let shownWechat = 0;
setInterval(() => {
  const all = sms.inbox();
  for (const m of all.slice(shown)) console.log(`SMS to ${m.phone}: ${m.text}`);
  for (const m of wechat.messages.sent.slice(shownWechat))
    console.log(`WeChat message to ${m.touser}: ${m.template_id} ${JSON.stringify(m.data)}`);
  shown = all.length;
  shownWechat = wechat.messages.sent.length;
}, 500);
