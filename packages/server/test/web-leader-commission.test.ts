import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../src/platform/clock.ts';
import { createOpenCampaign, createStaff, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { emitEvent, paidOrder } from './ledger-fixtures.ts';

let t: TestApp;
let w: World;
let leader: string;
let otherLeader: string;
let finance: string;

interface Line {
  entryId: string;
  occurredAt: string;
  account: string;
  amountFen: number;
}

const orders = 6;
const pickedUp = 4;

beforeAll(async () => {
  t = await startTestApp();
  w = await createWorld(t.ctx, { skus: 1, leaders: 2, residents: 1 });
  const c = await createOpenCampaign(t.ctx, w, { priceFen: 10_000, cutoffAt: new Date(t.clock.now().getTime() + 30 * DAY) });
  leader = await t.login('leader', w.leaders[0]!.phone);
  otherLeader = await t.login('leader', w.leaders[1]!.phone);
  finance = await t.login('staff', (await createStaff(t.ctx, w.operatorId, ['finance'])).phone);
  const placed = [];
  for (let i = 0; i < orders; i++) {
    t.clock.advance(HOUR);
    placed.push(await paidOrder(t, w, w.residents[0]!.id, [[c.lineIds[0]!, 1 + i]]));
  }
  // Picked up at one instant: the release job moves their commission in entries of the same time.
  for (const order of placed.slice(0, pickedUp))
    await emitEvent(t, w, 'order.picked_up', order.id, { orderId: order.id, at: t.clock.now().toISOString() });
  t.clock.advance(48 * HOUR + 1000);
  await t.ctx.jobs.tick();
});
afterAll(() => t.close());

const get = async (url: string, token = leader) => {
  const res = await t.request('GET', url, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const figuresOf = (s: Record<string, unknown>) => {
  const { lines: _lines, total: _total, page: _page, pageSize: _pageSize, ...figures } = s;
  return figures;
};
/** Every entry's lines side by side. */
const entriesTogether = (lines: Line[]) => {
  const seen = new Set<string>();
  lines.forEach((l, i) => {
    if (i > 0 && lines[i - 1]!.entryId === l.entryId) return;
    expect(seen.has(l.entryId), l.entryId).toBe(false);
    seen.add(l.entryId);
  });
};

describe('the leader’s commission statement a page at a time', () => {
  it('sends every line when no page is asked for, as before, each entry’s lines together', async () => {
    const all = await get('/api/v1/leader/commission');
    // An accrual per order, and a release (off pending, onto available) per order picked up.
    expect(all).toMatchObject({ total: orders + 2 * pickedUp, page: null, pageSize: null, orders });
    expect(all.lines).toHaveLength(all.total);
    expect(all.releasedFen).toBeGreaterThan(0);
    const times = all.lines.map((l: Line) => l.occurredAt);
    expect(times).toEqual([...times].sort());
    entriesTogether(all.lines);
  });

  it('pages the lines oldest first, keeping the figures of the whole period', async () => {
    const all = await get('/api/v1/leader/commission');
    const pages: Line[] = [];
    for (let page = 1; page <= Math.ceil(all.total / 3); page++) {
      const p = await get(`/api/v1/leader/commission?page=${page}&pageSize=3`);
      expect(figuresOf(p)).toEqual(figuresOf(all));
      expect(p).toMatchObject({ total: all.total, page, pageSize: 3 });
      expect(p.lines.length).toBeLessThanOrEqual(3);
      pages.push(...p.lines);
    }
    expect(pages).toEqual(all.lines);
    expect((await get(`/api/v1/leader/commission?page=${Math.ceil(all.total / 3) + 1}&pageSize=3`)).lines).toEqual([]);
  });

  it('pages newest first on request, entries still together, 50 to a page unless told', async () => {
    const all = await get('/api/v1/leader/commission');
    const newest: Line[] = [];
    for (let page = 1; page <= Math.ceil(all.total / 4); page++)
      newest.push(...(await get(`/api/v1/leader/commission?page=${page}&pageSize=4&order=desc`)).lines);
    expect(newest).toEqual([...all.lines].reverse());
    entriesTogether(newest);
    const released = newest.filter((l) => l.account === 'commission_available');
    expect(released).toHaveLength(pickedUp);
    const byDefault = await get('/api/v1/leader/commission?page=1&order=desc');
    expect(byDefault).toMatchObject({ page: 1, pageSize: 50, total: all.total });
    expect(byDefault.lines).toEqual([...all.lines].reverse());
    expect(await get('/api/v1/leader/commission?pageSize=1')).toMatchObject({ page: 1, pageSize: 1, lines: [all.lines[0]] });
  });

  it('pages within the period asked for', async () => {
    const later = await get('/api/v1/leader/commission?from=2099-01-01&page=1&pageSize=5');
    expect(later).toMatchObject({ lines: [], total: 0, page: 1, pageSize: 5, orders: 0, accruedFen: 0 });
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(t.clock.now());
    const today = await get(`/api/v1/leader/commission?from=${day}&to=${day}&page=1&pageSize=2&order=desc`);
    expect(today.total).toBe(2 * pickedUp);
    expect(today.lines.map((l: Line) => l.entryId)).toHaveLength(2);
    expect(today.lines[0].entryId).toBe(today.lines[1].entryId);
  });

  it('shows a leader only their own lines', async () => {
    expect(await get('/api/v1/leader/commission?page=1&pageSize=10', otherLeader)).toMatchObject({
      lines: [],
      total: 0,
      accruedFen: 0,
    });
  });

  it('refuses a bad page', async () => {
    for (const q of ['page=0', 'pageSize=0', 'pageSize=201', 'order=up', 'page=x']) {
      const res = await t.request('GET', `/api/v1/leader/commission?${q}`, { token: leader });
      expect([res.status, res.body.code], q).toEqual([400, 'VALIDATION_FAILED']);
    }
  });

  it('still exports every line, and takes only the period', async () => {
    const all = await get('/api/v1/leader/commission');
    const res = await t.app.server.inject({
      method: 'GET',
      url: '/api/v1/leader/commission/export',
      headers: { authorization: `Bearer ${leader}` },
    });
    expect(res.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(book.getWorksheet('明细')!.rowCount).toBe(1 + all.total);
    expect((await t.request('GET', '/api/v1/leader/commission/export?page=1', { token: leader })).status).toBe(400);
  });
});

describe('finance reads the same statements a page at a time', () => {
  it('pages a leader’s statement as the leader sees it, figures whole', async () => {
    const url = `/api/v1/admin/finance/leaders/${w.leaders[0]!.id}/statement`;
    const all = await get(url, finance);
    expect(all).toEqual(await get('/api/v1/leader/commission'));
    const p2 = await get(`${url}?page=2&pageSize=3&order=desc`, finance);
    expect(p2).toEqual(await get('/api/v1/leader/commission?page=2&pageSize=3&order=desc'));
    expect(figuresOf(p2)).toEqual(figuresOf(all));
    expect(p2.lines).toEqual([...all.lines].reverse().slice(3, 6));
  });

  it('pages a supplier’s statement', async () => {
    const url = `/api/v1/admin/finance/suppliers/${w.supplierId}/statement`;
    const all = await get(url, finance);
    const first = await get(`${url}?page=1&pageSize=1`, finance);
    expect(first).toMatchObject({ total: all.total, page: 1, pageSize: 1, lines: all.lines.slice(0, 1) });
  });

  it('refuses a bad page to finance too', async () => {
    const res = await t.request('GET', `/api/v1/admin/finance/leaders/${w.leaders[0]!.id}/statement?pageSize=500`, { token: finance });
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
