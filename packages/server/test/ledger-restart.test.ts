import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR } from '../src/platform/clock.ts';
import { createOpenCampaign, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { balance, paidOrder, pickUp } from './ledger-fixtures.ts';

let t: TestApp;
let world: World;

beforeAll(async () => {
  t = await startTestApp('2026-11-20T02:00:00Z', { persistent: true });
  world = await createWorld(t.ctx, { skus: 1, leaders: 1, residents: 1 });
});
afterAll(() => t.close());

describe('the commission hold survives a restart', () => {
  it('releases the commission after the after-sales window even when the server restarted in between', async () => {
    const campaign = await createOpenCampaign(t.ctx, world, { priceFen: 5000 });
    const order = await paidOrder(t, world, world.residents[0]?.id as string, [[campaign.lineIds[0] as string, 2]]);
    await pickUp(t, world, order.id);
    const leader = { code: 'commission_available' as const, partyId: world.leaders[0]?.id as string };
    expect(await balance(t, world, leader)).toBe(0);
    t = await t.restart();
    t.clock.advance(48 * HOUR + 1000);
    await t.ctx.jobs.tick();
    expect(await balance(t, world, leader)).toBe(1000);
    expect(await balance(t, world, { code: 'commission_pending', partyId: leader.partyId })).toBe(0);
  });
});
