/**
 * A leader's removal in the admin (末位淘汰): from the leader's page staff start the removal, see
 * the proposal as a table and on the map, confirm it, and the members are moved to the proposed
 * point and told.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../server/src/dev/wechatpay-double.ts';
import { byTestId, deskContext, launchBrowser, logIn } from './browser.ts';
import { type E2eServer, startE2eServer } from './server.ts';

let server: E2eServer;
let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
  // Warnings and errors of the server reach the test's output: a failed proposal says why.
  server = await startE2eServer({ webDir: inject('webDir'), port: await freePort(), fleet: false, logLevel: 'warn' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

/**
 * Clicks OK in a confirmation modal and waits until it has closed. Two CI runs saw a click on the
 * OK of the popover this screen had before leave it open with nothing sent; should a click again
 * not take, the test says so in its output and clicks once more (OK closes the question, so a
 * second click never sends twice).
 */
async function answerOk(page: Page, okTestId: string): Promise<void> {
  const ok = byTestId(page, okTestId);
  await ok.click();
  const closed = await ok.waitFor({ state: 'hidden', timeout: 5_000 }).then(
    () => true,
    () => false,
  );
  if (closed) return;
  console.warn(`${okTestId}: still open 5 s after the click on OK; clicking again`);
  await ok.click();
  await ok.waitFor({ state: 'hidden', timeout: 10_000 });
}

describe('removing a leader keeps the members', () => {
  it('proposes, shows on the map, confirms, and moves every member to the proposed point', async () => {
    const db = server.ctx.db;
    const operatorId = server.operatorId;
    const { rows } = await sql<{ id: string; members: number }>`
      select l.id, count(r.id)::int as members from leaders l
      join pickup_points pp on pp.leader_id = l.id join residents r on r.pickup_point_id = pp.id
      where l.operator_id = ${operatorId} and l.status = 'active'
      group by l.id order by count(r.id) desc, l.id limit 1`.execute(db);
    const leader = rows[0]!;
    const admin = await sql<{ phone: string }>`
      select phone from staff where operator_id = ${operatorId} and 'admin' = any(roles) limit 1`.execute(db);

    context = await deskContext(browser, { now: server.clock.now() });
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error(`page error: ${err.stack ?? err.message}`));
    await logIn(page, server.url, 'admin', admin.rows[0]!.phone, 'zh-CN');
    await page.goto(`${server.url}/admin/leaders/${leader.id}`);
    await byTestId(page, 'leader-title').waitFor();
    await byTestId(page, 'transfer-start').click();
    await answerOk(page, 'transfer-start-confirm');
    // The proposal opens on its own page, or the screen says why it could not be made.
    await page
      .waitForFunction(
        () => /\/leaders\/transfers\/./.test(location.pathname) || document.querySelector('.ant-message-error') !== null,
        undefined,
        { timeout: 60_000 },
      )
      .catch(async (err: Error) => {
        const open = await byTestId(page, 'transfer-start-confirm').isVisible();
        throw new Error(`no proposal after 60 s at ${page.url()} (the question is ${open ? 'still open' : 'closed'}): ${err.message}`);
      });
    const refused = page.locator('.ant-message-error');
    if ((await refused.count()) > 0) throw new Error(`the removal could not be started: ${await refused.first().textContent()}`);
    await byTestId(page, 'transfer-points').waitFor({ timeout: 60_000 });
    await byTestId(page, 'transfer-map').waitFor();
    expect(await page.locator('[data-testid="transfer-map"] .leaflet-interactive').count()).toBeGreaterThan(1);
    expect(await byTestId(page, 'transfer-status').textContent()).toBe('待确认');

    await byTestId(page, 'transfer-confirm').click();
    await answerOk(page, 'transfer-confirm-ok');
    await page.waitForFunction((n) => document.querySelector('[data-testid="transfer-moved"]')?.textContent === String(n), leader.members);
    const transfer = await db
      .selectFrom('leader_transfers')
      .select(['id', 'status'])
      .where('leader_id', '=', leader.id)
      .executeTakeFirstOrThrow();
    expect(['confirmed', 'completed']).toContain(transfer.status);
    const moves = await db
      .selectFrom('leader_transfer_moves')
      .select(['resident_id', 'to_point_id'])
      .where('transfer_id', '=', transfer.id)
      .execute();
    expect(moves).toHaveLength(leader.members);
    const bound = await db
      .selectFrom('residents')
      .select(['id', 'pickup_point_id'])
      .where(
        'id',
        'in',
        moves.map((m) => m.resident_id),
      )
      .execute();
    const target = new Map(moves.map((m) => [m.resident_id, m.to_point_id]));
    for (const r of bound) expect(r.pickup_point_id).toBe(target.get(r.id));
    const told = await db
      .selectFrom('notifications')
      .select('recipient_id')
      .where(
        'recipient_id',
        'in',
        moves.map((m) => m.resident_id),
      )
      .where('title', '=', '您的自提点已变更')
      .execute();
    expect(told).toHaveLength(leader.members);
  });
});
