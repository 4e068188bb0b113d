/**
 * Team buy (拼团) in the shop: a resident opens a team of two by paying, a neighbour opens the
 * team's share link, joins and pays, and the team forms on both their screens. Another team of
 * three gets only those two before its time is up: it fails, and both residents see their money
 * refunded.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Principal } from '../../server/src/modules/identity/index.ts';
import { createTeamDeal } from '../../server/src/modules/teambuy/index.ts';
import { freePort } from '../../server/src/dev/wechatpay-double.ts';
import { byTestId, launchBrowser, logIn, phoneContext } from './browser.ts';
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

async function residentPage(phone: string): Promise<Page> {
  const context = await phoneContext(browser, { now: server.clock.now() });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[${phone}] page error: ${err.stack ?? err.message}`));
  await logIn(page, server.url, 'shop', phone, 'zh-CN');
  return page;
}

/** Pays the order the pay sheet shows (the dev provider's notification). */
async function payOnSheet(page: Page) {
  await byTestId(page, 'pay-sheet').waitFor();
  await byTestId(page, 'pay-confirm').click();
  await byTestId(page, 'pay-sheet').waitFor({ state: 'hidden' });
}

describe('team buy in the shop', () => {
  it('opens a team, a neighbour joins by its link and it forms; another team expires and both see the refund', async () => {
    const db = server.ctx.db;
    const now = server.clock.now();
    const operatorId = server.operatorId;
    const admin = await sql<{
      id: string;
    }>`select id from staff where operator_id = ${operatorId} and 'admin' = any(roles) limit 1`.execute(db);
    const staff: Principal = { kind: 'staff', id: admin.rows[0]?.id as string, operatorId, sessionId: 'e2e', roles: ['admin'] };
    const { rows: lines } = await sql<{ id: string; price: number }>`
      select cl.id, cl.group_price_fen as price from campaign_lines cl join campaigns c on c.id = cl.campaign_id
      where c.operator_id = ${operatorId} and c.status = 'open' and c.opens_at <= ${now} and c.cutoff_at > ${new Date(now.getTime() + 2 * 3600_000)}
        and cl.per_resident_limit is null and (cl.stock_total is null or cl.stock_total - cl.reserved > 10)
        and c.leader_scope = 'all' and cl.group_price_fen >= 200
      order by cl.group_price_fen, cl.id limit 2`.execute(db);
    const [first, second] = lines as [(typeof lines)[number], (typeof lines)[number]];
    const terms = { openerNewcomerOnly: false, operatorMayFill: false, extraPayerPolicy: 'new_team' as const, timeLimitMinutes: 30 };
    const pair = await createTeamDeal(server.ctx, staff, {
      ...terms,
      campaignLineId: first.id,
      teamSize: 2,
      teamPriceFen: first.price - 100,
    });
    const trio = await createTeamDeal(server.ctx, staff, {
      ...terms,
      campaignLineId: second.id,
      teamSize: 3,
      teamPriceFen: second.price - 100,
    });
    // Two residents of the demo city with their pickup points.
    const residents = await db
      .selectFrom('residents')
      .select(['id', 'phone'])
      .where('operator_id', '=', operatorId)
      .where('pickup_point_id', 'is not', null)
      .orderBy('id')
      .limit(2)
      .execute();
    const [a, b] = residents as [(typeof residents)[number], (typeof residents)[number]];
    const pageA = await residentPage(a.phone);
    const pageB = await residentPage(b.phone);
    const teamOf = async (residentId: string, dealId: string) => {
      await expect
        .poll(
          async () =>
            (
              await db
                .selectFrom('team_orders')
                .select('team_id')
                .where('resident_id', '=', residentId)
                .where('deal_id', '=', dealId)
                .executeTakeFirst()
            )?.team_id ?? null,
          { timeout: 15_000 },
        )
        .not.toBeNull();
      const row = await db
        .selectFrom('team_orders')
        .select('team_id')
        .where('resident_id', '=', residentId)
        .where('deal_id', '=', dealId)
        .executeTakeFirstOrThrow();
      return row.team_id as string;
    };

    // A opens a team of two and pays: the team is open with one slot left.
    await pageA.goto(`${server.url}/shop/team-deals/${pair}`);
    await byTestId(pageA, 'team-open').click();
    await payOnSheet(pageA);
    await pageA.waitForURL(/\/shop\/me\/teams$/);
    const pairTeam = await teamOf(a.id, pair);
    await pageA.goto(`${server.url}/shop/teams/${pairTeam}`);
    await expect.poll(() => byTestId(pageA, 'team-state').getAttribute('data-state')).toBe('open');
    expect(await byTestId(pageA, 'team-slot').count()).toBe(1);

    // B opens the share link, sees A as the opener, joins and pays: the team forms.
    await pageB.goto(`${server.url}/shop/teams/${pairTeam}`);
    await expect.poll(() => byTestId(pageB, 'team-member').count()).toBe(1);
    await byTestId(pageB, 'team-join').click();
    await payOnSheet(pageB);
    await expect.poll(() => byTestId(pageB, 'team-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('formed');
    await expect.poll(() => byTestId(pageB, 'team-member').count()).toBe(2);
    await pageA.reload();
    await expect.poll(() => byTestId(pageA, 'team-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('formed');

    // A team of three: A opens, B joins, nobody else comes; its half hour passes and it fails.
    await pageA.goto(`${server.url}/shop/team-deals/${trio}`);
    await byTestId(pageA, 'team-open').click();
    await payOnSheet(pageA);
    await pageA.waitForURL(/\/shop\/me\/teams$/);
    const trioTeam = await teamOf(a.id, trio);
    await pageB.goto(`${server.url}/shop/team-deals/${trio}`);
    await byTestId(pageB, 'open-team').first().click();
    await pageB.waitForURL(new RegExp(`/shop/teams/${trioTeam}$`));
    await byTestId(pageB, 'team-join').click();
    await payOnSheet(pageB);
    await expect.poll(() => byTestId(pageB, 'team-my-order').getAttribute('data-state'), { timeout: 15_000 }).toBe('member');
    server.clock.advance(31 * 60_000);
    await server.settle();
    const failed = await db.selectFrom('teams').select('state').where('id', '=', trioTeam).executeTakeFirstOrThrow();
    expect(failed.state).toBe('failed');

    // Both see the team failed and their money refunded.
    for (const page of [pageA, pageB]) {
      await page.goto(`${server.url}/shop/teams/${trioTeam}`);
      await expect.poll(() => byTestId(page, 'team-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('failed');
      await expect.poll(() => byTestId(page, 'team-my-order').getAttribute('data-state')).toBe('refunded');
    }
    await pageA.goto(`${server.url}/shop/me/teams`);
    await expect.poll(() => pageA.locator('[data-testid="my-team"][data-state="refunded"]').count(), { timeout: 15_000 }).toBe(1);
    const refunds = await sql<{ n: number }>`
      select count(*)::int as n from refunds r join team_orders o on o.order_id = r.order_id where o.deal_id = ${trio}`.execute(db);
    expect(refunds.rows[0]?.n).toBe(2);
  });
});
