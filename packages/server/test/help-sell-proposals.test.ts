import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, DAY } from '../src/platform/clock.ts';
import { newId } from '../src/platform/ids.ts';
import { createSku, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

/**
 * 帮卖 proposals on the real database: a leader and a supplier propose help-sell campaigns (bad
 * input refused with its code, nothing written), see them and withdraw one; staff see the queue,
 * approve (the campaign created with the proposer as publisher and the split agreed, drafted or
 * published, in one transaction) or reject with a reason, the proposer told either way; a second
 * decision, or one on a withdrawn proposal, is INVALID_STATE, also when two approvals race.
 */

let t: TestApp;
let world: World;
let admin: string;
let leader: string;
let supplier: string;
/** A SKU of another supplier, which the world's supplier may not propose. */
let foreignSku: string;

beforeAll(async () => {
  t = await startTestApp();
  world = await createWorld(t.ctx, { skus: 2, leaders: 2, residents: 0 });
  admin = await t.login('staff', world.adminPhone);
  leader = await t.login('leader', world.leaders[0]?.phone as string);
  supplier = await t.login('supplier', world.supplierPhone);
  const now = t.clock.now();
  const other = newId('sup');
  await t.ctx.db
    .insertInto('suppliers')
    .values({ id: other, operator_id: world.operatorId, name: '岳麓山茶', phone: '13900009999', created_at: now })
    .execute();
  const product = newId('prd');
  await t.ctx.db
    .insertInto('products')
    .values({
      id: product,
      operator_id: world.operatorId,
      category_id: world.categoryId,
      supplier_id: other,
      name: '安化黑茶',
      images: '[]',
      temperature_class: 'ambient',
      shelf_life_days: 365,
      created_at: now,
      updated_at: now,
    })
    .execute();
  foreignSku = await createSku(t.ctx, world.operatorId, product, 5800);
});
afterAll(() => t.close());

const sku = (i: number) => world.skuIds[i] as string;
function proposal(over: Record<string, unknown> = {}) {
  const now = t.clock.now().getTime();
  return {
    title: '麻阳冰糖橙 帮卖',
    note: '产地直发，坏果包赔',
    opensAt: new Date(now + HOUR).toISOString(),
    cutoffAt: new Date(now + 2 * DAY).toISOString(),
    pickupDate: '2026-11-23',
    lines: [
      { skuId: sku(0), groupPriceFen: 1500, stockTotal: 200, perResidentLimit: 5 },
      { skuId: sku(1), groupPriceFen: 1800, stockTotal: null, perResidentLimit: null },
    ],
    sellerBp: 1200,
    publisherBp: 800,
    ...over,
  };
}
const submit = (token: string, kind: 'leader' | 'supplier', body: unknown) =>
  t.request('POST', `/api/v1/${kind}/help-sell/proposals`, { token, body });
const mine = async (token: string, kind: 'leader' | 'supplier') =>
  (await t.request('GET', `/api/v1/${kind}/help-sell/proposals`, { token })).body.proposals;
const decide = (id: string, what: 'approve' | 'reject', body: unknown) =>
  t.request('POST', `/api/v1/admin/help-sell/proposals/${id}/${what}`, { token: admin, body });
const proposalCount = async () =>
  Number(
    (
      await t.ctx.db
        .selectFrom('help_sell_proposals')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const campaignCount = async () =>
  Number(
    (
      await t.ctx.db
        .selectFrom('campaigns')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const inbox = (kind: 'leader' | 'supplier', id: string) =>
  t.ctx.db
    .selectFrom('notifications')
    .select(['title', 'body'])
    .where('recipient_kind', '=', kind)
    .where('recipient_id', '=', id)
    .orderBy('created_at')
    .execute();

describe('proposing', () => {
  it.each([
    ['shares summing over the whole line', 'leader', { sellerBp: 6000, publisherBp: 5000 }, 422, 'HELP_SELL_SPLIT_INVALID', null],
    ['a share below 0', 'supplier', { sellerBp: -1 }, 422, 'HELP_SELL_SPLIT_INVALID', null],
    [
      'a cutoff before the opening',
      'leader',
      { cutoffAt: new Date('2026-11-20T01:00:00Z').toISOString() },
      400,
      'VALIDATION_FAILED',
      'cutoff_not_after_opening',
    ],
    ['a pickup date before the cutoff', 'leader', { pickupDate: '2026-11-21' }, 400, 'VALIDATION_FAILED', 'pickup_before_cutoff'],
    [
      'an unknown SKU',
      'leader',
      { lines: [{ skuId: 'sku_nobody', groupPriceFen: 100, stockTotal: null, perResidentLimit: null }] },
      400,
      'VALIDATION_FAILED',
      'sku_not_found',
    ],
    [
      'a SKU twice',
      'leader',
      { lines: [0, 0].map(() => ({ skuId: 'x', groupPriceFen: 100, stockTotal: null, perResidentLimit: null })) },
      400,
      'VALIDATION_FAILED',
      'sku_repeated',
    ],
    ['no lines', 'leader', { lines: [] }, 400, 'VALIDATION_FAILED', null],
    [
      "a supplier proposing another supplier's SKU",
      'supplier',
      { lines: [{ skuId: 'FOREIGN', groupPriceFen: 100, stockTotal: null, perResidentLimit: null }] },
      400,
      'VALIDATION_FAILED',
      'sku_not_yours',
    ],
  ] as const)('refuses %s, writing nothing', async (_name, kind, over, status, code, issue) => {
    const body = proposal(over) as ReturnType<typeof proposal>;
    if (issue === 'sku_not_yours') body.lines = [{ ...body.lines[0], skuId: foreignSku } as (typeof body.lines)[0]];
    const before = await proposalCount();
    const res = await submit(kind === 'leader' ? leader : supplier, kind, body);
    expect([res.status, res.body.code]).toEqual([status, code]);
    if (issue) expect(res.body.details.issues.map((i: { code: string }) => i.code)).toContain(issue);
    expect(await proposalCount()).toBe(before);
  });

  it('lists the SKUs a proposer may pick: a supplier only its own', async () => {
    const forLeader = await t.request('GET', '/api/v1/leader/help-sell/skus', { token: leader });
    expect(forLeader.body.skus.map((s: { skuId: string }) => s.skuId).sort()).toEqual([...world.skuIds, foreignSku].sort());
    const forSupplier = await t.request('GET', '/api/v1/supplier/help-sell/skus', { token: supplier });
    expect(forSupplier.body.skus.map((s: { skuId: string }) => s.skuId).sort()).toEqual([...world.skuIds].sort());
  });

  it('staff may not propose as a leader', async () => {
    const res = await submit(admin, 'leader', proposal());
    expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
  });
});

describe('the proposer and staff', () => {
  let fromLeader: string;
  let fromSupplier: string;

  it('a leader and a supplier propose; each sees their own, pending', async () => {
    const a = await submit(leader, 'leader', proposal());
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    fromLeader = a.body.id;
    expect(a.body).toMatchObject({
      status: 'pending',
      proposer: { kind: 'leader', id: world.leaders[0]?.id },
      sellerBp: 1200,
      publisherBp: 800,
      agreed: null,
      campaignId: null,
    });
    expect(a.body.lines[0]).toMatchObject({
      skuId: sku(0),
      title: '麻阳冰糖橙 500g',
      groupPriceFen: 1500,
      stockTotal: 200,
      perResidentLimit: 5,
    });
    const b = await submit(supplier, 'supplier', proposal({ title: '冰糖橙 供应商帮卖', sellerBp: 1500, publisherBp: 1000 }));
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    fromSupplier = b.body.id;
    expect((await mine(leader, 'leader')).map((p: { id: string }) => p.id)).toEqual([fromLeader]);
    expect((await mine(supplier, 'supplier')).map((p: { id: string }) => p.id)).toEqual([fromSupplier]);
  });

  it("staff's queue holds the pending ones, oldest first", async () => {
    const res = await t.request('GET', '/api/v1/admin/help-sell/proposals?status=pending', { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.items.map((p: { id: string }) => p.id)).toEqual([fromLeader, fromSupplier]);
  });

  it('a bad split on approval is refused and changes nothing', async () => {
    const before = await campaignCount();
    const res = await decide(fromLeader, 'approve', { sellerBp: 9000, publisherBp: 2000 });
    expect([res.status, res.body.code]).toEqual([422, 'HELP_SELL_SPLIT_INVALID']);
    expect(await campaignCount()).toBe(before);
    expect((await mine(leader, 'leader'))[0].status).toBe('pending');
  });

  it('approving creates a draft campaign with the proposer as publisher and the split staff changed', async () => {
    const res = await decide(fromLeader, 'approve', { sellerBp: 1000 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'approved', agreed: { sellerBp: 1000, publisherBp: 800, platformBp: 8200 } });
    const campaign = await t.request('GET', `/api/v1/admin/campaigns/${res.body.campaignId}`, { token: admin });
    expect(campaign.body).toMatchObject({
      status: 'draft',
      title: '麻阳冰糖橙 帮卖',
      description: '产地直发，坏果包赔',
      pickupDate: '2026-11-23',
    });
    expect(campaign.body.lines.map((l: { skuId: string; groupPriceFen: number }) => [l.skuId, l.groupPriceFen])).toEqual([
      [sku(0), 1500],
      [sku(1), 1800],
    ]);
    const terms = await t.request('GET', `/api/v1/admin/campaigns/${res.body.campaignId}/help-sell`, { token: admin });
    expect(terms.body.terms).toMatchObject({
      publisherKind: 'leader',
      publisherId: world.leaders[0]?.id,
      sellerBp: 1000,
      publisherBp: 800,
    });
    expect((await mine(leader, 'leader'))[0]).toMatchObject({ status: 'approved', campaignId: res.body.campaignId });
    expect(await inbox('leader', world.leaders[0]?.id as string)).toEqual([
      expect.objectContaining({ title: '帮卖申请已通过', body: expect.stringContaining('帮卖团长 10%，发布方 8%') }),
    ]);
  });

  it('approving again, or rejecting it now, is INVALID_STATE', async () => {
    const before = await campaignCount();
    const again = await decide(fromLeader, 'approve', {});
    expect([again.status, again.body.code]).toEqual([409, 'INVALID_STATE']);
    const reject = await decide(fromLeader, 'reject', { reason: '太晚' });
    expect([reject.status, reject.body.code]).toEqual([409, 'INVALID_STATE']);
    expect(await campaignCount()).toBe(before);
  });

  it('a rejection needs a reason, and the supplier is told it', async () => {
    const empty = await decide(fromSupplier, 'reject', { reason: ' ' });
    expect([empty.status, empty.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const res = await decide(fromSupplier, 'reject', { reason: '价格偏高' });
    expect(res.body).toMatchObject({ status: 'rejected', reason: '价格偏高', campaignId: null });
    expect((await mine(supplier, 'supplier'))[0]).toMatchObject({ status: 'rejected', reason: '价格偏高' });
    expect(await inbox('supplier', world.supplierId)).toEqual([
      expect.objectContaining({ title: '帮卖申请未通过', body: expect.stringContaining('价格偏高') }),
    ]);
  });

  it('the proposer withdraws a pending one; approving it then is INVALID_STATE, and another proposer cannot withdraw it', async () => {
    const p = (await submit(supplier, 'supplier', proposal({ title: '撤回的帮卖' }))).body;
    const byLeader = await t.request('POST', `/api/v1/leader/help-sell/proposals/${p.id}/withdraw`, { token: leader });
    expect([byLeader.status, byLeader.body.code]).toEqual([404, 'NOT_FOUND']);
    const w = await t.request('POST', `/api/v1/supplier/help-sell/proposals/${p.id}/withdraw`, { token: supplier });
    expect(w.body.status).toBe('withdrawn');
    const before = await campaignCount();
    const res = await decide(p.id, 'approve', {});
    expect([res.status, res.body.code]).toEqual([409, 'INVALID_STATE']);
    expect(await campaignCount()).toBe(before);
    const twice = await t.request('POST', `/api/v1/supplier/help-sell/proposals/${p.id}/withdraw`, { token: supplier });
    expect([twice.status, twice.body.code]).toEqual([409, 'INVALID_STATE']);
  });

  it('approving with publish schedules the campaign; of two approvals at once one wins', async () => {
    const p = (await submit(supplier, 'supplier', proposal({ title: '发布的帮卖' }))).body;
    const before = await campaignCount();
    const [a, b] = await Promise.all([decide(p.id, 'approve', { publish: true }), decide(p.id, 'approve', { publish: true })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(await campaignCount()).toBe(before + 1);
    const won = a.status === 200 ? a : b;
    const campaign = await t.request('GET', `/api/v1/admin/campaigns/${won.body.campaignId}`, { token: admin });
    expect(campaign.body.status).toBe('scheduled');
    const list = await t.request('GET', '/api/v1/supplier/help-sell', { token: supplier });
    expect(list.body.campaigns.map((c: { campaignId: string }) => c.campaignId)).toContain(won.body.campaignId);
  });

  it('approving a proposal whose SKU went off sale is VALIDATION_FAILED and leaves it pending', async () => {
    const p = (await submit(leader, 'leader', proposal({ title: '下架的帮卖' }))).body;
    await t.ctx.db.updateTable('skus').set({ active: false }).where('id', '=', sku(1)).execute();
    const before = await campaignCount();
    const res = await decide(p.id, 'approve', {});
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(await campaignCount()).toBe(before);
    expect((await mine(leader, 'leader')).find((x: { id: string }) => x.id === p.id).status).toBe('pending');
    await t.ctx.db.updateTable('skus').set({ active: true }).where('id', '=', sku(1)).execute();
  });
});
