import { PGlite } from '@electric-sql/pglite';
import { type CompiledQuery, Kysely, PGliteDialect } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../src/context.ts';
import { sendDueNotices } from '../src/modules/notices/notices.sender.ts';
import { expireUnpaidOrders } from '../src/modules/ordering/ordering.lifecycle.ts';
import { expirePoints } from '../src/modules/points/points.expiry.ts';
import { expireCoupons } from '../src/modules/promotions/coupons.service.ts';
import { newcomerCoupons } from '../src/modules/promotions/promotions.newcomer.ts';
import { expireDueTeams } from '../src/modules/teambuy/teambuy.membership.ts';
import type { DB } from '../src/platform/db/schema.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { JobRunner } from '../src/platform/jobs.ts';
import { startTestApp, type TestApp } from './harness.ts';

// On PostgreSQL the server plans each prepared statement once, without its values
// (plan_cache_mode = force_generic_plan, platform/db/database.ts). A partial index
// (`... where status = 'pending'`) then serves a statement only if the statement says that
// condition itself: a parameter in its place could be any status, so the plan scans the table
// (or a whole other index) on every sweep, a cost that grows with every row ever written. The
// sweeps that run all day write their condition as a literal; this checks their generic plans.

let t: TestApp;
let lite: PGlite;
let db: Kysely<DB>;
const seen: CompiledQuery[] = [];

beforeAll(async () => {
  t = await startTestApp();
  lite = new PGlite();
  db = new Kysely<DB>({
    dialect: new PGliteDialect({ pglite: lite }),
    log: (e) => {
      if (e.level === 'query') seen.push(e.query);
    },
  });
  await migrateToLatest(db);
});
afterAll(async () => {
  await db.destroy();
  await t.close();
});

/** Runs `sweep` against the empty database and returns the generic plan of each statement on `table` it ran. */
async function plansOf(table: string, sweep: () => Promise<unknown>): Promise<string[]> {
  seen.length = 0;
  await sweep();
  const ran = seen.filter((q) => new RegExp(`\\b(from|update) "?${table}"?\\b`, 'i').test(q.sql));
  expect(ran.length, `no statement on ${table} ran`).toBeGreaterThan(0);
  const plans: string[] = [];
  for (const [i, q] of ran.entries()) {
    const literal = (v: unknown) =>
      v === null
        ? 'null'
        : v instanceof Date
          ? `'${v.toISOString()}'`
          : typeof v === 'number'
            ? String(v)
            : `'${String(v).replaceAll("'", "''")}'`;
    const rows = await lite.transaction(async (tx) => {
      await tx.exec('set local plan_cache_mode = force_generic_plan; set local enable_seqscan = off');
      await tx.exec(`prepare plan_${i} as ${q.sql}`);
      const args = q.parameters.length ? `(${q.parameters.map(literal).join(', ')})` : '';
      const explained = await tx.query<{ 'QUERY PLAN': string }>(`explain execute plan_${i}${args}`);
      await tx.exec(`deallocate plan_${i}`);
      return explained.rows;
    });
    plans.push(rows.map((r) => r['QUERY PLAN']).join('\n'));
  }
  return plans;
}

const ctxOn = (): AppContext => ({ ...t.ctx, db }) as AppContext;

describe("the sweeps' generic plans use their partial indexes", () => {
  it('unpaid orders past their window: orders_unpaid', async () => {
    for (const plan of await plansOf('orders', () => expireUnpaidOrders(ctxOn()))) expect(plan).toContain('orders_unpaid');
  });
  it('team buys past their expiry: teams_open_expiry', async () => {
    for (const plan of await plansOf('teams', () => expireDueTeams(ctxOn()))) expect(plan).toContain('teams_open_expiry');
  });
  it('due jobs: jobs_due', async () => {
    const runner = new JobRunner(db, t.clock, pino({ level: 'silent' }));
    for (const plan of await plansOf('jobs', () => runner.tick())) expect(plan).toContain('jobs_due');
  });
  it('notices to send: notice_messages_due', async () => {
    for (const plan of await plansOf('notice_messages', () => sendDueNotices(ctxOn()))) expect(plan).toContain('notice_messages_due');
  });
  it('coupons past their window: coupons_expiring', async () => {
    for (const plan of await plansOf('coupons', () => expireCoupons(db, t.clock.now()))) expect(plan).toContain('coupons_expiring');
  });
  it('points lots past their date: a partial index of the lots with points left', async () => {
    for (const plan of await plansOf('points_lots', () => expirePoints(ctxOn()))) expect(plan).toMatch(/points_lots_(due|open)/);
  });
  it("a sign-up's newcomer coupon templates: promotions_sign_up", async () => {
    const signUp = () =>
      newcomerCoupons(db, t.clock.now(), { operatorId: 'op_1', residentId: 'res_1', phone: '13800000000', wechat: null });
    for (const plan of await plansOf('promotions', signUp)) expect(plan).toContain('promotions_sign_up');
  });
  it('the check itself: a parameter in place of the condition gets no partial index', async () => {
    const plans = await plansOf('orders', () =>
      db.selectFrom('orders').select('id').where('status', '=', 'pending_payment').where('expires_at', '<=', new Date()).execute(),
    );
    expect(plans[0]).not.toContain('orders_unpaid');
    expect(plans[0]).toBeDefined();
  });
});
