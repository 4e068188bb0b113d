import type { Executor } from '../../platform/db/database.ts';

export interface SkuToBuy {
  productName: string;
  spec: string;
  unit: string;
  shelfLifeDays: number;
  costPriceFen: number;
}

/**
 * The operator's SKUs among `skuIds` as procurement buys them: what a purchase-order line names
 * and what it costs, by id (other operators' or unknown ids are absent).
 */
export async function skusToBuy(db: Executor, operatorId: string, skuIds: Iterable<string>): Promise<Map<string, SkuToBuy>> {
  const wanted = [...new Set(skuIds)];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .selectFrom('skus')
    .innerJoin('products', 'products.id', 'skus.product_id')
    .select([
      'skus.id',
      'products.name as productName',
      'skus.spec',
      'skus.unit',
      'products.shelf_life_days as shelfLifeDays',
      'skus.cost_price_fen as costPriceFen',
    ])
    .where('skus.operator_id', '=', operatorId)
    .where('skus.id', 'in', wanted)
    .execute();
  return new Map(rows.map(({ id, ...sku }) => [id, sku]));
}
