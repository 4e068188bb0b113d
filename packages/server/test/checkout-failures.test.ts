import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Principal } from '../src/modules/identity/identity.service.ts';
import { type PlaceOrderCall, readPlaceOrderFailure } from '../src/modules/ordering/checkout.reserve.ts';
import { placeOrder } from '../src/modules/ordering/ordering.service.ts';
import { newId } from '../src/platform/ids.ts';
import { createOpenCampaign, createWorld, residentPrincipals, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

// Pickup codes are drawn from the CSPRNG; a test that needs every candidate taken fixes them.
const pickupCodes = vi.hoisted(() => ({ fixed: undefined as string | undefined }));
vi.mock('../src/platform/ids.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/platform/ids.ts')>();
  return { ...actual, randomDigits: (length: number) => pickupCodes.fixed ?? actual.randomDigits(length) };
});

describe('reading a failure of linli_place_order', () => {
  const cases: Array<[string, unknown, ReturnType<typeof readPlaceOrderFailure>]> = [
    ['LN001', { code: 'LN001' }, { kind: 'key_claimed', campaignLineId: undefined }],
    ['LN002', { code: 'LN002' }, { kind: 'no_pickup_code', campaignLineId: undefined }],
    ['LN003 with its line', { code: 'LN003', detail: 'cml_1' }, { kind: 'limit_exceeded', campaignLineId: 'cml_1' }],
    ['LN004 with its line', { code: 'LN004', detail: 'cml_2' }, { kind: 'not_reserved', campaignLineId: 'cml_2' }],
    // Only the SQLSTATE counts: the text of a message is never read.
    ['the old message without a code', new Error('LINLI:LIMIT_EXCEEDED:cml_1'), undefined],
    ['a unique violation', { code: '23505', detail: 'Key (id)=(x) already exists.' }, undefined],
    ['a raise without a code (P0001)', { code: 'P0001', message: 'LINLI:NOT_RESERVED:cml_1' }, undefined],
    ['something not an error', 'LN003', undefined],
    ['a code from the prototype chain', { code: 'toString' }, undefined],
  ];
  it.each(cases)('%s', (_name, err, expected) => {
    expect(readPlaceOrderFailure(err)).toEqual(expected);
  });
});

let t: TestApp;
let world: World;
beforeAll(async () => {
  t = await startTestApp();
  world = await createWorld(t.ctx, { skus: 2, leaders: 1, residents: 0 });
});
afterAll(() => t.close());

const point = () => world.leaders[0] as { id: string; pickupPointId: string };
const buyer = async () => (await residentPrincipals(t.ctx, world, 1))[0] as Principal;

let codeCounter = 100_000; // codes of their own: every order here is at one pickup point and date
/** A whole document for the function, one line of the campaign's first line, as the reserve step writes it. */
function document(who: Principal, campaign: { id: string; lineIds: string[] }, over: Partial<PlaceOrderCall> = {}): PlaceOrderCall {
  const now = t.clock.now();
  const orderId = newId('ord');
  return {
    order_id: orderId,
    operator_id: world.operatorId,
    resident_id: who.id,
    pickup_point_id: point().pickupPointId,
    leader_id: point().id,
    pickup_date: '2026-11-21',
    total_fen: 990,
    expires_at: new Date(now.getTime() + 15 * 60_000),
    now,
    payment_id: newId('pay'),
    provider: 'dev',
    idempotency_key: null,
    request_hash: 'h',
    pickup_codes: [String(++codeCounter).padStart(6, '0')],
    event: { orderId },
    lines: [
      {
        id: newId('orl'),
        campaign_id: campaign.id,
        campaign_line_id: campaign.lineIds[0] as string,
        sku_id: world.skuIds[0] as string,
        title: 't',
        unit_price_fen: 990,
        quantity: 1,
        amount_fen: 990,
        per_resident_limit: null,
      },
    ],
    promotions: null,
    ...over,
  };
}

/** Calls the function directly; its error's SQLSTATE and DETAIL as both drivers report them. */
async function call(doc: PlaceOrderCall): Promise<{ code?: string; detail?: string } | 'placed'> {
  try {
    await sql`select * from linli_place_order(${JSON.stringify(doc)}::jsonb)`.execute(t.ctx.db);
    return 'placed';
  } catch (err) {
    const { code, detail } = err as { code?: string; detail?: string };
    return { code, detail };
  }
}

async function counts(lineId: string) {
  const orders = await t.ctx.db
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const line = await t.ctx.db.selectFrom('campaign_lines').select('reserved').where('id', '=', lineId).executeTakeFirstOrThrow();
  const payments = await t.ctx.db
    .selectFrom('payments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { orders: Number(orders.n), payments: Number(payments.n), reserved: line.reserved };
}

describe('the function raises its failures with a SQLSTATE and the line in DETAIL, writing nothing', () => {
  it('LN001: an idempotency key claimed before', async () => {
    const campaign = await createOpenCampaign(t.ctx, world);
    const who = await buyer();
    expect(await call(document(who, campaign, { idempotency_key: 'key-ln001-0001' }))).toBe('placed');
    const before = await counts(campaign.lineIds[0] as string);
    expect(await call(document(who, campaign, { idempotency_key: 'key-ln001-0001' }))).toEqual({ code: 'LN001', detail: undefined });
    expect(await counts(campaign.lineIds[0] as string)).toEqual(before);
  });

  it('LN002: every pickup code candidate taken', async () => {
    const campaign = await createOpenCampaign(t.ctx, world);
    expect(await call(document(await buyer(), campaign, { pickup_codes: ['333333'] }))).toBe('placed');
    const before = await counts(campaign.lineIds[0] as string);
    expect(await call(document(await buyer(), campaign, { pickup_codes: ['333333', '333333'] }))).toEqual({
      code: 'LN002',
      detail: undefined,
    });
    expect(await call(document(await buyer(), campaign, { pickup_codes: [] }))).toMatchObject({ code: 'LN002' });
    expect(await counts(campaign.lineIds[0] as string)).toEqual(before);
  });

  it('LN003: above the per-resident limit, over two orders', async () => {
    const campaign = await createOpenCampaign(t.ctx, world, { limit: 2 });
    const who = await buyer();
    const limited = (quantity: number) => {
      const doc = document(who, campaign);
      return { ...doc, lines: doc.lines.map((l) => ({ ...l, quantity, per_resident_limit: 2 })) };
    };
    expect(await call(limited(2))).toBe('placed');
    const before = await counts(campaign.lineIds[0] as string);
    expect(await call(limited(1))).toEqual({ code: 'LN003', detail: campaign.lineIds[0] });
    expect(await counts(campaign.lineIds[0] as string)).toEqual(before);
  });

  it('LN004: not enough stock, or the campaign closed', async () => {
    const campaign = await createOpenCampaign(t.ctx, world, { stock: 1 });
    expect(await call(document(await buyer(), campaign))).toBe('placed');
    const before = await counts(campaign.lineIds[0] as string);
    expect(await call(document(await buyer(), campaign))).toEqual({ code: 'LN004', detail: campaign.lineIds[0] });
    const closed = await createOpenCampaign(t.ctx, world);
    await t.ctx.db.updateTable('campaigns').set({ status: 'closed' }).where('id', '=', closed.id).execute();
    expect(await call(document(await buyer(), closed))).toEqual({ code: 'LN004', detail: closed.lineIds[0] });
    expect(await counts(campaign.lineIds[0] as string)).toEqual(before);
  });
});

describe('checkout answers each failure with its AppError', () => {
  const order = (who: Principal, lineId: string, quantity = 1, key?: string) =>
    placeOrder(t.ctx, who, { lines: [{ campaignLineId: lineId, quantity }] }, key);

  it('LN001 → the first order of the key, or IDEMPOTENCY_KEY_REUSED for another body', async () => {
    const campaign = await createOpenCampaign(t.ctx, world);
    const line = campaign.lineIds[0] as string;
    const who = await buyer();
    const first = await order(who, line, 1, 'key-answer-0001');
    const again = await order(who, line, 1, 'key-answer-0001');
    expect(again.id).toBe(first.id);
    expect(again.openPaymentId).toBeUndefined();
    await expect(order(who, line, 2, 'key-answer-0001')).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      details: { orderId: first.id },
    });
  });

  it('LN002 → CONFLICT', async () => {
    const campaign = await createOpenCampaign(t.ctx, world);
    const line = campaign.lineIds[0] as string;
    pickupCodes.fixed = '444444';
    try {
      await order(await buyer(), line);
      await expect(order(await buyer(), line)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/pickup code/) });
    } finally {
      pickupCodes.fixed = undefined;
    }
  });

  it('LN003 → LIMIT_EXCEEDED with the line and its limit', async () => {
    const campaign = await createOpenCampaign(t.ctx, world, { limit: 2 });
    const line = campaign.lineIds[0] as string;
    const who = await buyer();
    await order(who, line, 2);
    await expect(order(who, line, 1)).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', details: { campaignLineId: line, limit: 2 } });
  });

  it('LN004 → SOLD_OUT with the stock left', async () => {
    const campaign = await createOpenCampaign(t.ctx, world, { stock: 3 });
    const line = campaign.lineIds[0] as string;
    await order(await buyer(), line, 2);
    await expect(order(await buyer(), line, 2)).rejects.toMatchObject({
      code: 'SOLD_OUT',
      details: { campaignLineId: line, stockLeft: 1 },
    });
  });

  it('LN004 → CAMPAIGN_CLOSED when the campaign closed after its line was read', async () => {
    const campaign = await createOpenCampaign(t.ctx, world);
    const line = campaign.lineIds[0] as string;
    await order(await buyer(), line); // the open line is now in this process's order context for 2 s
    await t.ctx.db.updateTable('campaigns').set({ status: 'closed' }).where('id', '=', campaign.id).execute();
    await expect(order(await buyer(), line)).rejects.toMatchObject({ code: 'CAMPAIGN_CLOSED', details: { campaignId: campaign.id } });
  });
});

describe('the installed function', () => {
  it('is ordering/place-order.sql as it is now: a change to the file came with a migration that loads it', async () => {
    const file = readFileSync(new URL('../src/modules/ordering/place-order.sql', import.meta.url), 'utf8').replace(/\r\n/g, '\n');
    const body = file.split('$fn$')[1];
    const installed = await sql<{ prosrc: string }>`
      select prosrc from pg_proc where proname = 'linli_place_order'`.execute(t.ctx.db);
    // One function: the 24-parameter one is gone.
    expect(installed.rows.map((r) => r.prosrc)).toEqual([body]);
  });
  it('is ordering/place-orders.sql as it is now: the batch write came with the migration that loads it', async () => {
    const file = readFileSync(new URL('../src/modules/ordering/place-orders.sql', import.meta.url), 'utf8').replace(/\r\n/g, '\n');
    const installed = await sql<{ prosrc: string }>`
      select prosrc from pg_proc where proname = 'linli_place_orders'`.execute(t.ctx.db);
    expect(installed.rows.map((r) => r.prosrc)).toEqual([file.split('$fn$')[1]]);
    const promotions = readFileSync(new URL('../src/modules/promotions/hold-promotions-batch.sql', import.meta.url), 'utf8').replace(
      /\r\n/g,
      '\n',
    );
    const hold = await sql<{ prosrc: string }>`
      select prosrc from pg_proc where proname = 'linli_hold_promotions_batch'`.execute(t.ctx.db);
    expect(hold.rows.map((r) => r.prosrc)).toEqual([promotions.split('$fn$')[1]]);
  });
});
