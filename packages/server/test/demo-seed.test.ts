import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CITY_BOX } from '../src/demo/city.ts';
import { DEMO_OPERATOR, DEMO_PHONES, maybeSeedDemo } from '../src/demo/seed.ts';
import { HOUR } from '../src/platform/clock.ts';
import { startTestApp, type TestApp } from './harness.ts';

const shanghaiDate = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at);
const shanghaiTime = (at: Date) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);

/**
 * Every time a campaign's title or description names ("23点", "11点30分") is its cutoff's time on
 * the operator's clocks, and every day it names for the pickup ("明天自提") is its pickup date.
 */
function expectTextMatchesTimes(
  campaigns: Array<{ title: string; description: string; cutoff_at: Date; pickup_date: string }>,
  words: { cutoff: RegExp; pickup: string },
) {
  const named = campaigns.filter((c) => /\d{1,2}点/.test(c.title + c.description));
  expect(named.length).toBeGreaterThan(0);
  for (const c of campaigns) {
    const text = c.title + c.description;
    for (const m of text.matchAll(/(\d{1,2})点(?:(\d{2})分)?/g)) {
      expect(`${m[1]!.padStart(2, '0')}:${m[2] ?? '00'}`, text).toBe(shanghaiTime(c.cutoff_at));
    }
    if (/\d{1,2}点/.test(text)) {
      expect(text, text).toMatch(words.cutoff);
      expect(text, text).toContain(`${words.pickup}自提`);
    }
    expect(text, 'no placeholder is left').not.toMatch(/[{}]/);
  }
}

async function countRows(t: TestApp) {
  const tables = [
    'operators',
    'staff',
    'suppliers',
    'skus',
    'leaders',
    'pickup_points',
    'residents',
    'drivers',
    'campaigns',
    'campaign_lines',
    'jobs',
  ] as const;
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await t.ctx.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

describe('the demo city on an empty database', () => {
  let t: TestApp;
  let hints: string[];
  beforeAll(async () => {
    // 10:00 in Shanghai: today's campaigns close at 23:00 and are picked up tomorrow.
    t = await startTestApp('2026-11-20T02:00:00Z');
    const demo = await maybeSeedDemo(t.ctx);
    hints = demo?.howToLogIn('http://localhost:3000') ?? [];
  });
  afterAll(() => t.close());

  it('creates one operator with staff for every role, suppliers and drivers', async () => {
    const operators = await t.ctx.db.selectFrom('operators').selectAll().execute();
    expect(operators).toHaveLength(1);
    expect(operators[0]).toMatchObject({ slug: DEMO_OPERATOR.slug, timezone: 'Asia/Shanghai' });
    const staff = await t.ctx.db.selectFrom('staff').select(['phone', 'roles']).orderBy('phone').execute();
    expect(staff[0]).toEqual({ phone: DEMO_PHONES.admin, roles: ['admin'] });
    expect(new Set(staff.flatMap((s) => s.roles))).toEqual(
      new Set(['admin', 'merchandiser', 'purchaser', 'warehouse', 'dispatcher', 'finance', 'support']),
    );
    const counts = await countRows(t);
    expect(counts.suppliers).toBeGreaterThanOrEqual(5);
    expect(counts.drivers).toBe(8);
  });

  it('creates about sixty SKUs priced in fen, cost below list', async () => {
    const skus = await t.ctx.db
      .selectFrom('skus')
      .innerJoin('products', 'products.id', 'skus.product_id')
      .select(['skus.list_price_fen', 'skus.cost_price_fen', 'skus.weight_g', 'products.temperature_class', 'products.shelf_life_days'])
      .execute();
    expect(skus.length).toBeGreaterThanOrEqual(55);
    expect(skus.length).toBeLessThanOrEqual(70);
    for (const sku of skus) {
      expect(Number.isInteger(sku.list_price_fen)).toBe(true);
      expect(sku.cost_price_fen).toBeGreaterThan(0);
      expect(sku.cost_price_fen).toBeLessThan(sku.list_price_fen);
      expect(sku.weight_g).toBeGreaterThan(0);
    }
    expect(new Set(skus.map((s) => s.temperature_class))).toEqual(new Set(['ambient', 'chilled', 'frozen']));
  });

  it('gives each of 300 leaders one open pickup point inside the city', async () => {
    const leaders = await t.ctx.db
      .selectFrom('leaders')
      .leftJoin('pickup_points', 'pickup_points.leader_id', 'leaders.id')
      .select(['leaders.id', 'leaders.phone', 'pickup_points.status', 'pickup_points.lat', 'pickup_points.lng', 'pickup_points.name'])
      .execute();
    expect(leaders).toHaveLength(300);
    expect(new Set(leaders.map((l) => l.id)).size).toBe(300);
    expect(new Set(leaders.map((l) => l.name)).size).toBe(300);
    for (const l of leaders) {
      expect(l.phone).toMatch(/^1390000\d{4}$/);
      expect(l.status).toBe('open');
      expect(l.lat).toBeGreaterThanOrEqual(CITY_BOX.minLat);
      expect(l.lat).toBeLessThanOrEqual(CITY_BOX.maxLat);
      expect(l.lng).toBeGreaterThanOrEqual(CITY_BOX.minLng);
      expect(l.lng).toBeLessThanOrEqual(CITY_BOX.maxLng);
    }
  });

  it('binds thousands of residents to existing pickup points', async () => {
    const residents = await t.ctx.db
      .selectFrom('residents')
      .leftJoin('pickup_points', 'pickup_points.id', 'residents.pickup_point_id')
      .select(['residents.phone', 'pickup_points.id as pointId'])
      .execute();
    expect(residents.length).toBeGreaterThanOrEqual(2000);
    expect(residents.filter((r) => r.pointId === null)).toEqual([]);
  });

  it('opens today’s campaigns that close later today and are picked up tomorrow', async () => {
    const now = t.clock.now();
    const campaigns = await t.ctx.db.selectFrom('campaigns').selectAll().execute();
    expect(campaigns.length).toBeGreaterThanOrEqual(10);
    for (const c of campaigns) {
      expect(c.status).toBe('open');
      expect(c.opens_at.getTime()).toBeLessThanOrEqual(now.getTime());
      expect(c.cutoff_at.getTime()).toBeGreaterThan(now.getTime());
      expect(c.cutoff_at.toISOString()).toBe('2026-11-20T15:00:00.000Z');
      expect(c.pickup_date > shanghaiDate(c.cutoff_at)).toBe(true);
      expect(c.pickup_date).toBe('2026-11-21');
    }
    expectTextMatchesTimes(campaigns, { cutoff: /今晚23点截单/, pickup: '明天' });
    const listed = campaigns.filter((c) => c.leader_scope === 'list');
    expect(listed.length).toBeGreaterThanOrEqual(1);
    for (const c of listed) {
      const scope = await t.ctx.db.selectFrom('campaign_leaders').select('leader_id').where('campaign_id', '=', c.id).execute();
      expect(scope.length).toBeGreaterThan(0);
    }
    expect(campaigns.some((c) => c.min_total_quantity > 0)).toBe(true);
  });

  it('prices every line below or at list price, with capped and unlimited stock and per-resident limits', async () => {
    const lines = await t.ctx.db
      .selectFrom('campaign_lines')
      .innerJoin('skus', 'skus.id', 'campaign_lines.sku_id')
      .select([
        'campaign_lines.group_price_fen',
        'campaign_lines.stock_total',
        'campaign_lines.per_resident_limit',
        'skus.list_price_fen',
        'skus.id',
      ])
      .execute();
    const skuCount = (await countRows(t)).skus ?? 0;
    expect(new Set(lines.map((l) => l.id)).size).toBeGreaterThanOrEqual(skuCount * 0.8);
    for (const l of lines) {
      expect(l.group_price_fen).toBeGreaterThan(0);
      expect(l.group_price_fen).toBeLessThanOrEqual(l.list_price_fen);
    }
    expect(lines.some((l) => l.stock_total === null)).toBe(true);
    expect(lines.some((l) => l.stock_total !== null && l.stock_total > 0)).toBe(true);
    expect(lines.some((l) => l.per_resident_limit !== null)).toBe(true);
  });

  it('schedules each campaign’s cutoff as a durable job', async () => {
    const campaigns = await t.ctx.db.selectFrom('campaigns').select(['id', 'cutoff_at']).execute();
    const jobs = await t.ctx.db.selectFrom('jobs').selectAll().where('kind', '=', 'campaign.cutoff').execute();
    expect(jobs).toHaveLength(campaigns.length);
    for (const c of campaigns) {
      const job = jobs.find((j) => j.dedupe_key === `campaign.cutoff:${c.id}`);
      expect(job?.payload).toEqual({ campaignId: c.id });
      expect(job?.run_at.getTime()).toBe(c.cutoff_at.getTime());
      expect(job?.status).toBe('pending');
    }
  });

  it('seeds nothing more on a second start, and still prints how to log in', async () => {
    const before = await countRows(t);
    const again = await maybeSeedDemo(t.ctx);
    expect(await countRows(t)).toEqual(before);
    expect(again?.howToLogIn('http://localhost:3000')).toEqual(hints);
    const text = hints.join('\n');
    for (const fragment of [
      DEMO_OPERATOR.slug,
      DEMO_PHONES.admin,
      DEMO_PHONES.resident,
      DEMO_PHONES.leader,
      DEMO_PHONES.driver,
      DEMO_PHONES.supplier,
      '/api/v1/auth/sms-codes',
      '/api/v1/auth/sessions',
    ]) {
      expect(text).toContain(fragment);
    }
  });

  it('lets every demo login of the banner log in through the SMS flow', async () => {
    const resident = await t.login('resident', DEMO_PHONES.resident, DEMO_OPERATOR.slug);
    const me = await t.request('GET', '/api/v1/auth/me', { token: resident });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ kind: 'resident', phone: DEMO_PHONES.resident });
    const stored = await t.ctx.db
      .selectFrom('residents')
      .select('pickup_point_id')
      .where('phone', '=', DEMO_PHONES.resident)
      .executeTakeFirstOrThrow();
    expect(stored.pickup_point_id).not.toBeNull();
    const leader = await t.login('leader', DEMO_PHONES.leader, DEMO_OPERATOR.slug);
    expect((await t.request('GET', '/api/v1/auth/me', { token: leader })).body.kind).toBe('leader');
    const admin = await t.login('staff', DEMO_PHONES.admin, DEMO_OPERATOR.slug);
    expect((await t.request('GET', '/api/v1/auth/me', { token: admin })).body.roles).toEqual(['admin']);
    const driver = await t.login('driver', DEMO_PHONES.driver, DEMO_OPERATOR.slug);
    expect((await t.request('GET', '/api/v1/auth/me', { token: driver })).body.kind).toBe('driver');
    const supplier = await t.login('supplier', DEMO_PHONES.supplier, DEMO_OPERATOR.slug);
    expect((await t.request('GET', '/api/v1/auth/me', { token: supplier })).body.kind).toBe('supplier');
  });
});

describe('the demo city late in the evening and beside other operators', () => {
  let t: TestApp;
  beforeAll(async () => {
    // 23:30 in Shanghai: today's 23:00 has passed, so the cutoff moves to tomorrow noon.
    t = await startTestApp('2026-11-20T15:30:00Z');
  });
  afterAll(() => t.close());

  it('closes campaigns twelve hours later and picks up the day after', async () => {
    await maybeSeedDemo(t.ctx);
    const campaigns = await t.ctx.db.selectFrom('campaigns').select(['title', 'description', 'cutoff_at', 'pickup_date']).execute();
    expect(campaigns.length).toBeGreaterThan(0);
    for (const c of campaigns) {
      expect(c.cutoff_at.getTime()).toBe(t.clock.now().getTime() + 12 * HOUR);
      expect(c.pickup_date).toBe('2026-11-22');
    }
    // 11:30 tomorrow, picked up the day after: the text says so, not "tonight at 23".
    expectTextMatchesTimes(campaigns, { cutoff: /明天11点30分截单/, pickup: '后天' });
  });

  it('leaves an installation whose operators are not the demo alone', async () => {
    await t.ctx.db.updateTable('operators').set({ slug: 'other-op' }).execute();
    const before = await countRows(t);
    expect(await maybeSeedDemo(t.ctx)).toBeUndefined();
    expect(await countRows(t)).toEqual(before);
  });
});
