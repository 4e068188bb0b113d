/**
 * Report: campaign lines as the screens show them (the shop's campaigns, the leader app's
 * campaign list): each line's price, stock and limit with its SKU's product, spec, unit and photos.
 *
 * Why it joins across modules: a screen list by nature. The line's terms are campaign's and what
 * is sold is catalog's; the screens list every line of the campaigns they show, in one statement
 * their callers may select more of.
 */
import type { Executor } from '../../platform/db/database.ts';

/**
 * The lines of some campaigns with what a screen shows of each (product, spec, unit, photos,
 * prices, stock, per-resident limit), in the campaigns' order; callers join and select more.
 */
export function campaignLineRows(db: Executor, campaignIds: readonly string[]) {
  return db
    .selectFrom('campaign_lines as cl')
    .innerJoin('skus as s', 's.id', 'cl.sku_id')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .select([
      'cl.id',
      'cl.campaign_id',
      'cl.sku_id',
      'cl.group_price_fen',
      'cl.stock_total',
      'cl.reserved',
      'cl.per_resident_limit',
      's.spec',
      's.unit',
      's.images',
      's.list_price_fen',
      'p.name as product_name',
      'p.images as product_images',
    ])
    .where('cl.campaign_id', 'in', campaignIds)
    .orderBy('cl.sort')
    .orderBy('cl.id');
}

type CampaignLineRow = Awaited<ReturnType<ReturnType<typeof campaignLineRows>['execute']>>[number];

/** A campaign line as screens show it: the SKU's photos, else the product's; stock left, or null when unlimited. */
export function campaignLineView(l: CampaignLineRow) {
  return {
    id: l.id,
    skuId: l.sku_id,
    productName: l.product_name,
    spec: l.spec,
    unit: l.unit,
    images: l.images.length > 0 ? l.images : l.product_images,
    groupPriceFen: l.group_price_fen,
    listPriceFen: l.list_price_fen,
    stockLeft: l.stock_total === null ? null : l.stock_total - l.reserved,
  };
}
