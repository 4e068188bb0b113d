import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDuePeriods } from '../src/modules/leader-performance/index.ts';
import { createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

/**
 * The period-close sweep closes a period by itself only with the setup as it stood when the
 * period ended: staff who set leader performance up a piece at a time on a Tuesday do not get last
 * week closed under the first piece saved; they may close it by hand, and the sweep closes the
 * weeks that end from then on, once each.
 */

let t: TestApp;
let world: World;
let admin: string;

beforeAll(async () => {
  t = await startTestApp('2026-12-08T02:00:00Z'); // Tuesday 10:00 in Shanghai
  world = await createWorld(t.ctx, { leaders: 2, residents: 0 });
  admin = await t.login('staff', world.adminPhone);
});
afterAll(() => t.close());

const api = (method: string, url: string, body?: unknown) =>
  t.request(method, `/api/v1/admin/leader-performance${url}`, { token: admin, body });
const closings = () => t.ctx.db.selectFrom('leader_period_closings').select('period_start').orderBy('period_start').execute();

describe('the period-close sweep', () => {
  it('leaves a period that ended before the setup was saved to staff, then closes each later one once', async () => {
    expect(await closeDuePeriods(t.ctx)).toBe(0); // nothing set up: nothing closed
    const levels = await api('PUT', '/levels', {
      levels: [
        { level: 1, name: '见习', thresholds: {}, commissionRateBp: 800 },
        { level: 2, name: '银牌', thresholds: { gmv: 5000 }, commissionRateBp: 1000 },
      ],
    });
    expect(levels.status, JSON.stringify(levels.body)).toBe(200);
    t.clock.advance(10 * 60_000);
    expect(await closeDuePeriods(t.ctx)).toBe(0); // last week (11-30 … 12-06) ended before the levels
    const rule = await api('POST', '/rules', {
      name: '周销售奖',
      kpi: 'gmv',
      comparator: 'gte',
      threshold: 100,
      amountFen: 500,
      kind: 'bonus',
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    expect(await closeDuePeriods(t.ctx)).toBe(0);
    expect(await closings()).toEqual([]);

    // Staff close last week by hand, with the setup complete.
    const byHand = await api('POST', '/periods/close', { date: '2026-12-01' });
    expect(byHand.status, JSON.stringify(byHand.body)).toBe(200);
    expect(await closings()).toEqual([{ period_start: '2026-11-30' }]);

    // The week the setup was made in ends; the sweep closes it, once.
    t.clock.set(new Date('2026-12-13T16:30:00Z')); // Monday 00:30 in Shanghai
    const runs = await Promise.all([closeDuePeriods(t.ctx), closeDuePeriods(t.ctx)]);
    expect(runs.sort()).toEqual([0, 1]);
    expect(await closeDuePeriods(t.ctx)).toBe(0);
    expect(await closings()).toEqual([{ period_start: '2026-11-30' }, { period_start: '2026-12-07' }]);
  });
});
