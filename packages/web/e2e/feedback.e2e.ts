/**
 * The residents' voice: a resident rates a picked-up order and files a complaint about its
 * leader from the order's page; support sees the complaint in the queue beside the leader's
 * complaint rate, resolves it with a reason, and the leader's rate has changed; the resident
 * reads the resolution.
 */
import { sql } from 'kysely';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Principal } from '../../server/src/modules/identity/index.ts';
import { advanceOrders, payOrder, placeOrder } from '../../server/src/modules/ordering/index.ts';
import { verifyPickup } from '../../server/src/modules/pickup/index.ts';
import { freePort } from '../../server/src/dev/wechatpay-double.ts';
import { byTestId, deskContext, field, launchBrowser, logIn, phoneContext } from './browser.ts';
import { shanghai, todayInShanghaiAt } from './journey/world.ts';
import { type E2eServer, startE2eServer } from './server.ts';

let server: E2eServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startE2eServer({ start: todayInShanghaiAt('09:00'), webDir: inject('webDir'), port: await freePort(), fleet: false });
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.close();
});

describe("the residents' voice", () => {
  it('a resident rates an order and files a complaint; staff resolve it and see the leader’s complaint rate change', async () => {
    const db = server.ctx.db;
    const operatorId = server.operatorId;
    const now = server.clock.now();
    // A line of a campaign with no minimum (its cutoff keeps the order), and a resident with a pickup point.
    const { rows } = await sql<{ id: string }>`
      select cl.id from campaign_lines cl join campaigns c on c.id = cl.campaign_id
      where c.operator_id = ${operatorId} and c.status = 'open' and c.opens_at <= ${now} and c.cutoff_at > ${now}
        and c.leader_scope = 'all' and c.min_total_quantity = 0 and cl.per_resident_limit is null
        and (cl.stock_total is null or cl.stock_total - cl.reserved > 10)
      order by cl.group_price_fen, cl.id limit 1`.execute(db);
    const resident = await db
      .selectFrom('residents')
      .select(['id', 'phone'])
      .where('operator_id', '=', operatorId)
      .where('pickup_point_id', 'is not', null)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const support = await db
      .selectFrom('staff')
      .select(['id', 'phone'])
      .where('operator_id', '=', operatorId)
      .where(sql<boolean>`'support' = any(roles)`)
      .executeTakeFirstOrThrow();
    const who: Principal = { kind: 'resident', id: resident.id, operatorId, sessionId: 'e2e', roles: [] };

    // The order is paid, delivered and handed out by its leader; the pickup date comes.
    const order = await placeOrder(server.ctx, who, { lines: [{ campaignLineId: rows[0]!.id, quantity: 1 }] });
    await payOrder(server.ctx, who, order.id, 'instant');
    for (const step of ['allocated', 'delivered'] as const) {
      await db.transaction().execute((trx) => advanceOrders(server.ctx, trx, operatorId, [order.id], step));
    }
    const leader: Principal = { kind: 'leader', id: order.leader_id, operatorId, sessionId: 'e2e', roles: [] };
    await verifyPickup(server.ctx, leader, { scan: `linli:pickup:${order.id}:${order.pickup_code}` });
    server.clock.set(shanghai(order.pickup_date, '10:00'));
    await server.settle();
    expect((await db.selectFrom('orders').select('status').where('id', '=', order.id).executeTakeFirstOrThrow()).status).toBe('picked_up');

    // Support looks at the leader's rates first: no complaint yet.
    const desk = await deskContext(browser, { now: server.clock.now() });
    contexts.push(desk);
    const admin = await desk.newPage();
    await logIn(admin, server.url, 'admin', support.phone, 'zh-CN');
    await admin.goto(`${server.url}/admin/complaints?tab=leaders`);
    const leaderRow = admin.locator(`tr[data-row-key="${order.leader_id}"]`);
    await expect.poll(() => byTestId(leaderRow, 'rate-complaint').textContent(), { timeout: 15_000 }).toBe('0.0%');

    // The resident rates the order on its page, once.
    const phone = await phoneContext(browser, { now: server.clock.now() });
    contexts.push(phone);
    const shop = await phone.newPage();
    shop.on('pageerror', (err) => console.error(`[shop] page error: ${err.stack ?? err.message}`));
    await logIn(shop, server.url, 'shop', resident.phone, 'zh-CN');
    await shop.goto(`${server.url}/shop/orders/${order.id}`);
    await byTestId(shop, 'order-rate').click();
    await byTestId(shop, 'rate-form').waitFor();
    for (const [kind, stars] of [
      ['items', 4],
      ['freshness', 5],
      ['service', 2],
    ] as const) {
      await byTestId(shop, `rate-${kind}`).locator(`button[aria-label="${stars}"]`).tap();
      expect(await byTestId(shop, `rate-${kind}`).locator('[aria-pressed="true"]').count()).toBe(stars);
    }
    await field(shop, 'rate-comment').fill('橙子很甜，团长有点不耐烦');
    await byTestId(shop, 'rate-submit').click();
    await shop.waitForURL(new RegExp(`/shop/orders/${order.id}$`));
    await byTestId(shop, 'order-rating').waitFor();
    expect(await byTestId(shop, 'order-rate').count()).toBe(0);
    const rating = await db.selectFrom('order_ratings').selectAll().where('order_id', '=', order.id).executeTakeFirstOrThrow();
    expect([rating.items_score, rating.freshness_score, rating.service_score]).toEqual([4, 5, 2]);

    // … and complains about the leader.
    await byTestId(shop, 'order-complain').click();
    await byTestId(shop, 'complaint-target-leader').click();
    await field(shop, 'complaint-description').fill('自提点没按时开门，等了半小时');
    await byTestId(shop, 'complaint-submit').click();
    await shop.waitForURL(/\/shop\/complaints$/);
    await expect.poll(() => byTestId(shop, 'complaint-state').first().getAttribute('data-state')).toBe('open');
    const complaint = await db.selectFrom('complaints').selectAll().where('order_id', '=', order.id).executeTakeFirstOrThrow();
    expect(complaint).toMatchObject({ target_kind: 'leader', target_id: order.leader_id });

    // Support sees it in the queue with the leader's complaint rate beside it, and resolves it.
    await admin.goto(`${server.url}/admin/complaints`);
    const row = admin.locator(`tr[data-row-key="${complaint.id}"]`);
    await expect.poll(() => byTestId(row, 'leader-complaint-rate').textContent(), { timeout: 15_000 }).toMatch(/100\.0%（1\/1 单）/);
    expect(await byTestId(row, 'complaint-state').getAttribute('data-state')).toBe('open');
    await byTestId(row, 'complaint-resolve').click();
    await field(admin, 'resolution-input').fill('已与团长沟通，今后按时开门，并补偿一张优惠券');
    // The answer to the resolve itself, so a failure here says whether it was sent and what came back.
    const resolved = admin.waitForResponse((r) => r.url().endsWith(`/complaints/${complaint.id}/resolve`), { timeout: 15_000 });
    await byTestId(admin, 'resolve-submit').click();
    expect((await resolved).status()).toBe(200);
    // Resolved, it leaves the unresolved queue.
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(0);
    expect((await db.selectFrom('complaints').select('state').where('id', '=', complaint.id).executeTakeFirstOrThrow()).state).toBe(
      'resolved',
    );

    // The leader's complaint rate changed.
    await admin.goto(`${server.url}/admin/complaints?tab=leaders`);
    await expect.poll(() => byTestId(leaderRow, 'rate-complaint').textContent(), { timeout: 15_000 }).toBe('100.0%');

    // The resident reads the resolution, and may appeal it once.
    await shop.goto(`${server.url}/shop/complaints`);
    await expect.poll(() => byTestId(shop, 'complaint-state').first().getAttribute('data-state'), { timeout: 15_000 }).toBe('resolved');
    expect(await byTestId(shop, 'complaint-resolution').first().textContent()).toContain('今后按时开门');
    expect(await byTestId(shop, 'complaint-appeal').count()).toBe(1);
  });
});
