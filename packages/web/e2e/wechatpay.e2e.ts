/**
 * A resident pays with WeChat Pay (H5) in a phone's browser: linli runs with the WeChat Pay
 * provider against the double of WeChat Pay API v3 (packages/server/test/doubles), the shop opens
 * the double's H5 page, the payer confirms there, WeChat Pay notifies linli and sends the payer
 * back to the order, which reads paid.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort, linliSettings, startWechatPayDouble, type WechatPayDouble } from '../../server/src/dev/wechatpay-double.ts';
import { shopLocales } from '../src/areas/shop/locales.ts';
import { byTestId, launchBrowser, logIn, phoneContext } from './browser.ts';
import { todayInShanghaiAt } from './journey/world.ts';
import { type E2eServer, startE2eServer } from './server.ts';
import { textOf, tr } from './journey/text.ts';

let wx: WechatPayDouble;
let server: E2eServer;
let browser: Browser;
let keyDir: string;

beforeAll(async () => {
  wx = await startWechatPayDouble();
  keyDir = mkdtempSync(join(tmpdir(), 'linli-e2e-wxpay-'));
  const port = await freePort();
  server = await startE2eServer({
    start: todayInShanghaiAt('09:00'),
    webDir: inject('webDir'),
    port,
    fleet: false,
    env: linliSettings(wx, keyDir, `http://127.0.0.1:${port}`),
  });
  // linli and WeChat Pay read the same (test) time: signatures' timestamps and the payment window agree.
  wx.now = () => server.clock.now().getTime();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await wx?.close();
  if (keyDir) rmSync(keyDir, { recursive: true, force: true });
});

describe('paying with WeChat Pay in a phone browser (H5)', () => {
  it('opens WeChat Pay, the payer confirms, and the order reads paid when they come back', async () => {
    const context = await phoneContext(browser, { now: server.clock.now() });
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error(`[resident] page error: ${err.stack ?? err.message}`));
    await logIn(page, server.url, 'shop', '13712340077', 'zh-CN');
    await byTestId(page, 'point-item').first().click();
    const buyable = byTestId(page, 'campaign-line')
      .filter({ has: page.locator('[data-testid="add-to-cart"]:not([disabled])') })
      .first();
    await byTestId(buyable, 'add-to-cart').click();
    await byTestId(page, 'cart-tab').click();
    await byTestId(page, 'checkout').click();
    await byTestId(page, 'place-order').click();
    await byTestId(page, 'pay-sheet').waitFor();
    await expect.poll(() => textOf(byTestId(page, 'pay-sheet'))).toContain(tr(shopLocales, 'zh-CN', 'pay.wechatHint'));
    await byTestId(page, 'pay-confirm').click();

    // WeChat Pay's page (the double's), with the amount linli asked for.
    await page.waitForURL((url) => url.href.startsWith(`${wx.url}/pay/h5/`));
    const [trade] = [...wx.transactions.values()];
    expect(trade).toMatchObject({ trade_state: 'NOTPAY', notify_url: `${server.url}/api/v1/payments/wechatpay/notify` });
    await page.locator('#confirm-pay').click();

    // Back in the shop, on the order, paid: the notification reached linli and verified.
    await page.waitForURL(/\/shop\/orders\/[^/]+$/);
    const orderId = page.url().split('/').pop() as string;
    await expect
      .poll(() => textOf(byTestId(page, 'order-status').first()), { timeout: 15_000 })
      .toContain(tr(shopLocales, 'zh-CN', 'orders.status.paid'));
    const order = await server.ctx.db
      .selectFrom('orders')
      .select(['status', 'total_fen'])
      .where('id', '=', orderId)
      .executeTakeFirstOrThrow();
    expect(order.status).toBe('paid');
    expect(trade?.amount.total).toBe(order.total_fen);
    expect(wx.notifications.map((n) => [n.eventType, n.status])).toEqual([['TRANSACTION.SUCCESS', 204]]);
    await context.close();
  });
});
