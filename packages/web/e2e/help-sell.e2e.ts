/**
 * 帮卖 (help-sell) on the phones and in the admin: a leader proposes a help-sell campaign from
 * 我的 → 帮卖; a merchandiser approves it in 团购活动 → 帮卖申请 with the reseller's share raised
 * and publishes it; another leader sees the split and what they earn per unit and opts in; a
 * resident of that leader's point orders and pays in the shop; both leaders then see their shares
 * on their 帮卖 page and on their commission statement, as the split gives them for what was paid.
 */
import { sql } from 'kysely';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../server/src/dev/wechatpay-double.ts';
import { helpSellEarnings } from '../../server/src/modules/ledger/index.ts';
import { yuan } from '../src/common/format.ts';
import { byTestId, deskContext, field, launchBrowser, logIn, phoneContext } from './browser.ts';
import { todayInShanghaiAt } from './journey/world.ts';
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

async function open(area: 'leader' | 'shop' | 'admin', phone: string): Promise<Page> {
  const context =
    area === 'admin' ? await deskContext(browser, { now: server.clock.now() }) : await phoneContext(browser, { now: server.clock.now() });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[${area} ${phone}] page error: ${err.stack ?? err.message}`));
  await logIn(page, server.url, area, phone, 'zh-CN');
  return page;
}

/** 我的 → 帮卖, as the leader taps it. */
async function openHelpSell(page: Page): Promise<void> {
  await byTestId(page, 'tab-me').click();
  await byTestId(page, 'me-help-sell').click();
  await byTestId(page, 'help-sell-as-seller').waitFor();
}

/** Shows the page again from the server (a person pulls to refresh; here: reload) and waits for it. */
async function reload(page: Page, testId: string): Promise<void> {
  await page.reload();
  await byTestId(page, testId).first().waitFor();
}

const text = async (page: Page | Locator, testId: string) =>
  ((await byTestId(page, testId).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

const TITLE = '团长推荐·帮卖专场';
/** What a person waits for on a loaded machine. */
const patient = { timeout: 15_000 };
const PRICE_FEN = 2000;
/** The split proposed (12 % to the reseller, 5 % to the publisher) and the one staff agree (15 %). */
const SELLER_BP = 1500;
const PUBLISHER_BP = 500;

describe('help-sell (帮卖)', () => {
  it('a leader proposes, staff approve and publish, another leader resells, and both see their shares', async () => {
    const db = server.ctx.db;
    const operatorId = server.operatorId;
    // Two active leaders with an open point that has members: the first publishes, the second resells.
    const { rows: leaders } = await sql<{ id: string; name: string; phone: string; point_id: string }>`
      select distinct on (l.id) l.id, l.name, l.phone, pp.id as point_id
      from leaders l join pickup_points pp on pp.leader_id = l.id and pp.status = 'open'
      where l.operator_id = ${operatorId} and l.status = 'active'
        and not exists (select 1 from leader_transfers t where t.leader_id = l.id)
        and exists (select 1 from residents r where r.pickup_point_id = pp.id)
      order by l.id, pp.id limit 2`.execute(db);
    const [publisher, reseller] = leaders;
    if (!publisher || !reseller) throw new Error('the demo city has fewer than two leaders with members');
    const resident = await db
      .selectFrom('residents')
      .select(['id', 'phone'])
      .where('pickup_point_id', '=', reseller.point_id)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const merchandiser = await sql<{ phone: string }>`
      select phone from staff where operator_id = ${operatorId} and 'merchandiser' = any(roles) order by id limit 1`.execute(db);
    const today = server.clock.now(); // 09:00 in Shanghai, the day the server started on
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(today);
    const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(today.getTime() + 86_400_000));

    // 1. The publisher proposes on the phone: one SKU at ¥20.00, today 09:00–21:00, pickup tomorrow, 12 % / 5 %.
    const pub = await open('leader', publisher.phone);
    await openHelpSell(pub);
    await byTestId(pub, 'help-sell-propose').click();
    const form = byTestId(pub, 'proposal-form');
    await form.waitFor();
    const addLine = byTestId(form, 'proposal-add-line');
    await expect.poll(() => addLine.locator('option').count(), patient).toBeGreaterThan(1);
    const sku = addLine.locator('option').nth(1);
    const skuId = (await sku.getAttribute('value')) as string;
    const skuName = ((await sku.textContent()) ?? '').trim();
    await field(form, 'proposal-title').fill(TITLE);
    await field(form, 'proposal-note').fill('自家小区团购过的好货，欢迎各位团长帮卖');
    await field(form, 'proposal-opensAt').fill(`${day}T09:00`);
    await field(form, 'proposal-cutoffAt').fill(`${day}T21:00`);
    await field(form, 'proposal-pickupDate').fill(tomorrow);
    await addLine.selectOption(skuId);
    const line = byTestId(form, 'proposal-line');
    await line.waitFor();
    expect(await line.textContent()).toContain(skuName);
    await field(line, 'proposal-line-price').fill(String(PRICE_FEN / 100));
    await field(line, 'proposal-line-stock').fill('50');
    await field(line, 'proposal-line-limit').fill('5');
    await field(form, 'proposal-seller').fill('12');
    await field(form, 'proposal-publisher').fill('5');
    await expect.poll(() => text(form, 'proposal-platform'), patient).toBe('平台 83%');
    await byTestId(form, 'proposal-submit').click();
    const proposal = byTestId(pub, 'proposal').filter({ hasText: TITLE });
    await proposal.waitFor();
    expect(await text(proposal, 'proposal-status')).toBe('待审核');
    expect(await text(proposal, 'proposal-split')).toBe('申请分成：帮卖团长 12%，发布方 5%');

    // 2. A merchandiser approves it in the queue with the reseller's share raised to 15 %, and publishes it.
    const admin = await open('admin', merchandiser.rows[0]!.phone);
    await admin.goto(`${server.url}/admin/campaigns`);
    await byTestId(admin, 'campaign-proposals').click();
    const row = byTestId(admin, 'proposal-row').filter({ hasText: TITLE });
    await row.waitFor();
    expect(await row.textContent()).toContain(publisher.name);
    expect(await row.textContent()).toContain('帮卖团长 12% · 发布方 5%');
    await byTestId(row, 'proposal-approve').click();
    await byTestId(admin, 'proposal-approve-form').waitFor();
    await expect.poll(() => field(admin, 'approve-seller').inputValue(), patient).toBe('12');
    await field(admin, 'approve-seller').fill('15');
    await expect.poll(() => text(admin, 'approve-platform'), patient).toBe('平台保留 80%');
    await byTestId(admin, 'approve-publish').click();
    await byTestId(admin, 'proposal-approve-ok').click();
    // Approved, the campaign it became opens: open now, the leader its publisher, the agreed split.
    await admin.waitForURL(/\/admin\/campaigns\/(?!proposals)[^/]+$/, { timeout: 30_000 });
    await expect.poll(() => byTestId(admin, 'campaign-status').getAttribute('data-status'), patient).toBe('open');
    expect(await text(admin, 'campaign-title-text')).toBe(TITLE);
    await expect.poll(() => text(admin, 'help-sell-split'), patient).toBe('帮卖团长 15% · 发布方 5% · 平台 80%');
    expect(await text(admin, 'help-sell-publisher-name')).toBe(`团长 · ${publisher.name}`);
    const campaignId = admin.url().split('/').pop() as string;

    // The publisher's list shows it approved with the agreed split, and the campaign as theirs.
    await reload(pub, 'proposal');
    await expect.poll(() => text(proposal, 'proposal-status'), patient).toBe('已通过');
    expect(await text(proposal, 'proposal-split')).toBe('约定分成：帮卖团长 15%，发布方 5%，平台 80%');
    const mine = byTestId(pub, 'help-sell-campaign').filter({ hasText: TITLE });
    await mine.getByText('我发布的', { exact: true }).waitFor();

    // 3. The other leader sees the campaign, its split and what they earn per unit, and opts in.
    const res = await open('leader', reseller.phone);
    await openHelpSell(res);
    const card = byTestId(res, 'help-sell-campaign').filter({ hasText: TITLE });
    await card.waitFor();
    expect(await card.textContent()).toContain(`团长「${publisher.name}」发布`);
    expect(await text(card, 'help-sell-split')).toBe('分成：帮卖团长 15%，发布方 5%，平台 80%');
    const perUnit = Math.floor((PRICE_FEN * SELLER_BP) / 10_000);
    const offered = await text(card, 'help-sell-line');
    expect(offered).toContain(`${skuName} ${yuan(PRICE_FEN)}`);
    expect(offered).toContain(`每份赚 ${yuan(perUnit)}`);
    const toggle = byTestId(card, 'help-sell-toggle');
    expect(await toggle.textContent()).toContain('我要帮卖');
    await toggle.click();
    await card.getByText('帮卖中', { exact: true }).waitFor();
    await expect.poll(() => toggle.textContent(), patient).toContain('不再帮卖');

    // 4. A resident of the reseller's point orders two in the shop and pays.
    const lineId = (
      await db
        .selectFrom('campaign_lines')
        .select('id')
        .where('campaign_id', '=', campaignId)
        .where('sku_id', '=', skuId)
        .executeTakeFirstOrThrow()
    ).id;
    const shop = await open('shop', resident.phone);
    const shopLine = shop.locator(`[data-testid="campaign-line"][data-line-id="${lineId}"]`);
    await shopLine.waitFor({ timeout: 15_000 });
    await byTestId(shopLine, 'add-to-cart').click();
    await byTestId(shopLine, 'line-stepper').waitFor();
    await byTestId(shopLine, 'qty-plus').click();
    await expect.poll(() => byTestId(shopLine, 'line-stepper').getAttribute('data-value'), patient).toBe('2');
    await byTestId(shop, 'cart-tab').click();
    await byTestId(shop, 'cart-line').first().waitFor();
    await byTestId(shop, 'checkout').click();
    await byTestId(shop, 'place-order').click();
    await byTestId(shop, 'pay-sheet').waitFor();
    await byTestId(shop, 'pay-confirm').click();
    await shop.waitForURL(/\/shop\/orders\/[^/]+$/, { timeout: 30_000 });
    await expect.poll(() => text(shop, 'order-status'), { timeout: 30_000 }).toContain('已付款');
    const orderId = shop.url().split('/').pop() as string;
    const order = await db.selectFrom('orders').select(['leader_id']).where('id', '=', orderId).executeTakeFirstOrThrow();
    expect(order.leader_id).toBe(reseller.id);
    // What the resident paid for the line: the shares are of it.
    const paid = await db
      .selectFrom('order_lines')
      .select(['quantity', 'amount_fen'])
      .where('order_id', '=', orderId)
      .where('campaign_line_id', '=', lineId)
      .executeTakeFirstOrThrow();
    expect(paid.quantity).toBe(2);
    const sellerFen = Math.floor((Number(paid.amount_fen) * SELLER_BP) / 10_000);
    const publisherFen = Math.floor((Number(paid.amount_fen) * PUBLISHER_BP) / 10_000);
    expect(sellerFen).toBeGreaterThan(0);
    expect(publisherFen).toBeGreaterThan(0);

    await server.settle();
    // The ledger holds the shares the split gives.
    const ledgerOf = async (leaderId: string) => (await helpSellEarnings(db, operatorId, { kind: 'leader', id: leaderId })).get(campaignId);
    expect(await ledgerOf(reseller.id)).toMatchObject({ asSellerFen: sellerFen, asPublisherFen: 0 });
    expect(await ledgerOf(publisher.id)).toMatchObject({ asSellerFen: 0, asPublisherFen: publisherFen });

    // The reseller's 帮卖 page shows their 帮卖佣金, and so does their statement.
    await reload(res, 'help-sell-campaign');
    await expect.poll(() => text(res, 'help-sell-as-seller'), patient).toBe(yuan(sellerFen));
    expect(await text(res, 'help-sell-as-publisher')).toBe(yuan(0));
    expect(await text(card, 'help-sell-earnings')).toContain(`帮卖佣金 ${yuan(sellerFen)}`);
    await statementShows(res, 'commission-help-sell-seller', '其中帮卖佣金', sellerFen);

    // The publisher's shows their 发布分成, and their statement 帮卖发布分成.
    await reload(pub, 'help-sell-campaign');
    await expect.poll(() => text(pub, 'help-sell-as-publisher'), patient).toBe(yuan(publisherFen));
    expect(await text(pub, 'help-sell-as-seller')).toBe(yuan(0));
    expect(await text(mine, 'help-sell-earnings')).toContain(`发布分成 ${yuan(publisherFen)}`);
    await statementShows(pub, 'commission-help-sell-publisher', '帮卖发布分成', publisherFen);
  });
});

/** Back from 帮卖 to 我的 → 佣金明细, the whole statement: the row `testId` reads `label` and the amount. */
async function statementShows(page: Page, testId: string, label: string, fen: number): Promise<void> {
  await page.locator('.adm-nav-bar-back').click();
  await byTestId(page, 'me-help-sell').waitFor();
  await page.getByText('佣金明细', { exact: true }).first().click();
  await byTestId(page, 'commission-period').locator('[data-value="all"]').click();
  const item = byTestId(page, testId);
  await item.waitFor({ timeout: 15_000 });
  expect(((await item.textContent()) ?? '').replace(/\s+/g, '')).toBe(`${label}${yuan(fen)}`);
}
