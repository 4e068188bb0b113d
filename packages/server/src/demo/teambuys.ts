import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import type { Principal } from '../modules/identity/index.ts';
import { payOrder } from '../modules/ordering/index.ts';
import { adminTeamDeals, createTeamDeal, joinTeam, openTeam } from '../modules/teambuy/index.ts';
import type { ManualClock } from '../platform/clock.ts';
import { MINUTE } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import { formatYuan } from '../platform/money.ts';

/**
 * Team buys (拼团) on the simulated day, late in the evening before the cutoff: two deals with a
 * 15-minute limit (a team of two at 80 % of the group price, a team of three at 70 % whose extra
 * payers are refunded). Seven teams open; four fill (their orders go on through the day as any),
 * three are still short when their time is up, fail, and every paid member is refunded by the sweep, once.
 * Runs once per database (a resumed day finds its deals and leaves them).
 */

/** How many residents join each team after its opener (the team's size is in `DEALS`). */
const TEAMS: ReadonlyArray<{ deal: 0 | 1; joiners: number; lastPays: boolean }> = [
  { deal: 0, joiners: 1, lastPays: true },
  { deal: 0, joiners: 1, lastPays: true },
  { deal: 0, joiners: 1, lastPays: true },
  { deal: 0, joiners: 0, lastPays: true }, // nobody joins: fails
  { deal: 1, joiners: 2, lastPays: true },
  { deal: 1, joiners: 1, lastPays: true }, // one short: fails, both refunded
  { deal: 1, joiners: 2, lastPays: false }, // the last joiner never pays: fails, two refunded, one order cancelled
];
const DEALS = [
  { size: 2, share: 0.8, policy: 'new_team' as const },
  { size: 3, share: 0.7, policy: 'refund' as const },
];

export async function demoTeamBuys(
  ctx: AppContext,
  clock: ManualClock,
  o: {
    operatorId: string;
    pickupDate: string;
    as: (id: string) => Principal;
    pay?: (resident: Principal, orderId: string) => Promise<void>;
    settle: () => Promise<void>;
    log: (line: string) => void;
  },
): Promise<void> {
  const { operatorId } = o;
  const existing = await sql<{ id: string }>`
    select d.id from team_deals d join campaigns c on c.id = d.campaign_id
    where d.operator_id = ${operatorId} and c.pickup_date = ${o.pickupDate}`.execute(ctx.db);
  if (existing.rows.length > 0) return;
  // Two cheap lines every leader sells, in campaigns open for at least another 20 minutes.
  const lines = await sql<{ id: string; cutoff_at: Date; group_price_fen: number }>`
    select cl.id, c.cutoff_at, cl.group_price_fen from campaign_lines cl join campaigns c on c.id = cl.campaign_id
    where c.operator_id = ${operatorId} and c.status = 'open' and c.pickup_date = ${o.pickupDate} and c.leader_scope = 'all'
      and c.cutoff_at > ${new Date(clock.now().getTime() + 20 * MINUTE)} and cl.group_price_fen >= 200
    order by cl.group_price_fen, cl.id limit 2`.execute(ctx.db);
  if (lines.rows.length < 2) {
    o.log('  team buys: no two open lines with 20 minutes left before the cutoff; none today');
    return;
  }
  const admin = await sql<{ id: string; roles: string[] }>`
    select id, roles from staff where operator_id = ${operatorId} and 'admin' = any(roles) limit 1`.execute(ctx.db);
  const staff: Principal = { kind: 'staff', id: admin.rows[0]?.id ?? 'demo', operatorId, sessionId: 'demo', roles: ['admin'] };
  const dealIds: string[] = [];
  for (const [i, d] of DEALS.entries()) {
    const line = lines.rows[i] as { id: string; group_price_fen: number };
    dealIds.push(
      await createTeamDeal(ctx, staff, {
        campaignLineId: line.id,
        teamSize: d.size,
        timeLimitMinutes: 15,
        teamPriceFen: Math.floor(line.group_price_fen * d.share),
        openerNewcomerOnly: false,
        operatorMayFill: false,
        extraPayerPolicy: d.policy,
      }),
    );
  }
  // Residents of leaders who sell everything, who have not placed a team order yet.
  const residents = (
    await sql<{ id: string }>`
      select r.id from residents r where r.operator_id = ${operatorId} and r.pickup_point_id is not null
      order by md5(r.id) limit ${TEAMS.reduce((n, t) => n + 1 + t.joiners, 0)}`.execute(ctx.db)
  ).rows.map((r) => o.as(r.id));
  let next = 0;
  const pay = async (who: Principal, orderId: string) => {
    if (o.pay) await o.pay(who, orderId);
    else await payOrder(ctx, who, orderId, 'instant');
  };
  for (const team of TEAMS) {
    const opener = residents[next++];
    if (!opener) break;
    try {
      clock.advance(MINUTE / 4);
      const placed = await openTeam(ctx, opener, dealIds[team.deal] as string);
      await pay(opener, placed.order.id);
      await o.settle();
      const row = await ctx.db.selectFrom('team_orders').select('team_id').where('order_id', '=', placed.order.id).executeTakeFirst();
      if (!row?.team_id) continue;
      for (let j = 0; j < team.joiners; j++) {
        const joiner = residents[next++];
        if (!joiner) break;
        clock.advance(MINUTE / 4);
        const joined = await joinTeam(ctx, joiner, row.team_id);
        if (team.lastPays || j < team.joiners - 1) await pay(joiner, joined.order.id);
        await o.settle();
      }
    } catch (err) {
      // Sold out or above a limit: the shop would say so, and the resident moves on.
      if (!(err instanceof AppError)) throw err;
    }
  }
  // Their quarter of an hour passes: the sweep fails the short teams and refunds their members.
  clock.advance(16 * MINUTE);
  await o.settle();
  o.log(await teambuyLine(ctx, operatorId));
}

/** The day report's line: the team buys' teams, orders, refunds and cost. */
export async function teambuyLine(ctx: AppContext, operatorId: string): Promise<string> {
  const deals = await adminTeamDeals(ctx.db, operatorId);
  const sum = (f: (d: (typeof deals)[number]) => number) => deals.reduce((n, d) => n + f(d), 0);
  return `  team buys     ${deals.length} deals: ${sum((d) => d.teams.opened)} teams opened, ${sum((d) => d.teams.formed)} formed (${sum((d) => d.teams.filledTeams)} filled by the operator), ${sum((d) => d.teams.failed)} failed, ${sum((d) => d.teams.open)} open; ${sum((d) => d.report.orders)} orders, ${sum((d) => d.report.paidMembers)} paid members, ${sum((d) => d.report.refundedOrders)} refunded by the team buy; cost ¥${formatYuan(sum((d) => d.report.costFen))}, ${sum((d) => d.report.newResidents)} new residents`;
}
