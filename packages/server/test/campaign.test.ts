import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR } from '../src/platform/clock.ts';
import { createOperator, createSku, createStaff, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { localDate } from '../src/platform/calendar.ts';

let t: TestApp;
let world: World;
let token: string;
beforeAll(async () => {
  t = await startTestApp();
  world = await createWorld(t.ctx, { skus: 3 });
  token = await t.login('staff', (await createStaff(t.ctx, world.operatorId, ['merchandiser'])).phone);
});
afterAll(() => t.close());

const iso = (ms: number) => new Date(ms).toISOString();
/** A sound campaign: opens in an hour, cuts off in 12, picked up the day after the cutoff. */
function campaignBody(over: Record<string, unknown> = {}) {
  const now = t.clock.now().getTime();
  return {
    title: '冰糖橙产地直发',
    opensAt: iso(now + HOUR),
    cutoffAt: iso(now + 12 * HOUR),
    pickupDate: localDate(new Date(now + 36 * HOUR), 'Asia/Shanghai'),
    lines: [
      { skuId: world.skuIds[0], groupPriceFen: 990, stockTotal: 100, perResidentLimit: 5 },
      { skuId: world.skuIds[1], groupPriceFen: 1290, stockTotal: null, perResidentLimit: null },
    ],
    ...over,
  };
}
const api = (method: string, url: string, body?: unknown, as = token) => t.request(method, `/api/v1/admin${url}`, { token: as, body });
async function create(over: Record<string, unknown> = {}) {
  const res = await api('POST', '/campaigns', campaignBody(over));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}
const jobsOf = (id: string) =>
  t.ctx.db
    .selectFrom('jobs')
    .select(['kind', 'run_at', 'status'])
    .where('dedupe_key', 'like', `campaign.%:${id}`)
    .orderBy('kind')
    .execute();
const eventsOf = (id: string) =>
  t.ctx.db.selectFrom('outbox').select(['event_type', 'payload']).where('aggregate_id', '=', id).orderBy('id').execute();
const countCampaigns = async () =>
  Number(
    (
      await t.ctx.db
        .selectFrom('campaigns')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('a campaign from draft to cutoff', () => {
  it('is created as a draft with its lines described', async () => {
    const c = await create({ minTotalQuantity: 20, description: '产地直发' });
    expect(c).toMatchObject({ status: 'draft', leaderScope: 'all', minTotalQuantity: 20, description: '产地直发' });
    expect(c.lines).toEqual([
      expect.objectContaining({ skuId: world.skuIds[0], productName: '麻阳冰糖橙', spec: '500g', groupPriceFen: 990, listPriceFen: 1990 }),
      expect.objectContaining({ skuId: world.skuIds[1], stockTotal: null, stockLeft: null, reserved: 0 }),
    ]);
    expect(c.lines[0]).toMatchObject({ stockTotal: 100, reserved: 0, stockLeft: 100, perResidentLimit: 5 });
    expect(await jobsOf(c.id)).toEqual([]);
    const got = await api('GET', `/campaigns/${c.id}`);
    expect(got.body).toEqual(c);
  });

  it('is scheduled when published before its opening, opens and closes by its jobs as time passes', async () => {
    const c = await create();
    const published = await api('POST', `/campaigns/${c.id}/publish`);
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('scheduled');
    expect(await jobsOf(c.id)).toEqual([
      { kind: 'campaign.cutoff', run_at: new Date(c.cutoffAt), status: 'pending' },
      { kind: 'campaign.open', run_at: new Date(c.opensAt), status: 'pending' },
    ]);

    t.clock.advance(HOUR - 1000);
    await t.ctx.jobs.tick();
    expect((await api('GET', `/campaigns/${c.id}`)).body.status).toBe('scheduled');

    t.clock.advance(1000);
    await t.ctx.jobs.tick();
    expect((await api('GET', `/campaigns/${c.id}`)).body.status).toBe('open');

    t.clock.set(c.cutoffAt);
    await t.ctx.jobs.tick();
    const closed = (await api('GET', `/campaigns/${c.id}`)).body;
    expect(closed).toMatchObject({ status: 'closed', closedAt: c.cutoffAt });
    expect((await eventsOf(c.id)).map((e) => e.event_type)).toEqual(['campaign.published', 'campaign.opened', 'campaign.closed']);
    expect((await eventsOf(c.id))[2]?.payload).toMatchObject({ campaignId: c.id, pickupDate: c.pickupDate, minTotalQuantity: 0 });
  });

  it('opens at once when published inside its selling window', async () => {
    const c = await create({ opensAt: iso(t.clock.now().getTime() - HOUR) });
    const published = await api('POST', `/campaigns/${c.id}/publish`);
    expect(published.body.status).toBe('open');
    expect((await jobsOf(c.id)).map((j) => j.kind)).toEqual(['campaign.cutoff']);
    expect((await eventsOf(c.id)).map((e) => e.event_type)).toEqual(['campaign.published', 'campaign.opened']);
    expect((await api('POST', `/campaigns/${c.id}/publish`)).body.code).toBe('INVALID_STATE');
  });

  it('goes back to draft when unpublished, and its jobs are cancelled', async () => {
    const c = await create();
    await api('POST', `/campaigns/${c.id}/publish`);
    const back = await api('POST', `/campaigns/${c.id}/unpublish`);
    expect(back.body.status).toBe('draft');
    expect((await jobsOf(c.id)).map((j) => j.status)).toEqual(['done', 'done']);
    t.clock.set(new Date(new Date(c.cutoffAt).getTime() + 1000));
    await t.ctx.jobs.tick();
    expect((await api('GET', `/campaigns/${c.id}`)).body.status).toBe('draft');
    expect((await api('POST', `/campaigns/${c.id}/unpublish`)).body.code).toBe('INVALID_STATE');
  });
});

describe('cancelling', () => {
  it('cancels an open campaign, its jobs, and tells ordering why', async () => {
    const c = await create({ opensAt: iso(t.clock.now().getTime() - HOUR) });
    await api('POST', `/campaigns/${c.id}/publish`);
    const cancelled = await api('POST', `/campaigns/${c.id}/cancel`, { reason: '产地暴雨，无法发货' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      cancelReason: '产地暴雨，无法发货',
      cancelledAt: t.clock.now().toISOString(),
    });
    const events = await eventsOf(c.id);
    expect(events.at(-1)).toEqual({
      event_type: 'campaign.cancelled',
      payload: expect.objectContaining({
        campaignId: c.id,
        pickupDate: c.pickupDate,
        reason: '产地暴雨，无法发货',
        previousStatus: 'open',
      }),
    });
    t.clock.set(new Date(new Date(c.cutoffAt).getTime() + 1000));
    await t.ctx.jobs.tick();
    expect((await api('GET', `/campaigns/${c.id}`)).body.status).toBe('cancelled');
    expect((await api('POST', `/campaigns/${c.id}/cancel`, { reason: 'again' })).body.code).toBe('INVALID_STATE');
  });

  it.each(['draft', 'scheduled'])('cancels a %s campaign', async (status) => {
    const c = await create();
    if (status === 'scheduled') await api('POST', `/campaigns/${c.id}/publish`);
    expect((await api('POST', `/campaigns/${c.id}/cancel`, { reason: '不做了' })).body.status).toBe('cancelled');
    expect((await jobsOf(c.id)).every((j) => j.status === 'done')).toBe(true);
  });

  it('cannot cancel a closed campaign', async () => {
    const c = await create({ opensAt: iso(t.clock.now().getTime() - HOUR) });
    await api('POST', `/campaigns/${c.id}/publish`);
    t.clock.set(c.cutoffAt);
    await t.ctx.jobs.tick();
    const res = await api('POST', `/campaigns/${c.id}/cancel`, { reason: 'late' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('INVALID_STATE');
    expect((await api('GET', `/campaigns/${c.id}`)).body.status).toBe('closed');
  });
});

describe('editing', () => {
  it('changes anything of a draft, keeping the line of a kept SKU', async () => {
    const c = await create();
    const res = await api('PATCH', `/campaigns/${c.id}`, {
      title: '改名',
      minTotalQuantity: 30,
      leaderScope: [world.leaders[0]?.id],
      lines: [
        { skuId: world.skuIds[1], groupPriceFen: 1190, stockTotal: 10, perResidentLimit: 2 },
        { skuId: world.skuIds[2], groupPriceFen: 1490, stockTotal: null, perResidentLimit: null },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ title: '改名', minTotalQuantity: 30, leaderScope: [world.leaders[0]?.id] });
    expect(res.body.lines.map((l: { skuId: string }) => l.skuId)).toEqual([world.skuIds[1], world.skuIds[2]]);
    expect(res.body.lines[0]).toMatchObject({ id: c.lines[1].id, groupPriceFen: 1190, stockTotal: 10 });
  });

  it('moves a scheduled campaign’s jobs with its opening and cutoff', async () => {
    const c = await create();
    await api('POST', `/campaigns/${c.id}/publish`);
    const now = t.clock.now().getTime();
    const res = await api('PATCH', `/campaigns/${c.id}`, { opensAt: iso(now + 2 * HOUR), cutoffAt: iso(now + 13 * HOUR) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await jobsOf(c.id)).toEqual([
      { kind: 'campaign.cutoff', run_at: new Date(now + 13 * HOUR), status: 'pending' },
      { kind: 'campaign.open', run_at: new Date(now + 2 * HOUR), status: 'pending' },
    ]);
    t.clock.advance(HOUR);
    await t.ctx.jobs.tick();
    expect((await api('GET', `/campaigns/${c.id}`)).body.status).toBe('scheduled');
    t.clock.advance(HOUR);
    await t.ctx.jobs.tick();
    expect((await api('GET', `/campaigns/${c.id}`)).body.status).toBe('open');
  });

  describe('an open campaign', () => {
    let c: any;
    beforeAll(async () => {
      c = await create({ opensAt: iso(t.clock.now().getTime() - HOUR), leaderScope: [world.leaders[0]?.id] });
      await api('POST', `/campaigns/${c.id}/publish`);
      // Residents have reserved 30 of the first line.
      await t.ctx.db.updateTable('campaign_lines').set({ reserved: 30 }).where('id', '=', c.lines[0].id).execute();
    });
    const lines = (first: Record<string, unknown>) => [
      { skuId: world.skuIds[0], groupPriceFen: 990, stockTotal: 100, perResidentLimit: 5, ...first },
      { skuId: world.skuIds[1], groupPriceFen: 1290, stockTotal: null, perResidentLimit: null },
    ];

    it('takes a new title, more stock, unlimited stock and more leaders', async () => {
      const res = await api('PATCH', `/campaigns/${c.id}`, {
        title: '加量不加价',
        lines: lines({ stockTotal: 150 }),
        leaderScope: [world.leaders[0]?.id, world.leaders[1]?.id],
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.title).toBe('加量不加价');
      expect(res.body.lines[0]).toMatchObject({ stockTotal: 150, reserved: 30, stockLeft: 120 });
      expect([...res.body.leaderScope].sort()).toEqual([world.leaders[0]?.id, world.leaders[1]?.id].sort());
      const unlimited = await api('PATCH', `/campaigns/${c.id}`, { lines: lines({ stockTotal: null }) });
      expect(unlimited.body.lines[0]).toMatchObject({ stockTotal: null, stockLeft: null, reserved: 30 });
    });

    it.each([
      ['a new pickup date', () => ({ pickupDate: '2027-01-01' }), 'field_locked_while_open'],
      ['a new opening time', () => ({ opensAt: iso(t.clock.now().getTime()) }), 'field_locked_while_open'],
      ['a new price', () => ({ lines: lines({ groupPriceFen: 890, stockTotal: null }) }), 'field_locked_while_open'],
      ['less stock', () => ({ lines: lines({ stockTotal: 40 }) }), 'stock_lowered'],
      ['a leader removed', () => ({ leaderScope: [world.leaders[0]?.id] }), 'leaders_removed'],
      ['a line dropped', () => ({ lines: lines({ stockTotal: null }).slice(0, 1) }), 'lines_changed_while_open'],
    ])('refuses %s and changes nothing', async (_, patch, code) => {
      const before = (await api('GET', `/campaigns/${c.id}`)).body;
      const res = await api('PATCH', `/campaigns/${c.id}`, { title: 'should not stick', ...patch() });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('INVALID_STATE');
      expect(res.body.details.issues.map((i: { code: string }) => i.code)).toContain(code);
      expect((await api('GET', `/campaigns/${c.id}`)).body).toEqual(before);
    });

    it('extends the cutoff and moves the cutoff job', async () => {
      const later = new Date(c.cutoffAt).getTime() + 3 * HOUR;
      const res = await api('PATCH', `/campaigns/${c.id}`, { cutoffAt: iso(later) });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      t.clock.set(c.cutoffAt);
      await t.ctx.jobs.tick();
      expect((await api('GET', `/campaigns/${c.id}`)).body.status).toBe('open');
      t.clock.set(new Date(later));
      await t.ctx.jobs.tick();
      expect((await api('GET', `/campaigns/${c.id}`)).body).toMatchObject({ status: 'closed', closedAt: iso(later) });
    });

    it('then, closed, refuses every edit', async () => {
      const res = await api('PATCH', `/campaigns/${c.id}`, { title: 'too late' });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('INVALID_STATE');
      expect((await api('GET', `/campaigns/${c.id}`)).body.title).toBe('加量不加价');
    });
  });

  it('refuses to edit a cancelled campaign', async () => {
    const c = await create();
    await api('POST', `/campaigns/${c.id}/cancel`, { reason: 'x' });
    expect((await api('PATCH', `/campaigns/${c.id}`, { title: 'y' })).body.code).toBe('INVALID_STATE');
  });
});

describe('validation', () => {
  it.each([
    ['a cutoff before the opening', () => ({ cutoffAt: iso(t.clock.now().getTime()) }), 'cutoff_not_after_opening'],
    [
      "a pickup date before the cutoff's day in Shanghai",
      () => ({ cutoffAt: '2030-05-01T17:00:00Z', opensAt: '2030-05-01T00:00:00Z', pickupDate: '2030-05-01' }),
      'pickup_before_cutoff',
    ],
    [
      'an unknown SKU',
      () => ({ lines: [{ skuId: 'sku_nope', groupPriceFen: 100, stockTotal: null, perResidentLimit: null }] }),
      'sku_not_found',
    ],
    [
      'a SKU twice',
      () => ({
        lines: [
          { skuId: world.skuIds[0], groupPriceFen: 100, stockTotal: null, perResidentLimit: null },
          { skuId: world.skuIds[0], groupPriceFen: 200, stockTotal: null, perResidentLimit: null },
        ],
      }),
      'sku_repeated',
    ],
    ['an unknown leader', () => ({ leaderScope: ['ldr_nope'] }), 'leader_not_found'],
  ])('refuses %s with a code and writes nothing', async (_, over, code) => {
    const before = await countCampaigns();
    const res = await api('POST', '/campaigns', campaignBody(over()));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.issues).toContainEqual(expect.objectContaining({ code }));
    expect(await countCampaigns()).toBe(before);
  });

  it.each([
    ['a zero price', { lines: [{ skuId: 'x', groupPriceFen: 0, stockTotal: null, perResidentLimit: null }] }],
    ['no lines', { lines: [] }],
    ['an unknown field', { colour: 'red' }],
    ['a date that is not a date', { pickupDate: 'tomorrow' }],
  ])('refuses %s at the door', async (_, over) => {
    const before = await countCampaigns();
    const res = await api('POST', '/campaigns', campaignBody(over));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(await countCampaigns()).toBe(before);
  });

  it('refuses an inactive SKU, and re-checks the catalog when publishing', async () => {
    const skuId = await createSku(t.ctx, world.operatorId, world.productId, 500);
    const c = await create({ lines: [{ skuId, groupPriceFen: 300, stockTotal: null, perResidentLimit: null }] });
    await t.ctx.db.updateTable('skus').set({ active: false }).where('id', '=', skuId).execute();
    const res = await api('POST', `/campaigns/${c.id}/publish`);
    expect(res.status).toBe(400);
    expect(res.body.details.issues).toContainEqual(expect.objectContaining({ code: 'sku_inactive', path: 'body.lines.0.skuId' }));
    expect((await api('GET', `/campaigns/${c.id}`)).body.status).toBe('draft');
    const again = await api(
      'POST',
      '/campaigns',
      campaignBody({ lines: [{ skuId, groupPriceFen: 300, stockTotal: null, perResidentLimit: null }] }),
    );
    expect(again.body.details.issues).toContainEqual(expect.objectContaining({ code: 'sku_inactive' }));
  });

  it('refuses to publish once the cutoff has passed', async () => {
    const c = await create();
    t.clock.set(c.cutoffAt);
    const res = await api('POST', `/campaigns/${c.id}/publish`);
    expect(res.body.details.issues).toContainEqual(expect.objectContaining({ code: 'cutoff_in_past' }));
    expect(await jobsOf(c.id)).toEqual([]);
  });
});

describe('lists', () => {
  it('filters by status and pickup date and pages on the server', async () => {
    const pickupDate = '2031-03-03';
    const body = { opensAt: '2031-03-01T00:00:00Z', cutoffAt: '2031-03-02T00:00:00Z', pickupDate };
    const made = [await create(body), await create(body), await create(body)];
    await api('POST', `/campaigns/${made[0].id}/publish`);
    const page1 = await api('GET', `/campaigns?pickupDate=${pickupDate}&pageSize=2`);
    expect(page1.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(page1.body.items).toHaveLength(2);
    const page2 = await api('GET', `/campaigns?pickupDate=${pickupDate}&pageSize=2&page=2`);
    expect(page2.body.items).toHaveLength(1);
    const ids = [...page1.body.items, ...page2.body.items].map((c: { id: string }) => c.id).sort();
    expect(ids).toEqual(made.map((c) => c.id).sort());
    const scheduled = await api('GET', `/campaigns?pickupDate=${pickupDate}&status=scheduled`);
    expect(scheduled.body.items.map((c: { id: string }) => c.id)).toEqual([made[0].id]);
    expect((await api('GET', '/campaigns?status=bogus')).body.code).toBe('VALIDATION_FAILED');
  });

  it('serves every row when one campaign’s leader list is empty, and never lets the API write one', async () => {
    const pickupDate = '2031-04-04';
    const body = { opensAt: '2031-04-01T00:00:00Z', cutoffAt: '2031-04-02T00:00:00Z', pickupDate };
    const sound = await create(body);
    const broken = await create({ ...body, leaderScope: [world.leaders[0]?.id] });
    // A list scope whose leader rows are gone, as a direct write or an old bug could leave it.
    await t.ctx.db.deleteFrom('campaign_leaders').where('campaign_id', '=', broken.id).execute();
    const list = await api('GET', `/campaigns?pickupDate=${pickupDate}`);
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.items.map((c: { id: string }) => c.id).sort()).toEqual([sound.id, broken.id].sort());
    expect(list.body.items.find((c: { id: string }) => c.id === broken.id).leaderScope).toEqual([]);
    const one = await api('GET', `/campaigns/${broken.id}`);
    expect([one.status, one.body.leaderScope]).toEqual([200, []]);
    // Writing an empty list is refused, on create and on update; naming a leader repairs the row.
    expect((await api('POST', '/campaigns', campaignBody({ ...body, leaderScope: [] }))).body.code).toBe('VALIDATION_FAILED');
    expect((await api('PATCH', `/campaigns/${broken.id}`, { leaderScope: [] })).body.code).toBe('VALIDATION_FAILED');
    const repaired = await api('PATCH', `/campaigns/${broken.id}`, { leaderScope: [world.leaders[1]?.id] });
    expect([repaired.status, repaired.body.leaderScope]).toEqual([200, [world.leaders[1]?.id]]);
  });
});

describe('who may', () => {
  it('refuses residents, leaders and staff without the role', async () => {
    const resident = await t.login('resident', world.residents[0]?.phone as string);
    const leader = await t.login('leader', world.leaders[0]?.phone as string);
    const finance = await t.login('staff', (await createStaff(t.ctx, world.operatorId, ['finance'])).phone);
    for (const who of [resident, leader, finance]) {
      expect((await api('GET', '/campaigns', undefined, who)).body.code).toBe('FORBIDDEN');
      expect((await api('POST', '/campaigns', campaignBody(), who)).status).toBe(403);
    }
    expect((await t.request('GET', '/api/v1/admin/campaigns')).status).toBe(401);
    const admin = await t.login('staff', world.adminPhone);
    expect((await api('GET', '/campaigns', undefined, admin)).status).toBe(200);
  });

  it("keeps one operator's campaigns from another's staff", async () => {
    const c = await create();
    const otherId = await createOperator(t.ctx, 'other-op');
    const other = await t.login('staff', (await createStaff(t.ctx, otherId, ['merchandiser'])).phone, 'other-op');
    const as = (method: string, url: string, body?: unknown) => api(method, url, body, other);
    expect((await as('GET', `/campaigns/${c.id}`)).body.code).toBe('NOT_FOUND');
    expect((await as('PATCH', `/campaigns/${c.id}`, { title: 'mine now' })).body.code).toBe('NOT_FOUND');
    expect((await as('POST', `/campaigns/${c.id}/publish`)).body.code).toBe('NOT_FOUND');
    expect((await as('POST', `/campaigns/${c.id}/cancel`, { reason: 'x' })).body.code).toBe('NOT_FOUND');
    expect((await as('GET', '/campaigns')).body).toMatchObject({ items: [], total: 0 });
    // Nor can it sell the first operator's SKUs or name its leaders.
    const stolen = await as('POST', '/campaigns', campaignBody({ leaderScope: [world.leaders[0]?.id] }));
    expect(stolen.body.details.issues.map((i: { code: string }) => i.code)).toEqual(['sku_not_found', 'sku_not_found', 'leader_not_found']);
    expect((await api('GET', `/campaigns/${c.id}`)).body.title).toBe(c.title);
  });
});
