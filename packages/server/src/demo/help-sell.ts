import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import { approveProposal, propose, resell } from '../modules/help-sell/index.ts';
import type { Principal } from '../modules/identity/index.ts';
import { helpSellTotals } from '../modules/ledger/index.ts';
import { payOrder, placeOrder } from '../modules/ordering/index.ts';
import type { ManualClock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import { formatYuan } from '../platform/money.ts';

const MINUTE = 60_000;

/**
 * 帮卖 (help-sell): a leader proposes a help-sell campaign on their phone (12 % to the reseller,
 * 5 % to them); staff approve it with the reseller's share raised to 15 % (the platform keeps
 * 80 %) and publish it, which creates the campaign with the leader as publisher; three other
 * leaders opt in on their phones; residents of the publisher's and the resellers' points order and pay, and the ledger
 * posts each share. Runs once per database.
 */
export async function demoHelpSell(
  ctx: AppContext,
  clock: ManualClock,
  o: { operatorId: string; day: string; settle: () => Promise<void>; log: (line: string) => void },
): Promise<void> {
  const { operatorId } = o;
  const done = await ctx.db.selectFrom('campaign_help_sell').select('campaign_id').where('operator_id', '=', operatorId).executeTakeFirst();
  if (done) return;
  clock.set(new Date(`${o.day}T09:00:00+08:00`));
  // Active leaders with an open point and members, not being transferred: the first publishes, three resell.
  const leaders = (
    await sql<{ id: string; name: string; point_id: string }>`
      select distinct on (l.id) l.id, l.name, pp.id as point_id
      from leaders l join pickup_points pp on pp.leader_id = l.id and pp.status = 'open'
      where l.operator_id = ${operatorId} and l.status = 'active'
        and not exists (select 1 from leader_transfers t where t.leader_id = l.id)
        and exists (select 1 from residents r where r.pickup_point_id = pp.id)
      order by l.id, pp.id limit 4
    `.execute(ctx.db)
  ).rows;
  const [publisher, ...resellers] = leaders;
  if (!publisher || resellers.length === 0) return;
  const skus = await ctx.db
    .selectFrom('skus')
    .select(['id', 'list_price_fen'])
    .where('operator_id', '=', operatorId)
    .where('active', '=', true)
    .orderBy('id')
    .limit(2)
    .execute();
  if (skus.length === 0) return;
  const now = clock.now();
  const pickupDate = new Date(Date.parse(`${o.day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const staff = await ctx.db
    .selectFrom('staff')
    .select('id')
    .where('operator_id', '=', operatorId)
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst();
  if (!staff) return;
  const leader: Principal & { kind: 'leader' } = { kind: 'leader', id: publisher.id, operatorId, sessionId: 'demo', roles: [] };
  const proposal = await propose(ctx, leader, {
    title: `${publisher.name}推荐·帮卖专场`,
    note: `${publisher.name}选品，其他团长可加入帮卖。`,
    opensAt: now.toISOString(),
    cutoffAt: new Date(`${o.day}T21:00:00+08:00`).toISOString(),
    pickupDate,
    lines: skus.map((s) => ({
      skuId: s.id,
      groupPriceFen: Math.max(100, Math.round(s.list_price_fen * 0.85)),
      stockTotal: null,
      perResidentLimit: 5,
    })),
    sellerBp: 1200,
    publisherBp: 500,
  });
  clock.advance(20 * MINUTE);
  const merchandiser: Principal = { kind: 'staff', id: staff.id, operatorId, sessionId: 'demo', roles: ['admin'] };
  const approved = await approveProposal(ctx, merchandiser, proposal.id, { sellerBp: 1500, publish: true });
  const campaignId = approved.campaignId as string;
  for (const r of resellers) await resell(ctx, operatorId, campaignId, r.id, true);
  const lineIds = (
    await ctx.db.selectFrom('campaign_lines').select('id').where('campaign_id', '=', campaignId).orderBy('sort').orderBy('id').execute()
  ).map((l) => l.id);
  let orders = 0;
  for (const [i, l] of leaders.entries()) {
    const residents = await ctx.db
      .selectFrom('residents')
      .select('id')
      .where('pickup_point_id', '=', l.point_id)
      .orderBy('id')
      .limit(2)
      .execute();
    for (const [k, r] of residents.entries()) {
      clock.advance(7 * MINUTE);
      const resident: Principal = { kind: 'resident', id: r.id, operatorId, sessionId: 'demo', roles: [] };
      try {
        const order = await placeOrder(ctx, resident, {
          lines: [{ campaignLineId: lineIds[(i + k) % lineIds.length] as string, quantity: 1 + ((i + k) % 2) }],
        });
        await payOrder(ctx, resident, order.id, 'instant');
        orders++;
      } catch (err) {
        if (!(err instanceof AppError)) throw err; // a resident the day's other steps left unable to order
      }
    }
  }
  await o.settle();
  o.log(`  help-sell: ${publisher.name} proposed a campaign, staff approved it (seller share 12 % → 15 %)`);
  o.log(`  help-sell: ${publisher.name}'s campaign resold by ${resellers.length} leaders; ${orders} orders paid at their points`);
}

/** The report's line: the help-sell lines sold, by how many leaders, the publisher shares posted, and the proposals by status. */
export async function helpSellLine(ctx: AppContext, operatorId: string): Promise<string> {
  const s = await helpSellTotals(ctx.db, operatorId);
  const campaigns = await ctx.db
    .selectFrom('campaign_help_sell')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('operator_id', '=', operatorId)
    .executeTakeFirstOrThrow();
  const proposals = await ctx.db
    .selectFrom('help_sell_proposals')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('operator_id', '=', operatorId)
    .groupBy('status')
    .orderBy('status')
    .execute();
  const decided = proposals.map((p) => `${Number(p.n)} ${p.status}`).join(', ') || 'none';
  return `  help-sell     ${Number(campaigns.n)} campaign(s) resold by ${s.sellers} leaders: ${s.lines} lines, publisher shares ¥${formatYuan(s.accruedFen)} posted (¥${formatYuan(s.clawedBackFen)} clawed back); proposals: ${decided}`;
}
