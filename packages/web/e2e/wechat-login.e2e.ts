/**
 * A resident opens the shop in WeChat's browser: linli runs with WeChat login against the double
 * of WeChat's web authorization and with WeChat Pay against its double. The shop logs in with
 * WeChat at once, binds a phone the first time, the resident orders, and the pay sheet hands a
 * signed JSAPI request to WeixinJSBridge — injected here, it checks the pay sign with the
 * merchant's key and confirms at the WeChat Pay double, as WeChat's wallet would — then the order
 * reads paid.
 */
import { createPublicKey, createVerify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startWechatOAuthDouble, type WechatOAuthDouble, wechatLoginSettings } from '../../server/src/dev/wechat-oauth-double.ts';
import { freePort, linliSettings, startWechatPayDouble, type WechatPayDouble } from '../../server/src/dev/wechatpay-double.ts';
import { shopLocales } from '../src/areas/shop/locales.ts';
import { byTestId, launchBrowser, viewports } from './browser.ts';
import { todayInShanghaiAt } from './journey/world.ts';
import { type E2eServer, startE2eServer } from './server.ts';
import { textOf, tr } from './journey/text.ts';

const APPID = 'wx1234567890abcdef';
const WECHAT_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN';

let pay: WechatPayDouble;
let oauth: WechatOAuthDouble;
let server: E2eServer;
let browser: Browser;
let keyDir: string;

beforeAll(async () => {
  pay = await startWechatPayDouble({ appid: APPID });
  oauth = await startWechatOAuthDouble({
    appid: APPID,
    users: [{ openid: 'oE2eResident', nickname: '微信邻居', headimgurl: 'https://thirdwx.qlogo.cn/e2e/132' }],
  });
  keyDir = mkdtempSync(join(tmpdir(), 'linli-e2e-wxlogin-'));
  const port = await freePort();
  server = await startE2eServer({
    start: todayInShanghaiAt('09:00'),
    webDir: inject('webDir'),
    port,
    fleet: false,
    env: { ...linliSettings(pay, keyDir, `http://127.0.0.1:${port}`), ...wechatLoginSettings(oauth) },
  });
  pay.now = () => server.clock.now().getTime();
  oauth.now = () => server.clock.now().getTime();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await pay?.close();
  await oauth?.close();
  if (keyDir) rmSync(keyDir, { recursive: true, force: true });
});

describe('the shop in WeChat: WeChat login, phone binding, JSAPI payment', () => {
  it('logs in with WeChat, binds a phone, orders and pays through WeixinJSBridge', async () => {
    const context = await browser.newContext({
      viewport: viewports.phone,
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      userAgent: WECHAT_UA,
    });
    await context.clock.install({ time: server.clock.now() });
    const merchantKey = createPublicKey(pay.merchantPrivateKeyPem);
    const requests: Array<Record<string, string>> = [];
    // WeChat's wallet: checks the merchant's pay sign, then the payer confirms at WeChat Pay.
    await context.exposeFunction('linliTestWallet', async (params: Record<string, string>) => {
      requests.push(params);
      const signed = createVerify('RSA-SHA256')
        .update(`${params.appId}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`)
        .verify(merchantKey, params.paySign ?? '', 'base64');
      const prepayId = (params.package ?? '').replace(/^prepay_id=/, '');
      const trade = [...pay.transactions.values()].find((tx) => tx.prepay_id === prepayId);
      if (!signed || !trade || params.appId !== APPID) return 'get_brand_wcpay_request:fail';
      await pay.pay(trade.out_trade_no);
      return 'get_brand_wcpay_request:ok';
    });
    await context.addInitScript(() => {
      const w = window as unknown as {
        linliTestWallet: (p: unknown) => Promise<string>;
        WeixinJSBridge: { invoke(name: string, params: unknown, cb: (res: { err_msg: string }) => void): void };
      };
      w.WeixinJSBridge = {
        invoke(name, params, cb) {
          if (name !== 'getBrandWCPayRequest') return cb({ err_msg: `${name}:fail` });
          void w.linliTestWallet(params).then((msg) => cb({ err_msg: msg }));
        },
      };
    });
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error(`[resident] page error: ${err.stack ?? err.message}`));

    // Opening the shop goes to WeChat at once (snsapi_base) and comes back to bind a phone.
    await page.goto(`${server.url}/shop/`);
    await byTestId(page, 'bind-phone-hint').waitFor({ timeout: 15_000 });
    expect(page.url()).toBe(`${server.url}/shop/`);
    const phone = page.locator('[data-testid="login-phone"] input');
    await phone.fill('13712340088');
    await byTestId(page, 'login-send-code').click();
    await expect.poll(() => page.locator('[data-testid="login-code"] input').inputValue()).toMatch(/^\d{6}$/);
    await byTestId(page, 'login-submit').click();
    await phone.waitFor({ state: 'detached' });
    const bound = await server.ctx.db.selectFrom('wechat_accounts').selectAll().executeTakeFirstOrThrow();
    expect(bound).toMatchObject({ app_id: APPID, openid: 'oE2eResident', principal_kind: 'resident' });

    await byTestId(page, 'point-item').first().click();
    const buyable = byTestId(page, 'campaign-line')
      .filter({ has: page.locator('[data-testid="add-to-cart"]:not([disabled])') })
      .first();
    await byTestId(buyable, 'add-to-cart').click();
    await byTestId(page, 'cart-tab').click();
    await byTestId(page, 'checkout').click();
    await byTestId(page, 'place-order').click();
    await byTestId(page, 'pay-sheet').waitFor();
    await byTestId(page, 'pay-confirm').click();

    // The pay request went through the bridge, and WeChat Pay's notification paid the order.
    await page.waitForURL(/\/shop\/orders\/[^/]+$/);
    const orderId = page.url().split('/').pop() as string;
    await expect
      .poll(() => textOf(byTestId(page, 'order-status').first()), { timeout: 15_000 })
      .toContain(tr(shopLocales, 'zh-CN', 'orders.status.paid'));
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ appId: APPID, signType: 'RSA' });
    const [trade] = [...pay.transactions.values()];
    expect(trade).toMatchObject({ trade_type: 'JSAPI', trade_state: 'SUCCESS', payer: { openid: 'oE2eResident' } });
    const order = await server.ctx.db.selectFrom('orders').select('status').where('id', '=', orderId).executeTakeFirstOrThrow();
    expect(order.status).toBe('paid');
    await context.close();
  });
});
