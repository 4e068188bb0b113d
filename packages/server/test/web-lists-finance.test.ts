import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestWithdrawal } from '../src/modules/settlement/withdrawal.service.ts';
import { DAY, HOUR, MINUTE } from '../src/platform/clock.ts';
import { emit } from '../src/platform/events.ts';
import { createOpenCampaign, createResident, createStaff, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { balance, emitEvent, paidOrder, principal } from './ledger-fixtures.ts';

/** Finance's lists page and filter on the server: withdrawals, accounts and the journal. */

let t: TestApp;
let world: World;
let other: World;
let campaign: { id: string; lineIds: string[] };
let finance: string;
let support: string;
let leader: string;
let otherFinance: string;
/** Residents bound to the first and to the second leader's pickup point. */
let residentOf: [string, string];

interface Withdrawal {
  id: string;
  leaderId: string;
  status: string;
  requestedAt: string;
}
interface Account {
  id: string;
  code: string;
  partyKind: string;
  partyId: string;
  balanceFen: number;
}
interface Entry {
  id: string;
  kind: string;
  documentType: string;
  documentId: string;
  occurredAt: string;
  recordedAt: string;
  postings: Array<{ code: string; partyKind: string; partyId: string; debitFen: number; creditFen: number }>;
}

beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z');
  world = await createWorld(t.ctx, { skus: 1, leaders: 2, residents: 1 });
  other = await createWorld(t.ctx, { slug: 'other-op', skus: 1, leaders: 1, residents: 0 });
  campaign = await createOpenCampaign(t.ctx, world, { priceFen: 10_000, cutoffAt: new Date(t.clock.now().getTime() + 60 * DAY) });
  const second = await createResident(t.ctx, world.operatorId, world.leaders[1]!.pickupPointId);
  residentOf = [world.residents[0]!.id, second.id];
  finance = await t.login('staff', (await createStaff(t.ctx, world.operatorId, ['finance'])).phone);
  support = await t.login('staff', (await createStaff(t.ctx, world.operatorId, ['support'])).phone);
  leader = await t.login('leader', world.leaders[0]!.phone);
  otherFinance = await t.login('staff', (await createStaff(t.ctx, other.operatorId, ['finance'])).phone, 'other-op');
});
afterAll(() => t.close());

const leaderId = (i: 0 | 1) => world.leaders[i]!.id;
const get = async (url: string, token = finance) => {
  const res = await t.request('GET', url, { token });
  expect(res.status, `${url}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
};
const ids = (items: Array<{ id: string }>) => items.map((x) => x.id);

/** An order of a leader's resident, picked up, its after-sales window passed: its commission (10 %) is available. */
async function earn(i: 0 | 1, units: number) {
  const order = await paidOrder(t, world, residentOf[i], [[campaign.lineIds[0]!, units]]);
  await emitEvent(t, world, 'order.picked_up', order.id, { orderId: order.id, at: t.clock.now().toISOString() });
  t.clock.advance(48 * HOUR + 1000);
  await t.ctx.jobs.tick();
  return order;
}

describe('GET /admin/finance/withdrawals', () => {
  const made: Withdrawal[] = [];

  beforeAll(async () => {
    await earn(0, 5); // 50.00 available to the first leader
    await earn(1, 3); // 30.00 to the second
    for (const i of [0, 1, 0, 1, 0] as const) {
      t.clock.advance(MINUTE);
      made.push(await requestWithdrawal(t.ctx, principal(world, 'leader', leaderId(i)), 1000));
    }
    expect((await t.request('POST', `/api/v1/admin/finance/withdrawals/${made[0]!.id}/approve`, { token: finance })).body.status).toBe(
      'paid',
    );
    const rejected = await t.request('POST', `/api/v1/admin/finance/withdrawals/${made[1]!.id}/reject`, {
      token: finance,
      body: { reason: 'bank details missing' },
    });
    expect(rejected.body.status).toBe('rejected');
  });

  it('pages newest first and counts every match', async () => {
    const newestFirst = ids([...made].reverse());
    const first = await get('/api/v1/admin/finance/withdrawals?pageSize=2');
    expect(first).toMatchObject({ page: 1, pageSize: 2, total: 5 });
    expect(ids(first.items)).toEqual(newestFirst.slice(0, 2));
    const second = await get('/api/v1/admin/finance/withdrawals?pageSize=2&page=2');
    expect(ids(second.items)).toEqual(newestFirst.slice(2, 4));
    const last = await get('/api/v1/admin/finance/withdrawals?pageSize=2&page=3');
    expect(ids(last.items)).toEqual(newestFirst.slice(4));
    expect((await get('/api/v1/admin/finance/withdrawals?pageSize=2&page=4')).items).toEqual([]);
    const all = await get('/api/v1/admin/finance/withdrawals');
    expect(all).toMatchObject({ page: 1, pageSize: 50, total: 5 });
    expect(ids(all.items)).toEqual(newestFirst);
  });

  it('filters by status and by leader, together or alone', async () => {
    const second = await get(`/api/v1/admin/finance/withdrawals?leaderId=${leaderId(1)}`);
    expect(second.total).toBe(2);
    expect(ids(second.items)).toEqual([made[3]!.id, made[1]!.id]);
    const queue = await get(`/api/v1/admin/finance/withdrawals?status=requested&leaderId=${leaderId(0)}`);
    expect(ids(queue.items)).toEqual([made[4]!.id, made[2]!.id]);
    expect(queue.total).toBe(2);
    const paid = await get('/api/v1/admin/finance/withdrawals?status=paid');
    expect(paid).toMatchObject({ total: 1, items: [{ id: made[0]!.id, leaderId: leaderId(0), status: 'paid' }] });
    expect((await get('/api/v1/admin/finance/withdrawals?status=failed')).total).toBe(0);
  });

  it('refuses bad paging, unknown filters and other roles; another operator sees none', async () => {
    for (const q of ['pageSize=0', 'pageSize=201', 'page=0', 'status=lost', 'order=asc']) {
      const res = await t.request('GET', `/api/v1/admin/finance/withdrawals?${q}`, { token: finance });
      expect([res.status, res.body.code], q).toEqual([400, 'VALIDATION_FAILED']);
    }
    expect((await t.request('GET', '/api/v1/admin/finance/withdrawals', { token: support })).status).toBe(403);
    expect((await get('/api/v1/admin/finance/withdrawals', otherFinance)).total).toBe(0);
    expect((await get(`/api/v1/admin/finance/withdrawals?leaderId=${leaderId(0)}`, otherFinance)).total).toBe(0);
  });

  it('pages the leader’s own list the same way, only theirs', async () => {
    const mine = await get('/api/v1/leader/withdrawals', leader);
    expect(mine).toMatchObject({ page: 1, pageSize: 50, total: 3 });
    expect(ids(mine.items)).toEqual([made[4]!.id, made[2]!.id, made[0]!.id]);
    const second = await get('/api/v1/leader/withdrawals?page=2&pageSize=2', leader);
    expect(second).toMatchObject({ page: 2, pageSize: 2, total: 3 });
    expect(ids(second.items)).toEqual([made[0]!.id]);
    // A leaderId in the query is not the leader's to choose.
    const res = await t.request('GET', `/api/v1/leader/withdrawals?leaderId=${leaderId(1)}`, { token: leader });
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});

describe('GET /admin/finance/accounts', () => {
  it('pages the accounts of a kind of party by party, with totals by code of every match', async () => {
    const leaders = await get('/api/v1/admin/finance/accounts?partyKind=leader&pageSize=200');
    const codes = ['commission_available', 'commission_pending', 'commission_withdrawing'];
    expect(leaders.total).toBe(leaders.items.length);
    expect(new Set(leaders.items.map((a: Account) => a.partyId))).toEqual(new Set([leaderId(0), leaderId(1)]));
    for (const a of leaders.items as Account[]) expect(a.partyKind).toBe('leader');
    // One party's accounts together.
    const runs = leaders.items.map((a: Account) => a.partyId).filter((p: string, i: number, all: string[]) => p !== all[i - 1]);
    expect(runs).toHaveLength(2);

    const page1 = await get('/api/v1/admin/finance/accounts?partyKind=leader&pageSize=2');
    const page2 = await get('/api/v1/admin/finance/accounts?partyKind=leader&pageSize=2&page=2');
    expect(page1).toMatchObject({ page: 1, pageSize: 2, total: leaders.total });
    expect([...ids(page1.items), ...ids(page2.items)]).toEqual(ids(leaders.items).slice(0, 4));
    // The totals are the whole filter's, not the page's: the sum of both leaders' balances by code.
    expect(page1.totals).toEqual(page2.totals);
    for (const code of codes) {
      const sum =
        (await balance(t, world, { code: code as 'commission_available', partyId: leaderId(0) })) +
        (await balance(t, world, { code: code as 'commission_available', partyId: leaderId(1) }));
      const line = page1.totals.find((x: { code: string }) => x.code === code);
      expect(line, code).toMatchObject({ code, balanceFen: sum, accounts: 2, title: expect.any(String) });
    }
    expect(page1.totals.reduce((s: number, x: { accounts: number }) => s + x.accounts, 0)).toBe(leaders.total);
  });

  it('filters by party and by code; the operator’s own accounts come first and keep their totals', async () => {
    const one = await get(`/api/v1/admin/finance/accounts?partyKind=leader&partyId=${leaderId(1)}`);
    expect(one.items.length).toBeGreaterThan(0);
    for (const a of one.items as Account[]) expect(a.partyId).toBe(leaderId(1));
    const available = await get('/api/v1/admin/finance/accounts?code=commission_available');
    expect(available.total).toBe(2);
    expect(available.items.map((a: Account) => [a.code, a.partyId]).sort()).toEqual(
      [
        ['commission_available', leaderId(0)],
        ['commission_available', leaderId(1)],
      ].sort(),
    );
    expect(available.totals).toEqual([
      {
        code: 'commission_available',
        title: expect.any(String),
        accounts: 2,
        balanceFen: available.items.reduce((s: number, a: Account) => s + a.balanceFen, 0),
      },
    ]);

    const operator = await get('/api/v1/admin/finance/accounts?partyKind=operator');
    expect(operator.total).toBe(operator.items.length);
    for (const a of operator.items as Account[]) expect(a.partyKind).toBe('operator');
    const sales = operator.items.find((a: Account) => a.code === 'sales');
    expect(sales.balanceFen).toBe(await balance(t, world, { code: 'sales' }));
    expect(operator.totals.find((x: { code: string }) => x.code === 'sales')).toMatchObject({ balanceFen: sales.balanceFen, accounts: 1 });

    const everything = await get('/api/v1/admin/finance/accounts?pageSize=3');
    expect(everything.items.map((a: Account) => a.partyKind)).toEqual(['operator', 'operator', 'operator']);
    expect(everything.total).toBe(operator.total + (await get('/api/v1/admin/finance/accounts?partyKind=leader')).total);
    expect((await get('/api/v1/admin/finance/accounts?code=no_such_code')).total).toBe(0);
    expect((await t.request('GET', '/api/v1/admin/finance/accounts?partyKind=resident', { token: finance })).status).toBe(400);
    expect(await get('/api/v1/admin/finance/accounts', otherFinance)).toEqual({ items: [], page: 1, pageSize: 50, total: 0, totals: [] });
  });
});

describe('GET /admin/finance/entries', () => {
  let before: Awaited<ReturnType<typeof paidOrder>>; // paid 23:59 on 12-10 in Shanghai
  let after: Awaited<ReturnType<typeof paidOrder>>; // paid 00:01 on 12-11
  const documentsOf = async (orderId: string) => {
    const payment = await t.ctx.db.selectFrom('payments').select('id').where('order_id', '=', orderId).executeTakeFirstOrThrow();
    return [orderId, payment.id];
  };

  beforeAll(async () => {
    t.clock.set('2026-12-10T15:59:00Z');
    before = await paidOrder(t, world, residentOf[0], [[campaign.lineIds[0]!, 1]]);
    t.clock.set('2026-12-10T16:01:00Z');
    after = await paidOrder(t, world, residentOf[1], [[campaign.lineIds[0]!, 2]]);
    // A carrier's route completed at 23:00 on 12-12, posted only at 01:00 on 12-13.
    t.clock.set('2026-12-12T15:00:00Z');
    await t.ctx.db.transaction().execute((trx) =>
      emit(trx, t.ctx.clock, {
        type: 'route.completed',
        operatorId: world.operatorId,
        aggregateId: 'rt_late',
        payload: {
          routeId: 'rt_late',
          deliveryDate: '2026-12-12',
          driverId: 'drv_1',
          carrierId: 'car_late',
          vehicleTypeId: 'vt_1',
          stopsDelivered: 4,
          distanceMeters: 12_000,
          costFen: 4000,
          rateCard: { perStopFen: 1000 },
        },
      }),
    );
    t.clock.set('2026-12-12T17:00:00Z');
    await t.ctx.events.drain();
  });

  it('still answers one document’s entries, oldest first', async () => {
    const doc = await get(`/api/v1/admin/finance/entries?documentType=order&documentId=${before.id}`);
    expect(doc.items.length).toBeGreaterThan(0);
    expect(doc).toMatchObject({ page: 1, pageSize: 50, total: doc.items.length });
    for (const e of doc.items as Entry[]) expect([e.documentType, e.documentId]).toEqual(['order', before.id]);
    const times = doc.items.map((e: Entry) => e.occurredAt);
    expect(times).toEqual([...times].sort());
    const reversed = await get(`/api/v1/admin/finance/entries?documentType=order&documentId=${before.id}&order=desc`);
    expect(ids(reversed.items)).toEqual(ids(doc.items).reverse());
  });

  it('without a document, lists the whole journal newest first, page by page', async () => {
    const all = await get('/api/v1/admin/finance/entries?pageSize=200');
    const count = await t.ctx.db
      .selectFrom('journal_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('operator_id', '=', world.operatorId)
      .executeTakeFirstOrThrow();
    expect(all.total).toBe(Number(count.n));
    expect(all.items).toHaveLength(all.total);
    const times = all.items.map((e: Entry) => e.occurredAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(all.items[0]).toMatchObject({ documentType: 'route', documentId: 'rt_late' });

    const paged: string[] = [];
    for (let page = 1; paged.length < all.total; page++) {
      const p = await get(`/api/v1/admin/finance/entries?pageSize=7&page=${page}`);
      expect(p).toMatchObject({ page, pageSize: 7, total: all.total });
      expect(p.items.length).toBeGreaterThan(0);
      paged.push(...ids(p.items));
    }
    expect(paged).toEqual(ids(all.items));
    const oldest = await get('/api/v1/admin/finance/entries?pageSize=200&order=asc');
    expect(ids(oldest.items)).toEqual(ids(all.items).reverse());
    expect(await get('/api/v1/admin/finance/entries', otherFinance)).toEqual({ items: [], page: 1, pageSize: 50, total: 0 });
  });

  it('filters by business day in the operator’s time zone, both ends included', async () => {
    const day10 = await get('/api/v1/admin/finance/entries?from=2026-12-10&to=2026-12-10');
    const beforeDocs = await documentsOf(before.id);
    const afterDocs = await documentsOf(after.id);
    expect(day10.total).toBeGreaterThan(0);
    expect(new Set(day10.items.map((e: Entry) => e.documentId))).toEqual(new Set(beforeDocs));
    const day11 = await get('/api/v1/admin/finance/entries?from=2026-12-11&to=2026-12-11');
    expect(new Set(day11.items.map((e: Entry) => e.documentId))).toEqual(new Set(afterDocs));
    const both = await get('/api/v1/admin/finance/entries?from=2026-12-10&to=2026-12-11');
    expect(both.total).toBe(day10.total + day11.total);
    const since = await get('/api/v1/admin/finance/entries?from=2026-12-11');
    expect(since.total).toBe(day11.total + 1); // and the late route
    const until = await get('/api/v1/admin/finance/entries?to=2026-12-10&pageSize=200');
    for (const e of until.items as Entry[]) expect(e.occurredAt < '2026-12-10T16:00:00.000Z').toBe(true);
    expect(until.total + since.total).toBe((await get('/api/v1/admin/finance/entries')).total);
  });

  it('filters by the day an entry was posted when asked', async () => {
    const occurred = await get('/api/v1/admin/finance/entries?from=2026-12-12&to=2026-12-12');
    expect(occurred.items.map((e: Entry) => e.documentId)).toEqual(['rt_late']);
    expect(occurred.items[0].occurredAt).toBe('2026-12-12T15:00:00.000Z');
    expect(occurred.items[0].recordedAt).toBe('2026-12-12T17:00:00.000Z');
    expect((await get('/api/v1/admin/finance/entries?from=2026-12-12&to=2026-12-12&dateOf=recorded')).total).toBe(0);
    const posted = await get('/api/v1/admin/finance/entries?from=2026-12-13&to=2026-12-13&dateOf=recorded');
    expect(posted.items.map((e: Entry) => e.documentId)).toEqual(['rt_late']);
  });

  it('filters by account code, kind of party, party, document type and kind of entry', async () => {
    const carrier = await get('/api/v1/admin/finance/entries?partyKind=carrier');
    expect(carrier.items.map((e: Entry) => e.documentId)).toEqual(['rt_late']);
    expect(carrier.items[0].postings.length).toBeGreaterThan(1); // the whole entry, not only the carrier's posting

    const second = await get(`/api/v1/admin/finance/entries?code=commission_pending&partyId=${leaderId(1)}&pageSize=200`);
    expect(second.total).toBeGreaterThan(0);
    for (const e of second.items as Entry[])
      expect(e.postings.some((p) => p.code === 'commission_pending' && p.partyId === leaderId(1))).toBe(true);
    expect(second.items.map((e: Entry) => e.documentId)).toContain(after.id);
    expect(second.items.map((e: Entry) => e.documentId)).not.toContain(before.id);

    const leaders = await get('/api/v1/admin/finance/entries?partyKind=leader&pageSize=200');
    for (const e of leaders.items as Entry[]) expect(e.postings.some((p) => p.partyKind === 'leader')).toBe(true);
    const allEntries = (await get('/api/v1/admin/finance/entries?pageSize=200')).items as Entry[];
    expect(leaders.total).toBe(allEntries.filter((e) => e.postings.some((p) => p.partyKind === 'leader')).length);

    const withdrawals = await get('/api/v1/admin/finance/entries?documentType=withdrawal&pageSize=200');
    expect(withdrawals.total).toBe(allEntries.filter((e) => e.documentType === 'withdrawal').length);
    expect(withdrawals.total).toBeGreaterThan(0);
    for (const e of withdrawals.items as Entry[]) expect(e.documentType).toBe('withdrawal');

    const kind = allEntries[allEntries.length - 1]!.kind;
    const ofKind = await get(`/api/v1/admin/finance/entries?kind=${kind}&pageSize=200`);
    expect(ofKind.total).toBe(allEntries.filter((e) => e.kind === kind).length);

    const combined = await get(`/api/v1/admin/finance/entries?documentType=order&from=2026-12-10&to=2026-12-10&partyId=${leaderId(0)}`);
    expect(combined.total).toBeGreaterThan(0);
    for (const e of combined.items as Entry[]) expect([e.documentType, e.documentId]).toEqual(['order', before.id]);
  });

  it('refuses bad filters and other roles', async () => {
    for (const q of [
      'from=12-10-2026',
      'to=tomorrow',
      'documentType=invoice',
      'dateOf=posted',
      'partyKind=resident',
      'pageSize=500',
      'x=1',
    ]) {
      const res = await t.request('GET', `/api/v1/admin/finance/entries?${q}`, { token: finance });
      expect([res.status, res.body.code], q).toEqual([400, 'VALIDATION_FAILED']);
    }
    expect((await t.request('GET', '/api/v1/admin/finance/entries', { token: support })).status).toBe(403);
    expect((await t.request('GET', '/api/v1/admin/finance/entries', { token: leader })).status).toBe(403);
  });
});
