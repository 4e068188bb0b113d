import type { Campaign, CampaignLine } from './types.ts';

/** One line in the cart, with what is needed to show it even after its campaign has closed. */
export interface CartItem {
  lineId: string;
  campaignId: string;
  quantity: number;
  productName: string;
  spec: string;
  unit: string;
  image: string | null;
  groupPriceFen: number;
  pickupDate: string;
  cutoffAt: string;
}

/** The API's cap on one order line. */
export const MAX_PER_LINE = 999;

/** How many of a line I may still put in the cart: the stock left and my per-person limit minus what I bought. */
export function maxQuantity(line: Pick<CampaignLine, 'stockLeft' | 'perResidentLimit' | 'boughtByMe'>): number {
  let max = MAX_PER_LINE;
  if (line.stockLeft !== null) max = Math.min(max, line.stockLeft);
  if (line.perResidentLimit !== null) max = Math.min(max, line.perResidentLimit - line.boughtByMe);
  return Math.max(0, max);
}

/** A wanted quantity brought within 0 and the line's maximum (whole units). */
export function clampQuantity(quantity: number, line: Pick<CampaignLine, 'stockLeft' | 'perResidentLimit' | 'boughtByMe'>): number {
  const q = Number.isFinite(quantity) ? Math.floor(quantity) : 0;
  return Math.min(Math.max(0, q), maxQuantity(line));
}

/** The cart with a line set to a quantity (clamped; 0 removes it). */
export function setLineQuantity(items: readonly CartItem[], campaign: Campaign, line: CampaignLine, quantity: number): CartItem[] {
  const q = clampQuantity(quantity, line);
  const rest = items.filter((i) => i.lineId !== line.id);
  if (q === 0) return rest;
  const item: CartItem = {
    lineId: line.id,
    campaignId: campaign.id,
    quantity: q,
    productName: line.productName,
    spec: line.spec,
    unit: line.unit,
    image: line.images[0] ?? null,
    groupPriceFen: line.groupPriceFen,
    pickupDate: campaign.pickupDate,
    cutoffAt: campaign.cutoffAt,
  };
  const at = items.findIndex((i) => i.lineId === line.id);
  if (at < 0) return [...rest, item];
  const next = [...items];
  next[at] = item;
  return next;
}

export function cartCount(items: readonly CartItem[]): number {
  return items.reduce((s, i) => s + i.quantity, 0);
}

/** A cart line matched with its campaign as it is now. */
export interface CartEntry {
  item: CartItem;
  campaign: Campaign;
  line: CampaignLine;
  /** The quantity that can be ordered now (the cart's, clamped to stock and limit). */
  quantity: number;
  max: number;
  /** The cart asked for more than can be ordered now. */
  reduced: boolean;
  amountFen: number;
}

/** The lines picked up on one date: one order. */
export interface CartGroup {
  pickupDate: string;
  entries: CartEntry[];
  count: number;
  totalFen: number;
  listTotalFen: number;
}

export type UnavailableReason = 'closed' | 'soldOut' | 'limitReached';

export interface GroupedCart {
  groups: CartGroup[];
  unavailable: { item: CartItem; reason: UnavailableReason }[];
}

/**
 * Splits the cart into one group per pickup date (the API takes one date per order), priced
 * and clamped with the campaigns open now; lines of closed campaigns, sold out or at the
 * limit are set apart.
 */
export function groupCart(items: readonly CartItem[], campaigns: readonly Campaign[], now: number): GroupedCart {
  const open = new Map<string, { campaign: Campaign; line: CampaignLine }>();
  for (const campaign of campaigns) {
    if (Date.parse(campaign.cutoffAt) <= now) continue;
    for (const line of campaign.lines) open.set(line.id, { campaign, line });
  }
  const byDate = new Map<string, CartEntry[]>();
  const unavailable: GroupedCart['unavailable'] = [];
  for (const item of items) {
    const live = open.get(item.lineId);
    if (!live) {
      unavailable.push({ item, reason: 'closed' });
      continue;
    }
    const max = maxQuantity(live.line);
    if (max === 0) {
      const atLimit = live.line.perResidentLimit !== null && live.line.boughtByMe >= live.line.perResidentLimit;
      unavailable.push({ item, reason: atLimit ? 'limitReached' : 'soldOut' });
      continue;
    }
    const quantity = Math.min(item.quantity, max);
    const entry: CartEntry = {
      item,
      campaign: live.campaign,
      line: live.line,
      quantity,
      max,
      reduced: quantity < item.quantity,
      amountFen: quantity * live.line.groupPriceFen,
    };
    const date = live.campaign.pickupDate;
    byDate.set(date, [...(byDate.get(date) ?? []), entry]);
  }
  const groups = [...byDate.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([pickupDate, entries]) => ({
      pickupDate,
      entries,
      count: entries.reduce((s, e) => s + e.quantity, 0),
      totalFen: entries.reduce((s, e) => s + e.amountFen, 0),
      listTotalFen: entries.reduce((s, e) => s + e.quantity * e.line.listPriceFen, 0),
    }));
  return { groups, unavailable };
}

/** The body of POST shop/orders for one group. */
export function orderLines(group: CartGroup): { campaignLineId: string; quantity: number }[] {
  return group.entries.map((e) => ({ campaignLineId: e.line.id, quantity: e.quantity }));
}
