/**
 * A neighbour's invite link brings a newcomer, who opens a coupon a leader shared into the group,
 * logs in on the spot (registering through the invite) and claims it, chooses a pickup point, and
 * orders a 0-yuan item with another one: the confirm screen shows the newcomer's 0-yuan offer and
 * the coupon, the order costs what the screen said. They cancel it unpaid, find the coupon back
 * among their coupons, order again and pay; the coupon is used. The order is delivered and picked
 * up, and only then the neighbour who invited them gets the reward.
 */
import type { Browser } from 'playwright-core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { inviteCodeOf } from '../../server/src/modules/invites/index.ts';
import { advanceOrders } from '../../server/src/modules/ordering/index.ts';
import { createPromotion } from '../../server/src/modules/promotions/index.ts';
import { freePort } from '../../server/src/dev/wechatpay-double.ts';
import { byTestId, field, launchBrowser, viewports } from './browser.ts';
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

describe('promotions in the shop', () => {
  it('comes by an invite, claims a shared coupon, sees the best price, cancels, gets the coupon back, uses it, picks up; the inviter is rewarded', async () => {
    const db = server.ctx.db;
    const now = server.clock.now();
    const operator = await db.selectFrom('operators').select('id').executeTakeFirstOrThrow();
    const staff = await db.selectFrom('staff').select('id').where('operator_id', '=', operator.id).executeTakeFirstOrThrow();
    // Two lines open now, without a per-resident limit, the first the 0-yuan item.
    const { rows: lines } = await sql<{ id: string; sku_id: string; price: number }>`
      select cl.id, cl.sku_id, cl.group_price_fen as price from campaign_lines cl join campaigns c on c.id = cl.campaign_id
      where c.operator_id = ${operator.id} and c.status = 'open' and c.opens_at <= ${now} and c.cutoff_at > ${now}
        and cl.per_resident_limit is null and (cl.stock_total is null or cl.stock_total - cl.reserved > 10)
        and c.leader_scope = 'all'
      order by cl.group_price_fen, cl.id limit 2`.execute(db);
    const [free, other] = lines as [(typeof lines)[number], (typeof lines)[number]];
    const window = {
      startsAt: new Date(now.getTime() - 60_000).toISOString(),
      endsAt: new Date(now.getTime() + 7 * 86_400_000).toISOString(),
    };
    const common = {
      scope: { kind: 'operator' as const, ids: [] },
      newcomerOnly: false,
      stackable: true,
      fundedBy: 'operator' as const,
      claimable: false,
      thresholdFen: 0,
    };
    await createPromotion(server.ctx, operator.id, staff.id, {
      ...common,
      ...window,
      name: '新人0元购',
      trigger: 'automatic',
      discountKind: 'free_unit',
      scope: { kind: 'sku', ids: [free.sku_id] },
      newcomerOnly: true,
      perResidentLimit: 1,
    });
    const template = await createPromotion(server.ctx, operator.id, staff.id, {
      ...common,
      ...window,
      name: '团长券 立减1元',
      trigger: 'coupon',
      discountKind: 'amount',
      amountOffFen: 100,
      claimable: true,
      perResidentLimit: 1,
    });
    const leader = await db
      .selectFrom('leaders')
      .select('id')
      .where('operator_id', '=', operator.id)
      .orderBy('id')
      .executeTakeFirstOrThrow();

    const inviter = await db
      .selectFrom('residents')
      .select('id')
      .where('operator_id', '=', operator.id)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const code = await inviteCodeOf(db, now, operator.id, inviter.id);

    const context = await browser.newContext({
      viewport: viewports.phone,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    await context.clock.install({ time: now });
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error(`[resident] page error: ${err.stack ?? err.message}`));

    // The neighbour's invite link is opened first (the shop keeps its code for the login), then the
    // leader's share link: the login comes first, then the claim, attributed to the leader.
    await page.goto(`${server.url}/shop/?invite=${code}`);
    await field(page, 'login-phone').waitFor();
    await page.goto(`${server.url}/shop/coupons/claim/${template.id}?leader=${leader.id}`);
    const phone = field(page, 'login-phone');
    await phone.waitFor();
    await phone.fill('13712349901');
    await byTestId(page, 'login-send-code').click();
    await expect.poll(() => field(page, 'login-code').inputValue()).toMatch(/^\d{6}$/);
    await byTestId(page, 'login-submit').click();
    await byTestId(page, 'shared-coupon').waitFor();
    await byTestId(byTestId(page, 'shared-coupon'), 'claim-button').click();
    await byTestId(page, 'claim-choose-point').waitFor();
    const coupon = await db.selectFrom('coupons').selectAll().where('promotion_id', '=', template.id).executeTakeFirstOrThrow();
    expect(coupon).toMatchObject({ status: 'available', shared_by_leader_id: leader.id, source: 'claim' });
    await byTestId(page, 'claim-choose-point').getByRole('button').click();
    await byTestId(page, 'point-item').first().click();

    // The 0-yuan item and another: the confirm screen applies both offers.
    const order = async () => {
      await page.goto(`${server.url}/shop/`);
      for (const id of [free.id, other.id]) {
        const line = page.locator(`[data-testid="campaign-line"][data-line-id="${id}"]`);
        await byTestId(line, 'add-to-cart').click();
        await byTestId(line, 'line-stepper').waitFor();
      }
      await byTestId(page, 'cart-tab').click();
      await byTestId(page, 'checkout').click();
      await byTestId(page, 'confirm-total').waitFor();
    };
    await order();
    await expect.poll(() => byTestId(page, 'confirm-discount').count()).toBe(2);
    const expected = free.price + other.price - free.price - 100;
    await byTestId(page, 'place-order').click();
    await byTestId(page, 'pay-sheet').waitFor();
    const placed = await db.selectFrom('orders').select(['id', 'total_fen']).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    expect(placed.total_fen).toBe(expected);
    expect(
      (await db.selectFrom('coupons').select(['status', 'order_id']).where('id', '=', coupon.id).executeTakeFirstOrThrow()).status,
    ).toBe('held');

    // Not now: cancel it unpaid; the coupon comes back.
    await byTestId(page, 'pay-later').click();
    await page.waitForURL(/\/shop\/orders\/[^/]+$/);
    await byTestId(page, 'cancel-order').click();
    await page.locator('.adm-dialog-footer button').last().click();
    await expect
      .poll(async () => (await db.selectFrom('coupons').select('status').where('id', '=', coupon.id).executeTakeFirstOrThrow()).status, {
        timeout: 15_000,
      })
      .toBe('available');
    await page.goto(`${server.url}/shop/me/coupons`);
    await byTestId(page, 'coupon-returned').first().waitFor();

    // Again, and paid: the coupon is used. Still a newcomer (the cancelled order bought nothing).
    await order();
    await expect.poll(() => byTestId(page, 'confirm-discount').count()).toBe(2);
    await byTestId(page, 'place-order').click();
    await byTestId(page, 'pay-confirm').click();
    await page.waitForURL(/\/shop\/orders\/[^/]+$/);
    const paid = page.url().split('/').pop() as string;
    await expect
      .poll(async () => (await db.selectFrom('orders').select('status').where('id', '=', paid).executeTakeFirstOrThrow()).status, {
        timeout: 15_000,
      })
      .toBe('paid');
    await expect
      .poll(async () => (await db.selectFrom('coupons').select('status').where('id', '=', coupon.id).executeTakeFirstOrThrow()).status, {
        timeout: 15_000,
      })
      .toBe('used');

    // Registered through the invite; no reward before the first pickup, then one.
    const invitee = await db.selectFrom('residents').select('id').where('phone', '=', '13712349901').executeTakeFirstOrThrow();
    const invite = () =>
      db.selectFrom('invites').select(['status', 'inviter_id']).where('invitee_id', '=', invitee.id).executeTakeFirstOrThrow();
    expect(await invite()).toEqual({ status: 'registered', inviter_id: inviter.id });
    for (const step of ['allocated', 'delivered'] as const) {
      await db.transaction().execute((trx) => advanceOrders(server.ctx, trx, operator.id, [paid], step));
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await invite()).status).toBe('registered');
    await db.transaction().execute((trx) => advanceOrders(server.ctx, trx, operator.id, [paid], 'picked_up'));
    await expect.poll(async () => (await invite()).status, { timeout: 15_000 }).toBe('rewarded');
    const rewards = () =>
      db.selectFrom('points_entries').select('delta').where('resident_id', '=', inviter.id).where('reason', '=', 'invite_reward').execute();
    await expect.poll(async () => (await rewards()).length, { timeout: 15_000 }).toBe(1);
    await context.close();
  });
});
