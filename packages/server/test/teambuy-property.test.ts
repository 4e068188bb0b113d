import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../src/modules/identity/index.ts';
import { cancelOrder, payOrder } from '../src/modules/ordering/index.ts';
import { createTeamDeal, expireDueTeams, joinTeam, openTeam } from '../src/modules/teambuy/index.ts';
import { canTransition, stepTeam, type TeamModel } from '../src/modules/teambuy/teambuy.rules.ts';
import { MINUTE } from '../src/platform/clock.ts';
import { AppError } from '../src/platform/errors.ts';
import { createOpenCampaign, createStaff, createWorld, residentPrincipals, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

// The service against the state table: for generated sequences of paid joins, members' own
// refunds and expiry sweeps (the clock moving on), the team in the database is the team of the
// pure model (teambuy.rules.ts stepTeam), moves only along the table, and no order is refunded twice.
let t: TestApp;
let world: World;
let staff: Principal;
let lineId: string;

beforeAll(async () => {
  t = await startTestApp();
  world = await createWorld(t.ctx, { skus: 1, leaders: 1, residents: 0 });
  const s = await createStaff(t.ctx, world.operatorId, ['merchandiser']);
  staff = { kind: 'staff', id: s.id, operatorId: world.operatorId, sessionId: 'test', roles: ['merchandiser'] };
  const campaign = await createOpenCampaign(t.ctx, world, {
    stock: 10_000,
    priceFen: 1000,
    cutoffAt: new Date(t.clock.now().getTime() + 30 * 24 * 60 * MINUTE),
  });
  lineId = campaign.lineIds[0] as string;
});
afterAll(() => t.close());

async function settle() {
  for (let i = 0; i < 3; i++) {
    await t.ctx.events.drain();
    await t.ctx.jobs.tick();
  }
}

type Step = { kind: 'join' } | { kind: 'refund_member' } | { kind: 'wait'; minutes: number };

const steps = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: fc.constant<Step>({ kind: 'join' }) },
    { weight: 1, arbitrary: fc.constant<Step>({ kind: 'refund_member' }) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 25 }).map<Step>((minutes) => ({ kind: 'wait', minutes })) },
  ),
  { maxLength: 8 },
);

describe('a team under any sequence of joins, refunds and expiries', () => {
  it('follows the state table, as the model says', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 4 }), fc.boolean(), steps, async (size, mayFill, seq) => {
        const dealId = await createTeamDeal(t.ctx, staff, {
          campaignLineId: lineId,
          teamSize: size,
          timeLimitMinutes: 30,
          teamPriceFen: 700,
          openerNewcomerOnly: false,
          operatorMayFill: mayFill,
          extraPayerPolicy: 'refund',
        });
        const [opener] = (await residentPrincipals(t.ctx, world, 1)) as [Principal];
        const first = await openTeam(t.ctx, opener, dealId);
        await payOrder(t.ctx, opener, first.order.id, 'instant');
        await settle();
        const teamId = (
          await t.ctx.db.selectFrom('team_orders').select('team_id').where('order_id', '=', first.order.id).executeTakeFirstOrThrow()
        ).team_id as string;
        const row = () => t.ctx.db.selectFrom('teams').selectAll().where('id', '=', teamId).executeTakeFirstOrThrow();
        let model: TeamModel = {
          state: 'open',
          size,
          memberCount: 1,
          expiresAt: new Date((await row()).expires_at),
          filled: 0,
          refunded: 0,
        };
        const paid: Array<{ who: Principal; orderId: string }> = [{ who: opener, orderId: first.order.id }];
        const orders = [first.order.id];
        for (const s of seq) {
          const before = await row();
          if (s.kind === 'join') {
            const [who] = (await residentPrincipals(t.ctx, world, 1)) as [Principal];
            model = stepTeam(model, { kind: 'join', at: t.clock.now() }).model;
            try {
              const placed = await joinTeam(t.ctx, who, teamId);
              await payOrder(t.ctx, who, placed.order.id, 'instant');
              paid.push({ who, orderId: placed.order.id });
              orders.push(placed.order.id);
            } catch (err) {
              if (!(err instanceof AppError) || err.code !== 'TEAM_NOT_JOINABLE') throw err;
            }
          } else if (s.kind === 'refund_member') {
            const victim = paid.shift();
            if (victim) {
              model = stepTeam(model, { kind: 'refund_member' }).model;
              await cancelOrder(t.ctx, victim.who, victim.orderId, 'changed my mind').catch((err) => {
                // A member of a failed team is refunded already: nothing more to cancel.
                if (!(err instanceof AppError) || err.code !== 'ORDER_NOT_CANCELLABLE') throw err;
              });
            }
          } else {
            t.clock.advance(s.minutes * MINUTE);
            await expireDueTeams(t.ctx);
            model = stepTeam(model, { kind: 'expire', at: t.clock.now(), mayFill }).model;
          }
          await settle();
          const after = await row();
          if (after.state !== before.state) expect(canTransition(before.state, after.state)).toBe(true);
          expect(after.member_count).toBeLessThanOrEqual(size);
          expect(after.state).toBe(model.state);
          expect(after.member_count).toBe(model.memberCount);
          expect(after.filled_count).toBe(model.filled);
        }
        const refunds = await t.ctx.db.selectFrom('refunds').select('order_id').where('order_id', 'in', orders).execute();
        expect(refunds.length).toBe(new Set(refunds.map((r) => r.order_id)).size);
        t.clock.advance(60 * MINUTE);
      }),
      { seed: 20261207, numRuns: 12 },
    );
  });
});
