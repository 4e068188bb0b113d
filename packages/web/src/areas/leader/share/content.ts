import { yuan } from '../../../common/format.ts';
import type { Campaign, CampaignLine, PickupPoint } from '../api.ts';
import { MAX_ITEMS, type PosterContent, type PosterItem } from './poster.ts';

/** The lines worth showing first: best sellers at my points, then the deepest discount. */
export function topLines(lines: CampaignLine[], n = MAX_ITEMS): CampaignLine[] {
  const discount = (l: CampaignLine) => (l.listPriceFen > 0 ? 1 - l.groupPriceFen / l.listPriceFen : 0);
  return [...lines].sort((a, b) => b.soldQuantity - a.soldQuantity || discount(b) - discount(a) || a.id.localeCompare(b.id)).slice(0, n);
}

export function posterItem(l: CampaignLine): PosterItem {
  return {
    name: l.productName,
    spec: [l.spec, l.unit].filter(Boolean).join(' / '),
    groupPrice: yuan(l.groupPriceFen),
    listPrice: l.listPriceFen > l.groupPriceFen ? yuan(l.listPriceFen) : null,
  };
}

export interface PosterWords {
  brand: string;
  dayTitle: string;
  cutoff: (time: string) => string;
  pickup: (date: string) => string;
  more: (count: number) => string;
  scanHint: string;
}

/** What the poster of one campaign, or of all of today's open campaigns (`campaign` null), says. */
export function posterContent(
  campaigns: Campaign[],
  campaign: Campaign | null,
  point: PickupPoint,
  words: PosterWords,
  formatTime: (iso: string) => string,
  formatDate: (date: string) => string,
): PosterContent {
  const chosen = campaign ? [campaign] : campaigns.filter((c) => c.status === 'open');
  const lines = chosen.flatMap((c) => c.lines);
  const top = topLines(lines);
  const cutoffs = chosen.map((c) => c.cutoffAt).sort();
  const pickups = [...new Set(chosen.map((c) => c.pickupDate))].sort();
  const facts: string[] = [];
  if (cutoffs[0]) facts.push(words.cutoff(formatTime(cutoffs[0])));
  if (pickups.length) facts.push(words.pickup(pickups.map(formatDate).join(' / ')));
  return {
    brand: words.brand,
    title: campaign ? campaign.title : words.dayTitle,
    facts,
    items: top.map(posterItem),
    moreText: lines.length > top.length ? words.more(lines.length - top.length) : null,
    pointName: point.name,
    pointAddress: point.address,
    scanHint: words.scanHint,
  };
}

/** The shop link that binds a resident to my pickup point (my attribution). */
export function shareLink(origin: string, pointId: string): string {
  return `${origin}/shop/?point=${encodeURIComponent(pointId)}`;
}

/** A message to paste into the chat group: the title, the best lines with prices, when to order and pick up, the link. */
export function shareMessage(content: PosterContent, link: string, cta: string): string {
  const items = content.items.slice(0, 3).map((i) => `· ${i.name} ${i.groupPrice}${i.listPrice ? `（${i.listPrice}）` : ''}`);
  return [`【${content.title}】`, ...items, ...content.facts, `${cta} ${link}`].join('\n');
}
