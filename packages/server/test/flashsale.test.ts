import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attemptFlashSale,
  createFlashSale,
  type FlashSaleRow,
  gateOf,
  MemoryGate,
  RedisGate,
  reconcileFlashSale,
} from '../src/modules/flashsale/index.ts';
import type { Principal } from '../src/modules/identity/index.ts';
import { payOrder } from '../src/modules/ordering/index.ts';
import { MINUTE } from '../src/platform/clock.ts';
import { AppError } from '../src/platform/errors.ts';
import { createOpenCampaign, createWorld, residentPrincipals } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

// Flash sales: a gate decides a crowd's attempts (in process on PGlite; none of its own on
// PostgreSQL without Redis, where checkout's statement decides; Redis when REDIS_URL is set), the
// winners' orders are the record of truth, and the gate is reconciled with them.
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// The per-network login limits live in Redis, shared by every run on this machine: these tests log in freely.
const LOGINS = {
  LINLI_RATE_LIMIT_SMS_PER_IP: '1000000/1h',
  LINLI_RATE_LIMIT_SMS_GLOBAL: '1000000/1h',
  LINLI_RATE_LIMIT_LOGIN_PER_IP: '1000000/1h',
};

let t: TestApp;
let redisApp: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  redisApp = await startTestApp(undefined, { env: { REDIS_URL, ...LOGINS } });
});
afterAll(async () => {
  await t.close();
  await redisApp.close();
});

let worlds = 0;
async function session(app: TestApp, opts: { quantity: number; limit?: number; stock?: number; startsInMinutes?: number }) {
  const world = await createWorld(app.ctx, { slug: `flash-${++worlds}`, skus: 1, leaders: 1, residents: 1 });
  const campaign = await createOpenCampaign(app.ctx, world, { stock: opts.stock ?? 10_000, priceFen: 1000 });
  const now = app.clock.now();
  const staff: Principal = { kind: 'staff', id: 'stf_test', operatorId: world.operatorId, sessionId: 'test', roles: ['merchandiser'] };
  const sale = await createFlashSale(app.ctx, staff, {
    campaignLineId: campaign.lineIds[0] as string,
    title: '冰糖橙 5斤',
    priceFen: 100,
    quantity: opts.quantity,
    perResidentLimit: opts.limit ?? 1,
    startsAt: new Date(now.getTime() + (opts.startsInMinutes ?? 0) * MINUTE),
    endsAt: new Date(now.getTime() + 60 * MINUTE),
  });
  return { world, sale, staff };
}

async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'won';
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
}

/** How many units the orders in PostgreSQL hold, and the orders themselves. */
async function held(app: TestApp, sale: FlashSaleRow) {
  const rows = await app.ctx.db
    .selectFrom('order_discounts')
    .select(['order_id', 'resident_id'])
    .where('promotion_id', '=', sale.promotion_id)
    .where('status', '=', 'applied')
    .execute();
  return rows;
}

const key = (i: number) => `attempt-${String(i).padStart(6, '0')}`;

/** The app whose gate holds state: in process on PGlite, Redis on PostgreSQL (whose own gate is the database's). */
const g = () => (t.ctx.dbKind === 'pglite' ? t : redisApp);

/** The gate loses the session, as a restart (in process) or a Redis that lost its data would. */
async function forget(saleId: string) {
  const gate = gateOf(g().ctx);
  if (gate instanceof MemoryGate) gate.forgetAll();
  else await (gate as RedisGate).forget(saleId);
}

describe('flash sales', () => {
  it('answers before the start, wins, repeats, limits, sells out, and gives an unpaid unit back', async () => {
    const { world, sale } = await session(g(), { quantity: 2, limit: 1, startsInMinutes: 5 });
    const [a, b, c] = await residentPrincipals(g().ctx, world, 3);
    if (!a || !b || !c) throw new Error('residents');
    expect(await outcome(attemptFlashSale(g().ctx, a, sale.id, key(1)))).toBe('FLASH_SALE_NOT_STARTED');
    g().clock.advance(5 * MINUTE);
    const won = await attemptFlashSale(g().ctx, a, sale.id, key(1));
    expect(won.status).toBe('pending_payment');
    expect(won.total_fen).toBe(100);
    expect((await attemptFlashSale(g().ctx, a, sale.id, key(1))).id).toBe(won.id);
    expect(await outcome(attemptFlashSale(g().ctx, a, sale.id, key(2)))).toBe('FLASH_SALE_LIMIT_REACHED');
    await attemptFlashSale(g().ctx, b, sale.id, key(3));
    expect(await outcome(attemptFlashSale(g().ctx, c, sale.id, key(4)))).toBe('FLASH_SALE_SOLD_OUT');

    // a's order is paid; b's payment window closes: its unit comes back, and c wins it.
    await payOrder(g().ctx, a, won.id, 'instant');
    g().clock.advance(16 * MINUTE);
    for (let i = 0; i < 3; i++) {
      await g().ctx.jobs.tick();
      await g().ctx.events.drain();
    }
    expect((await gateOf(g().ctx).read(sale.id))?.left).toBe(1);
    expect(await outcome(attemptFlashSale(g().ctx, c, sale.id, key(5)))).toBe('won');
    expect(await held(g(), sale)).toHaveLength(2);
  });

  it("answers a winner with their order when the gate cannot record the order's id, and keeps the unit taken", async () => {
    const { world, sale } = await session(g(), { quantity: 2, limit: 1 });
    const [a, b, c] = await residentPrincipals(g().ctx, world, 3);
    if (!a || !b || !c) throw new Error('residents');
    const gate = gateOf(g().ctx);
    const settle = gate.settle.bind(gate);
    gate.settle = async () => {
      throw new Error('the gate is gone');
    };
    let won: Awaited<ReturnType<typeof attemptFlashSale>>;
    try {
      won = await attemptFlashSale(g().ctx, a, sale.id, key(1));
    } finally {
      gate.settle = settle;
    }
    expect(won.status).toBe('pending_payment');
    expect((await gateOf(g().ctx).read(sale.id))?.left).toBe(1);
    expect(await outcome(attemptFlashSale(g().ctx, b, sale.id, key(2)))).toBe('won');
    expect(await outcome(attemptFlashSale(g().ctx, c, sale.id, key(3)))).toBe('FLASH_SALE_SOLD_OUT');
    expect(await held(g(), sale)).toHaveLength(2);
  });

  it('is reconciled with the orders after the session, and repairs a gate that lost its data', async () => {
    const { world, sale, staff } = await session(g(), { quantity: 5 });
    const buyers = await residentPrincipals(g().ctx, world, 3);
    for (const [i, r] of buyers.entries()) await attemptFlashSale(g().ctx, r, sale.id, key(i));
    // The process restarts (the in-process gate is empty): it is loaded from the orders at the next attempt.
    await forget(sale.id);
    const [late] = await residentPrincipals(g().ctx, world, 1);
    if (!late) throw new Error('resident');
    await attemptFlashSale(g().ctx, late, sale.id, key(9));
    expect((await gateOf(g().ctx).read(sale.id))?.left).toBe(1);
    expect(await outcome(attemptFlashSale(g().ctx, buyers[0] as Principal, sale.id, key(10)))).toBe('FLASH_SALE_LIMIT_REACHED');

    await forget(sale.id);
    // Unpaid, the four orders expire; half an hour after the session ends it is reconciled.
    g().clock.advance(20 * MINUTE);
    await g().ctx.jobs.tick();
    await g().ctx.events.drain();
    g().clock.advance(75 * MINUTE);
    await g().ctx.jobs.tick();
    const row = await g().ctx.db.selectFrom('flash_sales').selectAll().where('id', '=', sale.id).executeTakeFirstOrThrow();
    // Unpaid, the four orders expired and gave their units back; the lost gate was set from the orders.
    expect(row.reconciliation).toMatchObject({ gate: g() === t ? 'memory' : 'redis', gateLeft: null, ordersLeft: 5, repaired: true });
    expect((await gateOf(g().ctx).read(sale.id))?.left).toBe(5);
    const token = await g().login('staff', world.adminPhone, world.slug);
    const admin = await g().request('GET', '/api/v1/admin/flash-sales', { token });
    expect(admin.status).toBe(200);
    expect(admin.body.items[0]).toMatchObject({ id: sale.id, orders: 0, left: 5, state: 'ended' });
    expect(staff.operatorId).toBe(world.operatorId);
  });

  it('while selling, reports a gate that differs from the orders but repairs it only once the session is over', async () => {
    const { world, sale } = await session(g(), { quantity: 4 });
    const [a, b] = await residentPrincipals(g().ctx, world, 2);
    await attemptFlashSale(g().ctx, a as Principal, sale.id, key(1));
    // A unit the gate gives back without its order returning (as one whose order is still on its way would look).
    await gateOf(g().ctx).giveBack(sale.id, (b as Principal).id, null, null);
    const during = await reconcileFlashSale(g().ctx, sale);
    expect(during).toMatchObject({ gateLeft: 4, ordersLeft: 3, repaired: false });
    expect((await gateOf(g().ctx).read(sale.id))?.left).toBe(4);
    g().clock.advance(61 * MINUTE);
    const after = await reconcileFlashSale(g().ctx, sale);
    expect(after).toMatchObject({ gateLeft: 4, repaired: true });
    expect((await gateOf(g().ctx).read(sale.id))?.left).toBe(after.ordersLeft);
  });

  it('refuses bad sessions with clear codes over HTTP, and sells through the shop', async () => {
    const world = await createWorld(g().ctx, { slug: 'flash-http', skus: 1, leaders: 1, residents: 1 });
    const campaign = await createOpenCampaign(g().ctx, world, { stock: 10, priceFen: 1000 });
    const token = await g().login('staff', world.adminPhone, world.slug);
    const now = g().clock.now();
    const body = {
      campaignLineId: campaign.lineIds[0],
      title: '整点秒杀',
      priceFen: 500,
      quantity: 5,
      perResidentLimit: 1,
      startsAt: now.toISOString(),
      endsAt: new Date(now.getTime() + 30 * MINUTE).toISOString(),
    };
    for (const bad of [{ priceFen: 1000 }, { quantity: 11 }, { campaignLineId: 'cl_unknown' }, { priceFen: -1 }, { attemptKey: 'x' }]) {
      const res = await g().request('POST', '/api/v1/admin/flash-sales', { token, body: { ...body, ...bad } });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    expect(await g().ctx.db.selectFrom('flash_sales').select('id').where('operator_id', '=', world.operatorId).execute()).toEqual([]);
    const created = await g().request('POST', '/api/v1/admin/flash-sales', { token, body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ left: 5, orders: 0, state: 'on', gate: g() === t ? 'memory' : 'redis' });

    const me = await g().login('resident', world.residents[0]?.phone as string, world.slug);
    const list = await g().request('GET', '/api/v1/shop/flash-sales', { token: me });
    expect(list.body.items).toMatchObject([{ id: created.body.id, priceFen: 500, listPriceFen: 1000, left: 5, state: 'on' }]);
    const tried = await g().request('POST', `/api/v1/shop/flash-sales/${created.body.id}/attempts`, {
      token: me,
      body: { attemptKey: 'tap-000001' },
    });
    expect(tried.status).toBe(201);
    expect(tried.body.order).toMatchObject({ status: 'pending_payment', totalFen: 500 });
    const again = await g().request('POST', `/api/v1/shop/flash-sales/${created.body.id}/attempts`, {
      token: me,
      body: { attemptKey: 'tap-000002' },
    });
    expect(again.body.code).toBe('FLASH_SALE_LIMIT_REACHED');
    // The leader shares the session into the group: the shop's page, with what is left.
    const leader = await g().login('leader', world.leaders[0]?.phone as string, world.slug);
    const shared = await g().request('GET', '/api/v1/leader/flash-sales', { token: leader });
    expect(shared.body.items).toMatchObject([{ id: created.body.id, left: 4, state: 'on', sharePath: '/shop/flash-sales' }]);
    const bad = await g().request('POST', `/api/v1/shop/flash-sales/${created.body.id}/attempts`, { token: me, body: { attemptKey: 'x' } });
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });
});

describe('a crowd at the start of a session', () => {
  // 2,000 attempts at once on 100 units: exactly 100 winners, each with an order in the database.
  for (const [gate, app] of [
    ['the in-process or database gate', () => t],
    ['the Redis gate', () => redisApp],
  ] as const) {
    it(`gives exactly 100 winners with ${gate}`, async () => {
      const a = app();
      const { world, sale } = await session(a, { quantity: 100 });
      const crowd = await residentPrincipals(a.ctx, world, 2000);
      // The crowd finds the gate empty: it is loaded from the orders once, not once per attempt.
      const gateNow = gateOf(a.ctx);
      const load = gateNow.load;
      let loads = 0;
      gateNow.load = (...args) => {
        loads++;
        return load.apply(gateNow, args);
      };
      const results = await Promise.all(crowd.map((r, i) => outcome(attemptFlashSale(a.ctx, r, sale.id, key(i))))).finally(() => {
        gateNow.load = load;
      });
      expect(loads).toBe(gateNow.kind === 'database' ? 0 : 1);
      const count = (k: string) => results.filter((r) => r === k).length;
      expect(count('won')).toBe(100);
      expect(count('FLASH_SALE_SOLD_OUT')).toBe(1900);
      const orders = await held(a, sale);
      expect(orders).toHaveLength(100);
      expect(new Set(orders.map((o) => o.resident_id)).size).toBe(100);
      if (gateOf(a.ctx) instanceof RedisGate) {
        expect((await gateOf(a.ctx).read(sale.id))?.left).toBe(0);
        // Redis loses the session: the next attempt reloads it from the orders, still sold out.
        await (gateOf(a.ctx) as RedisGate).forget(sale.id);
        const [late] = await residentPrincipals(a.ctx, world, 1);
        expect(await outcome(attemptFlashSale(a.ctx, late as Principal, sale.id, key(99_999)))).toBe('FLASH_SALE_SOLD_OUT');
        expect((await gateOf(a.ctx).read(sale.id))?.left).toBe(0);
      }
    });
  }
});
