/**
 * A flash sale in the browser: a merchandiser's session on a campaign line; a resident finds it on
 * the shop's home at its start, taps 马上抢, wins and lands on the order to pay; a second tap is
 * refused at the limit. The admin's section shows the session live with its order.
 */
import type { Browser } from 'playwright-core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../server/src/dev/wechatpay-double.ts';
import { createFlashSale } from '../../server/src/modules/flashsale/index.ts';
import { byTestId, deskContext, launchBrowser, logIn, phoneContext } from './browser.ts';
import { todayInShanghaiAt } from './journey/world.ts';
import { type E2eServer, startE2eServer } from './server.ts';

let server: E2eServer;
let browser: Browser;

beforeAll(async () => {
  server = await startE2eServer({ start: todayInShanghaiAt('09:00'), webDir: inject('webDir'), port: await freePort(), fleet: false });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a flash sale', () => {
  it('is found on the home at its start, won with one tap that lands on the order to pay; the admin watches it live', async () => {
    const db = server.ctx.db;
    const now = server.clock.now();
    const operator = await db.selectFrom('operators').select('id').executeTakeFirstOrThrow();
    const merchandiser = await db
      .selectFrom('staff')
      .select(['id', 'phone'])
      .where('operator_id', '=', operator.id)
      .where(sql<boolean>`'merchandiser' = any(roles)`)
      .executeTakeFirstOrThrow();
    const { rows } = await sql<{ id: string; price: number }>`
      select cl.id, cl.group_price_fen as price from campaign_lines cl join campaigns c on c.id = cl.campaign_id
      where c.operator_id = ${operator.id} and c.status = 'open' and c.opens_at <= ${now} and c.cutoff_at > ${now}
        and c.leader_scope = 'all' and (cl.stock_total is null or cl.stock_total - cl.reserved > 10) and cl.group_price_fen > 100
      order by cl.group_price_fen, cl.id limit 1`.execute(db);
    const line = rows[0] as (typeof rows)[number];
    const sale = await createFlashSale(
      server.ctx,
      { kind: 'staff', id: merchandiser.id, operatorId: operator.id, sessionId: 'e2e', roles: ['merchandiser'] },
      {
        campaignLineId: line.id,
        title: '整点秒杀 冰糖橙',
        priceFen: Math.floor(line.price / 2),
        quantity: 3,
        perResidentLimit: 1,
        startsAt: now,
        endsAt: new Date(now.getTime() + 30 * 60_000),
      },
    );

    const phone = await phoneContext(browser, { now });
    const page = await phone.newPage();
    page.on('pageerror', (err) => console.error(`[resident] page error: ${err.stack ?? err.message}`));
    const resident = await db
      .selectFrom('residents')
      .select('phone')
      .where('operator_id', '=', operator.id)
      .where('pickup_point_id', 'is not', null)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await logIn(page, server.url, 'shop', resident.phone, 'zh-CN');
    await byTestId(page, 'home-flash-sales').click();
    const card = byTestId(page, 'flash-sale');
    await expect.poll(() => byTestId(card, 'flash-left').textContent()).toContain('剩 3 / 3');
    await byTestId(card, 'flash-grab').click();
    await page.waitForURL(/\/shop\/orders\/[^/]+$/);
    const orderId = page.url().split('/').pop() as string;
    const order = await db.selectFrom('orders').select(['status', 'total_fen']).where('id', '=', orderId).executeTakeFirstOrThrow();
    expect(order).toEqual({ status: 'pending_payment', total_fen: Math.floor(line.price / 2) });

    // Back on the session: one unit taken, and a second tap is refused at the limit of one.
    await page.goto(`${server.url}/shop/flash-sales`);
    await expect.poll(() => byTestId(card, 'flash-left').textContent()).toContain('剩 2 / 3');
    await byTestId(card, 'flash-grab').click();
    await expect.poll(() => page.locator('.adm-toast-main').textContent()).toBeTruthy();
    expect(
      await db.selectFrom('orders').select('id').where('id', '!=', orderId).where('total_fen', '=', order.total_fen).execute(),
    ).toEqual([]);

    const desk = await deskContext(browser, { now });
    const admin = await desk.newPage();
    await logIn(admin, server.url, 'admin', merchandiser.phone, 'zh-CN');
    await admin.goto(`${server.url}/admin/flash-sales`);
    const row = admin.locator(`tr[data-row-key="${sale.id}"]`);
    await expect.poll(() => byTestId(row, 'flash-left').textContent()).toMatch(/2 \/ 2/);
    expect(await byTestId(row, 'flash-state').textContent()).toBe('进行中');
    await phone.close();
    await desk.close();
  });
});
