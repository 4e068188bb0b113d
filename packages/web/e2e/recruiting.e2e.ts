/**
 * Leaders recruit leaders (团长拉新): staff turn recruiting on in the admin; a demo leader opens
 * 我的 → 邀请团长 on the phone and reads their link; a resident of another point opens the link in
 * the shop, logs in there and applies to lead with a point well away from the referrer's; staff
 * approve the application in the admin; the referrer's page lists the recruit waiting for their
 * first pickups, and so does the admin's list of referrals.
 */
import { sql } from 'kysely';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getTerms } from '../../server/src/modules/leader-recruiting/index.ts';
import { freePort } from '../../server/src/dev/wechatpay-double.ts';
import { byTestId, deskContext, field, launchBrowser, logIn, phoneContext } from './browser.ts';
import { PHONES, todayInShanghaiAt } from './journey/world.ts';
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

async function device(kind: 'phone' | 'desk', who: string): Promise<Page> {
  const context =
    kind === 'phone' ? await phoneContext(browser, { now: server.clock.now() }) : await deskContext(browser, { now: server.clock.now() });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[${who}] page error: ${err.stack ?? err.message}`));
  return page;
}

describe('leader recruiting', () => {
  it('a leader’s link brings a resident who applies; once approved the referrer and staff see the referral', async () => {
    const db = server.ctx.db;
    const operatorId = server.operatorId;
    const referrer = await db
      .selectFrom('leaders as l')
      .innerJoin('pickup_points as p', 'p.leader_id', 'l.id')
      .select(['l.id', 'l.name', 'p.id as pointId', 'p.lat', 'p.lng'])
      .where('l.phone', '=', PHONES.leader)
      .orderBy('p.id')
      .executeTakeFirstOrThrow();
    // A resident of another leader's point who leads nothing and never applied.
    const { rows } = await sql<{ id: string; phone: string }>`
      select r.id, r.phone from residents r join pickup_points p on p.id = r.pickup_point_id
      where r.operator_id = ${operatorId} and p.leader_id <> ${referrer.id}
        and not exists (select 1 from leaders l where l.operator_id = r.operator_id and l.phone = r.phone)
        and not exists (select 1 from leader_applications a where a.resident_id = r.id)
      order by r.id limit 1`.execute(db);
    const resident = rows[0]!;

    // Staff turn recruiting on, with the default terms.
    const admin = await device('desk', 'admin');
    await logIn(admin, server.url, 'admin', PHONES.admin, 'zh-CN');
    await admin.goto(`${server.url}/admin/recruiting`);
    await byTestId(admin, 'recruiting-tab-settings').click();
    const enabled = byTestId(admin, 'recruiting-enabled');
    await enabled.waitFor();
    expect(await enabled.getAttribute('aria-checked')).toBe('false');
    await enabled.click();
    await byTestId(admin, 'recruiting-save').click();
    await admin.getByText('已保存').first().waitFor();
    expect(await getTerms(db, operatorId)).toMatchObject({
      enabled: true,
      bonusFen: 5000,
      bonusPickups: 10,
      overrideBp: 100,
      overrideDays: 30,
    });

    // The referrer opens 我的 → 邀请团长 and reads their link and the terms.
    const leader = await device('phone', 'leader');
    await logIn(leader, server.url, 'leader', PHONES.leader, 'zh-CN');
    await leader.goto(`${server.url}/leader/me`);
    await byTestId(leader, 'me-recruiting').click();
    await byTestId(leader, 'recruiting-url').waitFor();
    const link = (await byTestId(leader, 'recruiting-url').textContent())?.trim() ?? '';
    expect(link).toBe(`${server.url}/shop/apply?ref=${referrer.id}`);
    expect(await byTestId(leader, 'recruiting-terms').textContent()).toMatch(/第 10 单自提时奖励 ¥50\.00.*30 天内.*1\.00% 的分成/);
    expect(await byTestId(leader, 'recruiting-recruit').count()).toBe(0);

    // The resident opens the link, logs in on the spot and applies, proposing a point ~2.8 km away.
    const shop = await device('phone', 'shop');
    await shop.goto(link);
    const phoneField = field(shop, 'login-phone');
    await phoneField.fill(resident.phone);
    await byTestId(shop, 'login-send-code').click();
    await expect.poll(() => field(shop, 'login-code').inputValue(), { timeout: 15_000 }).toMatch(/^\d{6}$/);
    await byTestId(shop, 'login-submit').click();
    await byTestId(shop, 'leader-apply-form').waitFor();
    expect(new URL(shop.url()).pathname).toBe('/shop/apply');
    await field(shop, 'leader-apply-name').fill('易春华');
    await field(shop, 'leader-apply-point-name').fill('望岳·易家小店');
    await field(shop, 'leader-apply-address').fill('岳麓区望岳街道18号');
    await field(shop, 'leader-apply-lat').fill((referrer.lat + 0.02).toFixed(6));
    await field(shop, 'leader-apply-lng').fill((referrer.lng + 0.02).toFixed(6));
    await field(shop, 'leader-apply-hours').fill('08:00-21:00');
    await field(shop, 'leader-apply-note').fill(`${referrer.name}邀请我来做团长`);
    await byTestId(shop, 'leader-apply-submit').click();
    await expect.poll(() => byTestId(shop, 'leader-application').getAttribute('data-status'), { timeout: 15_000 }).toBe('pending');
    const application = await db
      .selectFrom('leader_applications')
      .select(['id', 'referrer_id'])
      .where('resident_id', '=', resident.id)
      .executeTakeFirstOrThrow();
    expect(application.referrer_id).toBe(referrer.id);

    // Staff approve it in the admin.
    await admin.goto(`${server.url}/admin/leaders/applications?open=${application.id}`);
    const detail = byTestId(admin, 'application-detail');
    await expect.poll(() => detail.getAttribute('data-status'), { timeout: 15_000 }).toBe('pending');
    await byTestId(admin, 'application-approve').click();
    await byTestId(admin, 'application-approve-confirm').click();
    await expect.poll(() => detail.getAttribute('data-status'), { timeout: 15_000 }).toBe('approved');
    await server.settle();

    // The referrer sees the recruit, approved and waiting for their first pickups.
    await leader.reload();
    const recruit = byTestId(leader, 'recruiting-recruit');
    await recruit.waitFor();
    expect(await recruit.count()).toBe(1);
    expect(await recruit.getAttribute('data-state')).toBe('pending');
    const text = await recruit.textContent();
    expect(text).toContain('易春华');
    expect(text).toContain('等待自提');
    expect(text).toContain('已自提 0/10 单');

    // So does staff's list of referrals.
    await admin.goto(`${server.url}/admin/recruiting`);
    const row = byTestId(admin, 'recruiting-referrals').locator('tbody tr', { hasText: '易春华' });
    await row.waitFor();
    expect(await row.textContent()).toContain(referrer.name);
    expect(await byTestId(row, 'referral-state').getAttribute('data-state')).toBe('pending');
    expect(await byTestId(row, 'referral-state').textContent()).toBe('等待自提');
    const referral = await db
      .selectFrom('recruit_referrals')
      .selectAll()
      .where('application_id', '=', application.id)
      .executeTakeFirstOrThrow();
    expect(referral).toMatchObject({ referrer_id: referrer.id, state: 'pending', refusal_reason: null, bonus_fen: 5000, override_bp: 100 });
  });
});
