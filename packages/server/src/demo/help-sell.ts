import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import { createCampaign, publishCampaign, setHelpSellTerms } from '../modules/campaign/index.ts';
import { resell } from '../modules/help-sell/index.ts';
import type { Principal } from '../modules/identity/index.ts';
import { helpSellTotals } from '../modules/ledger/index.ts';
import { payOrder, placeOrder } from '../modules/ordering/index.ts';
import type { ManualClock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import { formatYuan } from '../platform/money.ts';

const MINUTE = 60_000;

/**
 * 帮卖 (help-sell): staff record a leader's campaign as help-sell (15 % to the reseller, 5 % to
 * the publisher, the platform keeps 80 %) and publish it; three other leaders opt in on their
 * phones; residents of the publisher's and the resellers' points order and pay, and the ledger
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
  const campaign = await createCampaign(ctx, operatorId, {
    title: `${publisher.name}推荐·帮卖专场`,
    description: `${publisher.name}选品，其他团长可加入帮卖。`,
    opensAt: now.toISOString(),
    cutoffAt: new Date(`${o.day}T21:00:00+08:00`).toISOString(),
    pickupDate,
    lines: skus.map((s) => ({
      skuId: s.id,
      groupPriceFen: Math.max(100, Math.round(s.list_price_fen * 0.85)),
      stockTotal: null,
      perResidentLimit: 5,
    })),
  });
  await setHelpSellTerms(ctx.db, now, operatorId, campaign.id, {
    publisherKind: 'leader',
    publisherId: publisher.id,
    sellerBp: 1500,
    publisherBp: 500,
  });
  await publishCampaign(ctx, operatorId, campaign.id);
  for (const r of resellers) await resell(ctx, operatorId, campaign.id, r.id, true);
  const lineIds = campaign.lines.map((l) => l.id);
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
  o.log(`  help-sell: ${publisher.name}'s campaign resold by ${resellers.length} leaders; ${orders} orders paid at their points`);
}

/** The report's line: the help-sell lines sold, by how many leaders, and the publisher shares posted. */
export async function helpSellLine(ctx: AppContext, operatorId: string): Promise<string> {
  const s = await helpSellTotals(ctx.db, operatorId);
  const campaigns = await ctx.db
    .selectFrom('campaign_help_sell')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('operator_id', '=', operatorId)
    .executeTakeFirstOrThrow();
  return `  help-sell     ${Number(campaigns.n)} campaign(s) resold by ${s.sellers} leaders: ${s.lines} lines, publisher shares ¥${formatYuan(s.accruedFen)} posted (¥${formatYuan(s.clawedBackFen)} clawed back)`;
}
