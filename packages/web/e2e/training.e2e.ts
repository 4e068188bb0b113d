/**
 * Leader training (团长培训课堂) on the phone: with a required course published, a resident's
 * application to lead is approved and the new point starts closed; the new leader logs in, is
 * taken to the training page first, fails the quiz once, passes it, and the point opens.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Principal } from '../../server/src/modules/identity/index.ts';
import { applyForLeader, approveApplication } from '../../server/src/modules/leader-applications/index.ts';
import { addLesson, createCourse, setCourseStatus } from '../../server/src/modules/training/index.ts';
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

async function leaderPage(phone: string): Promise<Page> {
  const context = await phoneContext(browser, { now: server.clock.now() });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[${phone}] page error: ${err.stack ?? err.message}`));
  await logIn(page, server.url, 'leader', phone, 'zh-CN');
  return page;
}

describe('leader training', () => {
  it('a newly approved leader completes the required course on the phone and their point opens', async () => {
    const db = server.ctx.db;
    const operatorId = server.operatorId;
    const support = await sql<{
      id: string;
    }>`select id from staff where operator_id = ${operatorId} and 'support' = any(roles) limit 1`.execute(db);
    const staff: Principal = { kind: 'staff', id: support.rows[0]?.id as string, operatorId, sessionId: 'e2e', roles: ['support'] };

    // Support publishes the required course: one lesson, two questions (one with two correct choices).
    const courseId = await createCourse(server.ctx, staff, { title: '新团长必修课', summary: '开店前必学', required: true });
    await addLesson(server.ctx, staff, courseId, {
      title: '取货核销',
      body: '居民凭取货码取货：核对取货码和商品后在团长端核销。',
      imageUrls: [],
      videoUrl: 'https://example.com/training/pickup.mp4',
      questions: [
        { prompt: '居民取货时要核对什么？', choices: ['取货码', '天气'], correct: [0] },
        { prompt: '哪些是团长每天的工作？', choices: ['接货', '核销取货', '改商品价格'], correct: [0, 1] },
      ],
      passMark: 100,
    });
    await setCourseStatus(server.ctx, staff, courseId, 'published');

    // A resident of the demo city applies to lead; support approves: the point starts closed.
    const resident = await db
      .selectFrom('residents as r')
      .select(['r.id', 'r.phone'])
      .where('r.operator_id', '=', operatorId)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('leaders as l').select('l.id').whereRef('l.phone', '=', 'r.phone'))))
      .orderBy('r.id')
      .executeTakeFirstOrThrow();
    const applied = await applyForLeader(
      server.ctx,
      { kind: 'resident', id: resident.id, operatorId, sessionId: 'e2e', roles: [] },
      {
        name: '罗桂英',
        pickupPoint: { name: '桐梓坡·新团长便利店', address: '岳麓区桐梓坡路168号', lat: 28.2168, lng: 112.9315 },
        note: '小区里开了三年便利店',
      },
    );
    const approved = await approveApplication(server.ctx, staff, applied.id, {});
    const pointStatus = async () =>
      (
        await db
          .selectFrom('pickup_points')
          .select('status')
          .where('id', '=', approved.pickupPointId as string)
          .executeTakeFirstOrThrow()
      ).status;
    expect(await pointStatus()).toBe('closed');

    // On the phone: home leads to training first, with the reason the point is closed.
    const page = await leaderPage(resident.phone);
    await byTestId(page, 'training-point-waiting').waitFor();
    expect(page.url()).toMatch(/\/leader\/training$/);
    await byTestId(page, 'training-course-open').click();
    await byTestId(page, 'training-lesson').waitFor();

    // A wrong answer: not passed, the point stays closed.
    await page.getByText('天气', { exact: true }).click();
    await page.getByText('接货', { exact: true }).click();
    await byTestId(page, 'training-submit').click();
    await expect.poll(async () => byTestId(page, 'training-result').textContent()).toMatch(/未通过/);
    expect(await pointStatus()).toBe('closed');

    // Corrected: passed, the course is complete and the point opens.
    await page.getByText('取货码', { exact: true }).click();
    await page.getByText('核销取货', { exact: true }).click();
    await byTestId(page, 'training-submit').click();
    await byTestId(page, 'training-course-done').waitFor();
    expect(await byTestId(page, 'training-course-done').textContent()).toContain('您的自提点已开放');
    expect(await pointStatus()).toBe('open');

    // Home now shows the console, not the training page.
    await byTestId(page, 'training-done-next').click();
    await byTestId(page, 'leader-name').waitFor();
    expect(page.url()).not.toMatch(/training/);
  });
});
