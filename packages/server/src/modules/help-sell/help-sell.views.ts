import type { helpSell } from '@linli/contracts';
import type { z } from 'zod';
import { addDays } from '../../platform/calendar.ts';
import type { Executor } from '../../platform/db/database.ts';
import { type HelpSellCampaign, helpSellCampaigns, helpSellTerms, platformBp, shareFen } from '../campaign/index.ts';
import { describeSkus, supplierNames } from '../catalog/index.ts';
import { supplierScorecards } from '../feedback/index.ts';
import { businessToday } from '../identity/index.ts';
import { leadersByIds } from '../leader/index.ts';
import { type HelpSellEarning, helpSellEarnings } from '../ledger/index.ts';

type Terms = z.output<typeof helpSell.HelpSellTerms>;
type LeaderCampaign = z.output<typeof helpSell.LeaderHelpSellCampaign>;
type SupplierCampaign = z.output<typeof helpSell.SupplierHelpSellCampaign>;

/** How far back a publishing supplier's scorecard looks. */
export const SCORECARD_DAYS = 30;

const noEarnings = { lines: 0, salesFen: 0, asSellerFen: 0, asPublisherFen: 0, sellers: 0 };
const earningsOf = (e: HelpSellEarning | undefined) =>
  e
    ? { lines: e.lines, salesFen: e.salesFen, asSellerFen: e.asSellerFen, asPublisherFen: e.asPublisherFen, sellers: e.sellers }
    : noEarnings;
const isSelling = (c: HelpSellCampaign, now: Date) =>
  c.status === 'scheduled' || (c.status === 'open' && c.cutoffAt.getTime() > now.getTime());

/** The names of the publishers and resellers of some campaigns. */
async function names(db: Executor, operatorId: string, leaders: Iterable<string>, suppliers: Iterable<string>) {
  const [l, s] = await Promise.all([leadersByIds(db, operatorId, [...leaders]), supplierNames(db, operatorId, suppliers)]);
  return { leader: (id: string) => l.get(id)?.name ?? id, supplier: (id: string) => s.get(id) ?? id };
}

/** A campaign's help-sell terms as staff see them in the campaign editor; null for an ordinary campaign. */
export async function campaignHelpSell(db: Executor, operatorId: string, campaignId: string): Promise<Terms | null> {
  const t = (await helpSellTerms(db, operatorId, [campaignId])).get(campaignId);
  if (!t) return null;
  const n = await names(
    db,
    operatorId,
    t.publisherKind === 'leader' ? [t.publisherId, ...t.resellers] : t.resellers,
    t.publisherKind === 'supplier' ? [t.publisherId] : [],
  );
  return {
    campaignId,
    publisherKind: t.publisherKind,
    publisherId: t.publisherId,
    publisherName: t.publisherKind === 'leader' ? n.leader(t.publisherId) : n.supplier(t.publisherId),
    sellerBp: t.sellerBp,
    publisherBp: t.publisherBp,
    platformBp: platformBp(t),
    resellers: t.resellers.map((id) => ({ id, name: n.leader(id) })),
  };
}

/**
 * A leader's 帮卖 list: the help-sell campaigns selling now that they may resell (sold through all
 * leaders or naming them) or that they publish, then the others they earned on; each with the
 * publisher (and a publishing supplier's scorecard), the split, what they earn per unit, whether
 * they opted in, and their earnings so far.
 */
export async function leaderHelpSell(
  db: Executor,
  operatorId: string,
  leaderId: string,
  now: Date,
): Promise<z.output<typeof helpSell.LeaderHelpSell>> {
  const [all, earnings] = await Promise.all([
    helpSellCampaigns(db, operatorId, {}),
    helpSellEarnings(db, operatorId, { kind: 'leader', id: leaderId }),
  ]);
  const mine = (c: HelpSellCampaign) => c.publisherKind === 'leader' && c.publisherId === leaderId;
  const shown = all.filter(
    (c) =>
      (isSelling(c, now) && (mine(c) || c.leaderScope === 'all' || c.leaders.includes(leaderId))) ||
      earnings.has(c.campaignId) ||
      c.resellers.includes(leaderId),
  );
  const suppliers = [...new Set(shown.filter((c) => c.publisherKind === 'supplier').map((c) => c.publisherId))];
  const today = await businessToday(db, operatorId, now);
  const [n, cards, skus] = await Promise.all([
    names(
      db,
      operatorId,
      shown.filter((c) => c.publisherKind === 'leader').map((c) => c.publisherId),
      suppliers,
    ),
    suppliers.length > 0 ? supplierScorecards(db, operatorId, addDays(today, -SCORECARD_DAYS), today) : Promise.resolve([]),
    describeSkus(
      db,
      operatorId,
      shown.flatMap((c) => c.lines.map((l) => l.skuId)),
    ),
  ]);
  const card = new Map(cards.map((c) => [c.supplierId, c]));
  const campaigns: LeaderCampaign[] = shown
    .map((c) => ({
      campaignId: c.campaignId,
      title: c.title,
      status: c.status,
      opensAt: c.opensAt.toISOString(),
      cutoffAt: c.cutoffAt.toISOString(),
      pickupDate: c.pickupDate,
      publisher: {
        kind: c.publisherKind,
        id: c.publisherId,
        name: c.publisherKind === 'leader' ? n.leader(c.publisherId) : n.supplier(c.publisherId),
      },
      scorecard: c.publisherKind === 'supplier' ? (card.get(c.publisherId) ?? null) : null,
      sellerBp: c.sellerBp,
      publisherBp: c.publisherBp,
      platformBp: platformBp(c),
      lines: c.lines.map((l) => {
        const sku = skus.get(l.skuId);
        return {
          skuId: l.skuId,
          title: sku ? `${sku.productName} ${sku.spec}` : l.skuId,
          groupPriceFen: l.groupPriceFen,
          sellerFen: shareFen(l.groupPriceFen, c.sellerBp),
        };
      }),
      resellers: c.resellers.length,
      mine: mine(c),
      optedIn: c.resellers.includes(leaderId),
      selling: isSelling(c, now),
      earnings: earningsOf(earnings.get(c.campaignId)),
    }))
    .sort((a, b) => Number(b.selling) - Number(a.selling) || a.cutoffAt.localeCompare(b.cutoffAt));
  const total = [...earnings.values()];
  return {
    campaigns,
    asSellerFen: total.reduce((s, e) => s + e.asSellerFen, 0),
    asPublisherFen: total.reduce((s, e) => s + e.asPublisherFen, 0),
  };
}

/** A supplier's help-sell campaigns with their split, how many leaders resell each, and the shares earned. */
export async function supplierHelpSell(
  db: Executor,
  operatorId: string,
  supplierId: string,
): Promise<z.output<typeof helpSell.SupplierHelpSell>> {
  const [list, earnings] = await Promise.all([
    helpSellCampaigns(db, operatorId, { publisher: { kind: 'supplier', id: supplierId } }),
    helpSellEarnings(db, operatorId, { kind: 'supplier', id: supplierId }),
  ]);
  const campaigns: SupplierCampaign[] = list.map((c) => ({
    campaignId: c.campaignId,
    title: c.title,
    status: c.status,
    cutoffAt: c.cutoffAt.toISOString(),
    pickupDate: c.pickupDate,
    sellerBp: c.sellerBp,
    publisherBp: c.publisherBp,
    platformBp: platformBp(c),
    resellers: c.resellers.length,
    earnings: earningsOf(earnings.get(c.campaignId)),
  }));
  return { campaigns, asPublisherFen: [...earnings.values()].reduce((s, e) => s + e.asPublisherFen, 0) };
}
