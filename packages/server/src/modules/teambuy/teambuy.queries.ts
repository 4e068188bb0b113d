import type { teambuy } from '@linli/contracts';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../platform/db/database.ts';
import type { TeamDealsTable, TeamsTable } from '../../platform/db/schema.teambuy.ts';
import { AppError } from '../../platform/errors.ts';
import { campaignWindows, orderableLines } from '../campaign/index.ts';
import { describeSkus } from '../catalog/index.ts';
import { residentsSeenByLeader } from '../identity/index.ts';
import { promotionUsage } from '../promotions/index.ts';
import { openingRefusal, shareLink } from './teambuy.rules.ts';

type TeamDto = z.input<typeof teambuy.Team>;
type DealRow = Selectable<TeamDealsTable>;
type TeamRow = Selectable<TeamsTable>;

const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d === null ? null : iso(d));

/** A name as others see it: its first character and a star (the phone's last digits when there is no name). */
function maskedName(name: string, phone: string): string {
  const n = name.trim();
  if (n) return `${[...n][0]}*`;
  return `邻居${phone.slice(-4)}`;
}

/** Teams with their members (names masked, simulated slots last), by team id. */
async function teamsWithMembers(db: Executor, operatorId: string, teams: readonly TeamRow[]): Promise<Map<string, TeamDto>> {
  const out = new Map<string, TeamDto>();
  if (teams.length === 0) return out;
  const members = await db
    .selectFrom('team_members')
    .select(['team_id', 'resident_id', 'is_opener', 'simulated', 'joined_at', 'refunded_at'])
    .where('operator_id', '=', operatorId)
    .where(
      'team_id',
      'in',
      teams.map((t) => t.id),
    )
    .orderBy('joined_at')
    .orderBy('id')
    .execute();
  const people = await residentsSeenByLeader(
    db,
    operatorId,
    members.flatMap((m) => (m.resident_id ? [m.resident_id] : [])),
  );
  for (const t of teams) {
    const mine = members.filter((m) => m.team_id === t.id).sort((a, b) => Number(a.simulated) - Number(b.simulated));
    out.set(t.id, {
      id: t.id,
      dealId: t.deal_id,
      state: t.state,
      size: t.size,
      memberCount: t.member_count,
      slotsLeft: t.size - t.member_count,
      openedAt: iso(t.opened_at),
      expiresAt: iso(t.expires_at),
      formedAt: isoOrNull(t.formed_at),
      failedAt: isoOrNull(t.failed_at),
      filledCount: t.filled_count,
      sharePath: shareLink({ id: t.deal_id }, null, t.id),
      members: mine.map((m) => {
        const who = m.resident_id ? people.get(m.resident_id) : undefined;
        const name = m.simulated ? '拼团好友' : maskedName(who?.name ?? '', who?.phone ?? '');
        return {
          name,
          initial: [...name][0] ?? '邻',
          isOpener: m.is_opener,
          simulated: m.simulated,
          joinedAt: iso(m.joined_at),
          refunded: m.refunded_at !== null,
        };
      }),
    });
  }
  return out;
}

async function historyOf(db: Executor, operatorId: string, teamIds: readonly string[]) {
  if (teamIds.length === 0) return new Map<string, Array<z.input<typeof teambuy.TeamHistoryEntry>>>();
  const rows = await db
    .selectFrom('team_history')
    .select(['team_id', 'at', 'kind', 'amount_fen', 'note'])
    .where('operator_id', '=', operatorId)
    .where('team_id', 'in', [...teamIds])
    .orderBy('at')
    .orderBy('id')
    .execute();
  const out = new Map<string, Array<z.input<typeof teambuy.TeamHistoryEntry>>>();
  for (const r of rows) {
    out.set(r.team_id, [...(out.get(r.team_id) ?? []), { at: iso(r.at), kind: r.kind, amountFen: r.amount_fen, note: r.note }]);
  }
  return out;
}

/** What a deal sells: the line's product name, group price and the campaign's cutoff. */
async function dealLines(db: Executor, operatorId: string, deals: readonly DealRow[]) {
  const lines = await orderableLines(
    db,
    operatorId,
    deals.map((d) => d.campaign_line_id),
  );
  const skus = await describeSkus(
    db,
    operatorId,
    lines.map((l) => l.skuId),
  );
  const out = new Map<
    string,
    { productName: string; groupPriceFen: number; cutoffAt: Date; campaignStatus: string; leaderScope: string; leaders: string[] }
  >();
  for (const l of lines) {
    const sku = skus.get(l.skuId);
    out.set(l.id, {
      productName: sku ? `${sku.productName} ${sku.spec}`.trim() : '',
      groupPriceFen: l.groupPriceFen,
      cutoffAt: l.cutoffAt,
      campaignStatus: l.campaignStatus,
      leaderScope: l.leaderScope,
      leaders: l.leaders,
    });
  }
  return out;
}

/** The operator's deals, newest first, with their teams' counts and their P&L as a play. */
export async function adminTeamDeals(db: Executor, operatorId: string, dealId?: string): Promise<Array<z.input<typeof teambuy.TeamDeal>>> {
  let q = db.selectFrom('team_deals').selectAll().where('operator_id', '=', operatorId);
  if (dealId) q = q.where('id', '=', dealId);
  const deals = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(200).execute();
  if (deals.length === 0) return [];
  const ids = deals.map((d) => d.id);
  const [lines, teamCounts, orderCounts, memberCounts, usage] = await Promise.all([
    dealLines(db, operatorId, deals),
    db
      .selectFrom('teams')
      .select((eb) => [
        'deal_id',
        eb.fn.countAll<number>().as('opened'),
        eb.fn.count<number>('id').filterWhere('state', '=', 'open').as('open'),
        eb.fn.count<number>('id').filterWhere('state', '=', 'formed').as('formed'),
        eb.fn.count<number>('id').filterWhere('state', '=', 'failed').as('failed'),
        eb.fn.count<number>('id').filterWhere('filled_count', '>', 0).as('filled_teams'),
        eb.fn.sum<number>('filled_count').as('filled_slots'),
      ])
      .where('operator_id', '=', operatorId)
      .where('deal_id', 'in', ids)
      .groupBy('deal_id')
      .execute(),
    db
      .selectFrom('team_orders')
      .select((eb) => [
        'deal_id',
        eb.fn.countAll<number>().as('orders'),
        eb.fn.count<number>('order_id').filterWhere('state', '=', 'refunded').as('refunded'),
      ])
      .where('operator_id', '=', operatorId)
      .where('deal_id', 'in', ids)
      .groupBy('deal_id')
      .execute(),
    db
      .selectFrom('team_members as m')
      .innerJoin('teams as t', 't.id', 'm.team_id')
      .select((eb) => [
        't.deal_id',
        eb.fn.count<number>('m.id').filterWhere('m.simulated', '=', false).as('paid'),
        eb.fn.count<number>('m.id').filterWhere('m.newcomer', '=', true).as('newcomers'),
      ])
      .where('m.operator_id', '=', operatorId)
      .where('t.deal_id', 'in', ids)
      .groupBy('t.deal_id')
      .execute(),
    promotionUsage(
      db,
      operatorId,
      deals.map((d) => d.promotion_id),
    ),
  ]);
  return deals.map((d) => {
    const line = lines.get(d.campaign_line_id);
    const t = teamCounts.find((c) => c.deal_id === d.id);
    const o = orderCounts.find((c) => c.deal_id === d.id);
    const m = memberCounts.find((c) => c.deal_id === d.id);
    return {
      id: d.id,
      title: d.title,
      campaignId: d.campaign_id,
      campaignLineId: d.campaign_line_id,
      productName: line?.productName ?? '',
      groupPriceFen: line?.groupPriceFen ?? 0,
      teamPriceFen: d.team_price_fen,
      teamSize: d.team_size,
      timeLimitMinutes: d.time_limit_minutes,
      openerNewcomerOnly: d.opener_newcomer_only,
      operatorMayFill: d.operator_may_fill,
      extraPayerPolicy: d.extra_payer_policy,
      promotionId: d.promotion_id,
      status: d.status,
      cutoffAt: iso(line?.cutoffAt ?? d.created_at),
      createdAt: iso(d.created_at),
      teams: {
        opened: Number(t?.opened ?? 0),
        open: Number(t?.open ?? 0),
        formed: Number(t?.formed ?? 0),
        failed: Number(t?.failed ?? 0),
        filledTeams: Number(t?.filled_teams ?? 0),
        filledSlots: Number(t?.filled_slots ?? 0),
      },
      report: {
        orders: Number(o?.orders ?? 0),
        paidMembers: Number(m?.paid ?? 0),
        refundedOrders: Number(o?.refunded ?? 0),
        costFen: usage.get(d.promotion_id)?.discountFen ?? 0,
        newResidents: Number(m?.newcomers ?? 0),
      },
    };
  });
}

/** One deal for staff; NOT_FOUND for another operator's. */
export async function adminTeamDeal(db: Executor, operatorId: string, dealId: string) {
  const [deal] = await adminTeamDeals(db, operatorId, dealId);
  if (!deal) throw new AppError('NOT_FOUND', 'team deal not found');
  return deal;
}

/** A deal's teams for staff to watch, newest first, with members and history. */
export async function adminTeams(db: Executor, operatorId: string, dealId: string, state?: 'open' | 'formed' | 'failed') {
  let q = db.selectFrom('teams').selectAll().where('operator_id', '=', operatorId).where('deal_id', '=', dealId);
  if (state) q = q.where('state', '=', state);
  const teams = await q.orderBy('opened_at', 'desc').orderBy('id', 'desc').limit(200).execute();
  const [dtos, histories] = await Promise.all([
    teamsWithMembers(db, operatorId, teams),
    historyOf(
      db,
      operatorId,
      teams.map((t) => t.id),
    ),
  ]);
  return teams.map((t) => ({ ...(dtos.get(t.id) as TeamDto), history: histories.get(t.id) ?? [] }));
}

async function shopDeals(db: Executor, operatorId: string, deals: readonly DealRow[], now: Date) {
  const lines = await dealLines(db, operatorId, deals);
  const open = deals.length
    ? await db
        .selectFrom('teams')
        .selectAll()
        .where('operator_id', '=', operatorId)
        .where(
          'deal_id',
          'in',
          deals.map((d) => d.id),
        )
        .where('state', '=', 'open')
        .where('expires_at', '>', now)
        .orderBy('expires_at')
        .limit(50)
        .execute()
    : [];
  const teams = await teamsWithMembers(db, operatorId, open);
  return { lines, teams, open };
}

/** Deals the shop shows: active ones on open campaigns (or one deal by id, whatever its state), each with its open teams. */
export async function shopTeamDeals(
  db: Executor,
  resident: { operatorId: string; id: string },
  now: Date,
  paidBefore: boolean,
  dealId?: string,
): Promise<Array<z.input<typeof teambuy.ShopTeamDeal>>> {
  let q = db.selectFrom('team_deals').selectAll().where('operator_id', '=', resident.operatorId);
  q = dealId ? q.where('id', '=', dealId) : q.where('status', '=', 'active');
  const deals = await q.orderBy('created_at', 'desc').limit(100).execute();
  const { lines, teams, open } = await shopDeals(db, resident.operatorId, deals, now);
  const windows = await campaignWindows(
    db,
    resident.operatorId,
    deals.map((d) => d.campaign_id),
  );
  return deals
    .filter((d) => {
      if (dealId) return true;
      const w = windows.get(d.campaign_id);
      return w?.status === 'open' && now.getTime() < w.cutoffAt.getTime();
    })
    .map((d) => {
      const line = lines.get(d.campaign_line_id);
      const cutoffAt = line?.cutoffAt ?? new Date(d.created_at);
      return {
        id: d.id,
        title: d.title,
        productName: line?.productName ?? '',
        groupPriceFen: line?.groupPriceFen ?? 0,
        teamPriceFen: d.team_price_fen,
        teamSize: d.team_size,
        timeLimitMinutes: d.time_limit_minutes,
        openerNewcomerOnly: d.opener_newcomer_only,
        status: d.status,
        cutoffAt: iso(cutoffAt),
        mayOpen:
          openingRefusal({ status: d.status, openerNewcomerOnly: d.opener_newcomer_only }, paidBefore) === null &&
          now.getTime() < cutoffAt.getTime(),
        openTeams: open.filter((t) => t.deal_id === d.id).map((t) => teams.get(t.id) as TeamDto),
      };
    });
}

/** One team as the shop shows it (from its share link), with the deal, the history and the resident's own standing. */
export async function shopTeam(
  db: Executor,
  resident: { operatorId: string; id: string },
  now: Date,
  paidBefore: boolean,
  teamId: string,
): Promise<z.input<typeof teambuy.ShopTeam>> {
  const team = await db
    .selectFrom('teams')
    .selectAll()
    .where('id', '=', teamId)
    .where('operator_id', '=', resident.operatorId)
    .executeTakeFirst();
  if (!team) throw new AppError('NOT_FOUND', 'team not found');
  const [deal] = await shopTeamDeals(db, resident, now, paidBefore, team.deal_id);
  if (!deal) throw new AppError('NOT_FOUND', 'team not found');
  const dto = (await teamsWithMembers(db, resident.operatorId, [team])).get(team.id) as TeamDto;
  const history = (await historyOf(db, resident.operatorId, [team.id])).get(team.id) ?? [];
  const mine = await db
    .selectFrom('team_orders')
    .select(['order_id', 'state', 'team_id'])
    .where('operator_id', '=', resident.operatorId)
    .where('resident_id', '=', resident.id)
    .where((eb) => eb.or([eb('team_id', '=', team.id), eb('wanted_team_id', '=', team.id)]))
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  const { openTeams: _open, ...dealDto } = deal;
  return {
    ...dto,
    deal: dealDto,
    mine: mine?.state === 'member' && mine.team_id === team.id,
    myOrderId: mine?.order_id ?? null,
    myOrderState: mine?.state ?? null,
    history: history.map((h) => ({ ...h, note: null })),
  };
}

/** The resident's team orders, newest first, with their teams. */
export async function myTeamOrders(
  db: Executor,
  resident: { operatorId: string; id: string },
): Promise<Array<z.input<typeof teambuy.MyTeamOrder>>> {
  const rows = await db
    .selectFrom('team_orders as o')
    .innerJoin('team_deals as d', 'd.id', 'o.deal_id')
    .select(['o.order_id', 'o.deal_id', 'd.title', 'o.state', 'o.team_id', 'o.wanted_team_id', 'o.note', 'o.created_at'])
    .where('o.operator_id', '=', resident.operatorId)
    .where('o.resident_id', '=', resident.id)
    .orderBy('o.created_at', 'desc')
    .limit(100)
    .execute();
  const teamIds = [...new Set(rows.flatMap((r) => [r.team_id ?? r.wanted_team_id].filter((x): x is string => x !== null)))];
  const teams = teamIds.length
    ? await db.selectFrom('teams').selectAll().where('operator_id', '=', resident.operatorId).where('id', 'in', teamIds).execute()
    : [];
  const dtos = await teamsWithMembers(db, resident.operatorId, teams);
  return rows.map((r) => {
    const teamId = r.team_id ?? r.wanted_team_id;
    return {
      orderId: r.order_id,
      dealId: r.deal_id,
      dealTitle: r.title,
      state: r.state,
      teamId,
      team: teamId ? (dtos.get(teamId) ?? null) : null,
      note: r.note,
      createdAt: iso(r.created_at),
    };
  });
}

/** Active deals a leader sells (their campaign is open through the leader), with the leader's share link and what it brought. */
export async function leaderTeamDeals(
  db: Executor,
  leader: { operatorId: string; id: string },
  now: Date,
): Promise<Array<z.input<typeof teambuy.LeaderTeamDeal>>> {
  const deals = await db
    .selectFrom('team_deals')
    .selectAll()
    .where('operator_id', '=', leader.operatorId)
    .where('status', '=', 'active')
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
  const lines = await dealLines(db, leader.operatorId, deals);
  const mine = deals.length
    ? await db
        .selectFrom('team_orders')
        .select((eb) => [
          'deal_id',
          eb.fn.countAll<number>().as('orders'),
          eb.fn.count<number>('order_id').filterWhere('state', '=', 'member').as('members'),
        ])
        .where('operator_id', '=', leader.operatorId)
        .where('shared_by_leader_id', '=', leader.id)
        .where(
          'deal_id',
          'in',
          deals.map((d) => d.id),
        )
        .groupBy('deal_id')
        .execute()
    : [];
  return deals.flatMap((d) => {
    const line = lines.get(d.campaign_line_id);
    if (line?.campaignStatus !== 'open' || now.getTime() >= line.cutoffAt.getTime()) return [];
    if (line.leaderScope === 'list' && !line.leaders.includes(leader.id)) return [];
    const m = mine.find((x) => x.deal_id === d.id);
    return [
      {
        id: d.id,
        title: d.title,
        productName: line.productName,
        groupPriceFen: line.groupPriceFen,
        teamPriceFen: d.team_price_fen,
        teamSize: d.team_size,
        cutoffAt: iso(line.cutoffAt),
        sharePath: shareLink(d, leader.id),
        myOrders: Number(m?.orders ?? 0),
        myMembers: Number(m?.members ?? 0),
      },
    ];
  });
}
