/**
 * Leader performance (团长绩效): with two weeks of the demo's generated order history behind the
 * city, staff define three levels and a reward rule on the admin's performance page, close last
 * week and read its KPI table (a leader promoted, the reward in the period's results); that leader
 * opens 我的 → 我的等级与排名 on the phone and sees their new level and why, the reward posted and
 * their place in the ranking, and the reward is on their commission statement (the ledger).
 *
 * The server runs its background jobs as in service: the period-close sweep leaves last week,
 * which ended before staff saved the setup, for them to close by hand.
 */
import { sql } from 'kysely';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { generateHistory } from '../../server/src/demo/performance.ts';
import { lastClosedPeriod, periodLabel, previousPeriod } from '../../server/src/modules/leader-performance/index.ts';
import { leaderStatement } from '../../server/src/modules/settlement/statements.ts';
import { localDate } from '../../server/src/platform/calendar.ts';
import { freePort } from '../../server/src/dev/wechatpay-double.ts';
import { byTestId, deskContext, field, launchBrowser, logIn, phoneContext } from './browser.ts';
import { PHONES, todayInShanghaiAt } from './journey/world.ts';
import { type E2eServer, startE2eServer } from './server.ts';

let server: E2eServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startE2eServer({
    start: todayInShanghaiAt('09:00'),
    webDir: inject('webDir'),
    port: await freePort(),
    fleet: false,
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.close();
});

async function device(kind: 'phone' | 'desk', who: string): Promise<Page> {
  const context =
    kind === 'phone' ? await phoneContext(browser, { now: server.clock.now() }) : await deskContext(browser, { now: server.clock.now() });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[${who}] page error: ${err.stack ?? err.message}`));
  return page;
}

/** Opens an Ant Design select and picks the option with this text. */
async function choose(page: Page, select: Locator, option: string): Promise<void> {
  await select.click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: option }).first().click();
}

describe('leader performance', () => {
  it('staff set levels and a reward rule and close the week; the promoted leader sees level, reasons, reward and rank', async () => {
    const db = server.ctx.db;
    const operatorId = server.operatorId;
    const week = lastClosedPeriod('week', localDate(server.clock.now(), 'Asia/Shanghai'));
    await generateHistory(server.ctx, operatorId, [previousPeriod(week), week]);

    // The leader at the lowest level who sold most last week (GMV as the KPI counts it: paid less refunded).
    const { rows } = await sql<{ id: string; name: string; phone: string; gmv: number }>`
      select l.id, l.name, l.phone, sum(o.total_fen - o.refunded_fen)::int as gmv
      from leaders l join orders o on o.leader_id = l.id
      where l.operator_id = ${operatorId} and l.status = 'active' and l.level = 1
        and o.pickup_date between ${week.start}::date and ${week.end}::date and o.paid_at is not null
      group by l.id order by gmv desc, l.id limit 1`.execute(db);
    const leader = rows[0]!;
    // Silver asks for at least half of what they sold, in whole yuan; so does the reward rule.
    const thresholdYuan = Math.floor(leader.gmv / 200);
    expect(thresholdYuan).toBeGreaterThan(0);

    // Staff define three levels: trainee (no thresholds), silver (GMV) and gold (out of reach).
    const admin = await device('desk', 'admin');
    await logIn(admin, server.url, 'admin', PHONES.admin, 'zh-CN');
    await admin.goto(`${server.url}/admin/performance`);
    await admin.getByRole('tab', { name: '等级' }).click();
    const levels = [
      { level: 1, name: '见习团长', rate: 10, gmvYuan: null },
      { level: 2, name: '银牌团长', rate: 11, gmvYuan: thresholdYuan },
      { level: 3, name: '金牌团长', rate: 12, gmvYuan: 1_000_000 },
    ];
    for (const l of levels) {
      await byTestId(admin, 'perf-add-level').click();
      await field(admin, `perf-level-name-${l.level}`).fill(l.name);
      await field(admin, `perf-level-rate-${l.level}`).fill(String(l.rate));
      if (l.gmvYuan !== null) {
        await choose(admin, byTestId(admin, `perf-level-add-${l.level}`), '销售额');
        await field(admin, `perf-level-${l.level}-gmv`).fill(String(l.gmvYuan));
      }
    }
    await byTestId(admin, 'perf-save-levels').click();
    await admin.getByText('已保存').first().waitFor();
    const saved = await db.selectFrom('leader_levels').selectAll().where('operator_id', '=', operatorId).orderBy('level').execute();
    expect(saved.map((l) => [l.level, l.name, l.commission_rate_bp, l.thresholds])).toEqual([
      [1, '见习团长', 1000, {}],
      [2, '银牌团长', 1100, { gmv: thresholdYuan * 100 }],
      [3, '金牌团长', 1200, { gmv: 100_000_000 }],
    ]);

    // … and a bonus: ¥20 for a week's GMV at or above the same mark.
    await admin.getByRole('tab', { name: '奖惩规则' }).click();
    await byTestId(admin, 'perf-new-rule').click();
    await field(admin, 'perf-rule-name').fill('周销售达标奖');
    await field(admin, 'perf-rule-threshold').fill(String(thresholdYuan));
    await field(admin, 'perf-rule-amount').fill('20');
    await admin.locator('.ant-modal-footer .ant-btn-primary').click();
    await byTestId(admin, 'perf-rules').locator('tbody tr', { hasText: '周销售达标奖' }).waitFor();

    // They close last week and read its table: the leader went up to silver and earned the bonus.
    await admin.getByRole('tab', { name: '指标与排名' }).click();
    await byTestId(admin, 'perf-close').click();
    await admin
      .getByText(/已结算：\d+ 位团长/)
      .first()
      .waitFor({ timeout: 30_000 });
    await admin.getByText(`${periodLabel(week)} 已结算`).waitFor();
    const row = byTestId(admin, 'perf-table').locator(`tr[data-row-key="${leader.id}"]`);
    await row.waitFor();
    expect(await byTestId(row, 'perf-level-change').textContent()).toBe('L1 → L2');
    const result = await db
      .selectFrom('leader_period_results')
      .select(['rank', 'ranked', 'level_after'])
      .where('leader_id', '=', leader.id)
      .where('period_start', '=', week.start)
      .executeTakeFirstOrThrow();
    expect(result.level_after).toBe(2);
    expect(await row.locator('td').first().textContent()).toBe(`${result.rank}/${result.ranked}`);
    const reward = byTestId(admin, 'perf-results').locator('tbody tr', { hasText: leader.name });
    expect(await reward.textContent()).toContain('¥20.00');
    await server.settle();

    // The leader reads their level, why, the reward and their rank.
    const phone = await device('phone', 'leader');
    await logIn(phone, server.url, 'leader', leader.phone, 'zh-CN');
    await phone.goto(`${server.url}/leader/me`);
    await byTestId(phone, 'me-performance').click();
    await byTestId(phone, 'perf-level-name').waitFor();
    expect(await byTestId(phone, 'perf-level-name').textContent()).toBe('银牌团长');
    expect(await byTestId(phone, 'perf-level').textContent()).toContain('佣金比例 11%');
    const why = await byTestId(phone, 'perf-why').textContent();
    expect(why).toContain('销售额');
    expect(why).toContain(`≥ ¥${thresholdYuan}.00 ✓`);
    expect(await byTestId(phone, 'perf-next').textContent()).toContain('升级到「金牌团长」');
    const rewards = byTestId(phone, 'perf-reward');
    expect(await rewards.count()).toBe(1);
    expect(await rewards.getAttribute('data-kind')).toBe('bonus');
    expect(await rewards.textContent()).toMatch(new RegExp(`${periodLabel(week)}.*销售额.*\\+¥20\\.00`));
    const myRank = byTestId(phone, 'perf-my-rank');
    await myRank.waitFor();
    expect(await myRank.textContent()).toMatch(new RegExp(`^${result.rank}\\. ${leader.name} （我）`));

    // The ledger holds the same ¥20: the statement's adjustment, and a line on the commission page.
    const statement = await leaderStatement(db, operatorId, leader.id, {});
    expect(statement.adjustedFen).toBe(2000);
    await phone.goto(`${server.url}/leader/commission`);
    const line = byTestId(phone, 'commission-line').filter({ hasText: '绩效奖惩' });
    await line.first().waitFor();
    expect(await line.count()).toBe(1);
    expect(await line.textContent()).toContain('+¥20.00');
  });
});
